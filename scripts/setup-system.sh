#!/bin/sh
# Install what saraban needs from the operating system, only when it is missing:
# LibreOffice Writer (headless) and its Python UNO bindings (python3-uno: the build keeps
# LibreOffice running and drives it from the system python3), the Laksaman Thai font
# (source of the TH SarabunPSK substitute), fontconfig, poppler-utils and zbar-tools
# (used by the tests), FriBiDi (Pillow's Thai shaping for the seal), and Python's venv module. Debian/Ubuntu: apt-get (through sudo when not root).
# Elsewhere: say what to install and stop.
set -eu

missing=""
need() { # need PACKAGE TEST-COMMAND...
  pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
have_font() { fc-list 2>/dev/null | grep -q "$1"; }

need libreoffice-writer-nogui sh -c 'command -v soffice || command -v libreoffice'
need python3-uno sh -c '/usr/bin/python3 -c "import uno" || python3 -c "import uno"'
need fontconfig command -v fc-match
need fonts-tlwg-laksaman-ttf have_font Laksaman
need poppler-utils command -v pdftoppm
need zbar-tools command -v zbarimg
need python3-venv python3 -c 'import ensurepip, venv'
# Pillow's libraqm shapes the Thai name on the stamped letter's seal; it loads FriBiDi at run time.
need libfribidi0 sh -c 'ldconfig -p | grep -q libfribidi.so.0'

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "saraban needs these (Debian package names):$missing" >&2
  echo "This system has no apt-get: install LibreOffice, the Laksaman font (TLWG), fontconfig," >&2
  echo "poppler and zbar with your package manager, then run make again." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
    echo "installing$missing needs root: run as root or install sudo" >&2; exit 1
  fi
fi
echo "installing system packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
