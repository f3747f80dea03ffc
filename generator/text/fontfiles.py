"""Where font files are: Debian's Laksaman (TLWG's TH Sarabun design, the source of the
substitute) and the TTFs of a letters tree's ``fonts/`` folders, found by family and weight."""
from __future__ import annotations

import subprocess
from pathlib import Path

LAKSAMAN_PACKAGE = "fonts-tlwg-laksaman-ttf"
LAKSAMAN_DIRS = (
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/opentype/tlwg"),
    Path("/usr/share/fonts/tlwg"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)
BOLD_WEIGHT = 600          # OS/2 usWeightClass from SemiBold up


def _fc_list(family: str) -> list[Path]:
    """The files fontconfig knows for ``family`` (empty if fc-list is missing)."""
    try:
        out = subprocess.run(["fc-list", family, "file"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]


def laksaman_files() -> dict[str, Path]:
    """Debian's file name (``Laksaman-Bold.ttf``) → the file, for every Laksaman file found."""
    candidates = [folder / name for folder in LAKSAMAN_DIRS if folder.is_dir()
                  for name in sorted(p.name for p in folder.glob("Laksaman*.ttf"))]
    found: dict[str, Path] = {}
    for path in [*candidates, *_fc_list("Laksaman")]:
        if path.is_file():
            found.setdefault(path.name, path)
    return found


def family_file(folders: list[Path], family: str, bold: bool) -> Path | None:
    """The upright TTF of ``family`` (name ID 16 or 1) of the wanted weight in ``folders``."""
    from fontTools.ttLib import TTFont, TTLibError  # only when a font is looked for

    for folder in folders:
        for path in sorted(folder.glob("*.[tT][tT][fF]")):
            try:
                with TTFont(path, lazy=True) as font:
                    names = {font["name"].getDebugName(i) for i in (1, 16)}
                    weight = font["OS/2"].usWeightClass
                    italic = bool(font["head"].macStyle & 0b10)
            except (TTLibError, KeyError, OSError, AttributeError):
                continue
            if family in names and not italic and (weight >= BOLD_WEIGHT) == bold:
                return path
    return None
