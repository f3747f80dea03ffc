"""Thai fonts for rendering letters: a metric-compatible substitute for TH SarabunPSK.

Letters name "TH SarabunPSK" 16 pt, which a fresh Debian machine lacks. Debian's
Laksaman (package ``fonts-tlwg-laksaman-ttf``, GPL-2+ with font exception) is the
same design drawn 1.5x larger. :func:`ensure_substitute` derives four TTFs from it
(unitsPerEm 1000 -> 1500 so glyphs draw at 1/1.5 size, TH SarabunPSK's vertical
metrics, hinting removed, renamed to :data:`SUBSTITUTE_FAMILY`), and
:func:`write_fontconfig` writes a fonts.conf under which the real font wins when it
is installed or supplied in a ``fonts/`` folder and the substitute is used
otherwise. :func:`unexpected_fonts` detects silent fallback in a rendered PDF.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.text.fontfiles import LAKSAMAN_PACKAGE, laksaman_files

if TYPE_CHECKING:     # fontTools is imported where a font is built: starting LibreOffice needs none
    from fontTools.ttLib import TTFont

SUBSTITUTE_FAMILY = "Saraban Substitute"
THAI_FAMILIES = ("TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙")

#: Bump when the recipe below changes, so cached fonts are rebuilt.
RECIPE_VERSION = "1"

#: Laksaman draws at 1000 units per em what TH SarabunPSK draws at ~667.
UNITS_PER_EM = 1500

# Vertical metrics of TH SarabunPSK (all four styles; read from the real
# THSarabun*.ttf with fontTools, unitsPerEm 1000) expressed in 1500 units (x1.5):
#   hhea ascent 850 / descent -250 / lineGap 30
#   OS/2 sTypoAscender 850 / sTypoDescender -250 / sTypoLineGap 60
#   OS/2 usWinAscent 850 / usWinDescent 250; fsSelection USE_TYPO_METRICS unset.
HHEA_ASCENT, HHEA_DESCENT, HHEA_LINE_GAP = 1275, -375, 45
TYPO_ASCENDER, TYPO_DESCENDER, TYPO_LINE_GAP = 1275, -375, 90
WIN_ASCENT, WIN_DESCENT = 1275, 375
USE_TYPO_METRICS = 1 << 7

#: Laksaman's advance widths are, per glyph, 0-2.5 units (of 1500) wider than
#: TH SarabunPSK's x1.5 (mean +1.3 for Thai letters, +1 for digits; spaces exact),
#: enough to change a line break now and then. Every non-zero advance except the
#: space characters' is trimmed by this many units (the glyph outlines and their
#: left side bearings are untouched; right side bearings shrink by 1/1500 em).
ADVANCE_TRIM = 1
SPACE_CODEPOINTS = (0x20, 0xA0)


HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "FFTM")


def escape(text: str) -> str:
    """XML-escape ``text`` (xml.sax.saxutils would import urllib and http: slow to start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FontError(Exception):
    """A font needed to render letters is missing or unusable."""


@dataclass(frozen=True)
class Style:
    """One of the four styles: its name-table subfamily and OS/2/head bits."""

    name: str  # name ID 2 / 17, e.g. "Bold Italic"
    suffix: str  # PostScript/file suffix, e.g. "BoldItalic"
    bold: bool
    italic: bool

    @property
    def laksaman_file(self) -> str:
        """Debian's file name for this style of Laksaman."""
        return "Laksaman.ttf" if self.suffix == "Regular" else f"Laksaman-{self.suffix}.ttf"

    @property
    def postscript_name(self) -> str:
        """PostScript name (name ID 6) of this style of the substitute."""
        base = SUBSTITUTE_FAMILY.replace(" ", "")
        return base if self.suffix == "Regular" else f"{base}-{self.suffix}"

    @property
    def file_name(self) -> str:
        """File name of this style of the substitute in the cache."""
        return f"{SUBSTITUTE_FAMILY.replace(' ', '')}-{self.suffix}.ttf"


STYLES = (
    Style("Regular", "Regular", False, False),
    Style("Bold", "Bold", True, False),
    Style("Italic", "Italic", False, True),
    Style("Bold Italic", "BoldItalic", True, True),
)


# --------------------------------------------------------------------------
# Building the substitute
# --------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/saraban/fonts``, or ``~/.cache/saraban/fonts``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "saraban" / "fonts"


def find_laksaman() -> dict[str, Path]:
    """Map each style suffix to its Laksaman TTF; raise FontError if any is missing."""
    found: dict[str, Path] = {}
    by_name = laksaman_files()
    for style in STYLES:
        if style.laksaman_file in by_name:
            found[style.suffix] = by_name[style.laksaman_file]
    missing = [s.laksaman_file for s in STYLES if s.suffix not in found]
    if missing:
        raise FontError(
            f"Laksaman font files not found ({', '.join(missing)}); they are needed to build the "
            f"'{SUBSTITUTE_FAMILY}' substitute for TH SarabunPSK. Install Debian's "
            f"'{LAKSAMAN_PACKAGE}' package (apt-get install {LAKSAMAN_PACKAGE}), or put the real "
            "TH SarabunPSK TTFs in the letters tree's fonts/ folder."
        )
    return found


def recipe_key(sources: dict[str, Path]) -> str:
    """Short hash of the source files' bytes and RECIPE_VERSION."""
    digest = hashlib.sha256(f"recipe {RECIPE_VERSION}\n".encode())
    for suffix in sorted(sources):
        digest.update(suffix.encode() + b"\0")
        digest.update(sources[suffix].read_bytes())
    return digest.hexdigest()[:16]


def _set_names(font: TTFont, style: Style) -> None:
    """Rename the font to SUBSTITUTE_FAMILY, keeping copyright/licence records."""
    name = font["name"]
    family = SUBSTITUTE_FAMILY
    full = family if style.suffix == "Regular" else f"{family} {style.name}"
    old_version = (name.getDebugName(5) or "").strip()
    copyright_ = (name.getDebugName(0) or "").rstrip()
    notice = (
        f"\n\n{family} (derived from Laksaman by the saraban letter generator, recipe "
        f"{RECIPE_VERSION}): units per em changed to {UNITS_PER_EM}, vertical metrics changed, "
        f"advance widths trimmed by {ADVANCE_TRIM} unit, hinting removed, renamed. Distributed under the same licence as Laksaman."
    )
    records = {
        0: copyright_ + notice,
        1: family,
        2: style.name,
        3: f"{full}; saraban-{RECIPE_VERSION}; derived from Laksaman {old_version}",
        4: full,
        5: f"{old_version}; saraban substitute {RECIPE_VERSION}",
        6: style.postscript_name,
        16: family,
        17: style.name,
    }
    keep = {0, 7, 8, 9, 11, 12, 13, 14}
    name.names = [r for r in name.names if r.nameID in keep and r.nameID not in records]
    for name_id, text in records.items():
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)


def _drop_hinting(font: TTFont) -> None:
    """Remove TrueType hinting programs and tables tied to hinted rendering."""
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for glyph_name in glyf.keys():
        glyph = glyf[glyph_name]  # __getitem__ expands the glyph
        if hasattr(glyph, "program"):
            from fontTools.ttLib.tables import ttProgram

            glyph.program = ttProgram.Program()
            glyph.program.fromBytecode(b"")
    maxp = font["maxp"]
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        if hasattr(maxp, attr):
            setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    if "gasp" in font:
        font["gasp"].version = 1
        font["gasp"].gaspRange = {0xFFFF: 0x000A}  # grayscale + symmetric smoothing
    font["head"].flags &= ~(1 << 3)  # no "force integer ppem": nothing to hint


def _set_metrics(font: TTFont, style: Style) -> None:
    """Units per em 1500 and TH SarabunPSK's vertical metrics; style bits."""
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    head.unitsPerEm = UNITS_PER_EM
    hhea.ascent, hhea.descent, hhea.lineGap = HHEA_ASCENT, HHEA_DESCENT, HHEA_LINE_GAP
    os2.sTypoAscender, os2.sTypoDescender = TYPO_ASCENDER, TYPO_DESCENDER
    os2.sTypoLineGap = TYPO_LINE_GAP
    os2.usWinAscent, os2.usWinDescent = WIN_ASCENT, WIN_DESCENT
    os2.usWeightClass = 700 if style.bold else 400
    sel = os2.fsSelection & ~(USE_TYPO_METRICS | 0b1100001)  # clear typo, regular, bold, italic
    sel |= (1 << 5 if style.bold else 0) | (1 << 0 if style.italic else 0)
    os2.fsSelection = sel | (1 << 6 if not (style.bold or style.italic) else 0)
    head.macStyle = (1 if style.bold else 0) | (2 if style.italic else 0)


def _trim_advances(font: TTFont) -> None:
    """Narrow every non-zero advance by ADVANCE_TRIM units, except the spaces."""
    cmap = font.getBestCmap()
    keep = {cmap[cp] for cp in SPACE_CODEPOINTS if cp in cmap}
    hmtx = font["hmtx"]
    for glyph_name, (advance, lsb) in list(hmtx.metrics.items()):
        if advance > ADVANCE_TRIM and glyph_name not in keep:
            hmtx.metrics[glyph_name] = (advance - ADVANCE_TRIM, lsb)
    font["hhea"].advanceWidthMax = max(a for a, _ in hmtx.metrics.values())


def build_substitute(source: Path, style: Style, dest: Path) -> None:
    """Derive one style of the substitute from a Laksaman TTF, writing it atomically."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    _set_metrics(font, style)
    _trim_advances(font)
    _drop_hinting(font)
    _set_names(font, style)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            font.save(handle)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_substitute(cache_dir: Path | None = None) -> Path:
    """Return a folder holding the four substitute TTFs, building them if needed.

    The folder is ``<cache_dir>/substitute-<hash>`` where the hash covers the Laksaman files
    and RECIPE_VERSION, so fonts are rebuilt only when either changes. Files are
    written to a temp name and renamed, so concurrent callers are safe.
    """
    sources = find_laksaman()
    out = Path(cache_dir or default_cache_dir()) / f"substitute-{recipe_key(sources)}"
    for style in STYLES:
        dest = out / style.file_name
        if not dest.is_file():
            build_substitute(sources[style.suffix], style, dest)
    return out


# --------------------------------------------------------------------------
# fontconfig
# --------------------------------------------------------------------------


def fontconfig_xml(font_dirs: list[Path], cache_dir: Path) -> str:
    """The text of a fonts.conf: system config + font_dirs + Thai aliases."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f"  <cachedir>{escape(str(cache_dir))}</cachedir>",
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ]
    lines += [f"  <dir>{escape(str(Path(d).resolve()))}</dir>" for d in font_dirs]
    # TH SarabunIT๙ files also carry "TH SarabunPSK" as their typographic family
    # (name ID 16), so fontconfig lists them under both names and a letter naming
    # TH SarabunPSK could get IT๙'s Thai-shaped Arabic digits. Keep only IT๙'s own name.
    lines += [
        '  <match target="scan">',
        '    <test name="family" compare="eq"><string>TH SarabunIT๙</string></test>',
        '    <edit name="family" mode="assign_replace"><string>TH SarabunIT๙</string></edit>',
        '    <edit name="familylang" mode="assign_replace"><string>en</string></edit>',
        "  </match>",
    ]
    for family in THAI_FAMILIES:
        lines += [
            '  <alias binding="same">',
            f"    <family>{escape(family)}</family>",
            f"    <accept><family>{escape(SUBSTITUTE_FAMILY)}</family></accept>",
            "  </alias>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def write_fontconfig(conf_dir: Path, font_dirs: list[Path]) -> Path:
    """Write ``conf_dir/fonts.conf`` and return its path.

    ``font_dirs`` are extra font folders (e.g. the substitute folder from
    :func:`ensure_substitute` and a letters tree's ``fonts/`` folder with the
    real TTFs). Each name in THAI_FAMILIES falls back to SUBSTITUTE_FAMILY, so
    the real font wins when present. Point ``FONTCONFIG_FILE`` at the result
    (also in soffice's environment).
    """
    conf_dir = Path(conf_dir)
    conf_dir.mkdir(parents=True, exist_ok=True)
    text = fontconfig_xml(list(font_dirs), (conf_dir / "fc-cache").resolve())
    conf = conf_dir / "fonts.conf"
    fd, tmp = tempfile.mkstemp(prefix=".fonts.conf.", dir=conf_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, conf)
    except BaseException:              # a full disk, Ctrl+C: no .fonts.conf.XXXX left behind
        Path(tmp).unlink(missing_ok=True)
        raise
    return conf


def fc_match(family: str, conf: Path, style: str = "") -> str:
    """Family that fontconfig picks for ``family`` under the given fonts.conf."""
    pattern = f"{family}:style={style}" if style else family
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    exe = shutil.which("fc-match")
    if exe is None:
        raise FontError("fc-match not found; install Debian's 'fontconfig' package")
    out = subprocess.run(
        [exe, "-f", "%{family[0]}", pattern], capture_output=True, text=True, env=env, check=True
    )
    return out.stdout.strip()


# --------------------------------------------------------------------------
# Checking fonts in a rendered PDF
# --------------------------------------------------------------------------

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_TAIL = re.compile(r"[-,](bold|italic|oblique|bolditalic|boldoblique|regular|book)$", re.I)


def strip_subset(name: str) -> str:
    """``ABCDEF+SarabanSubstitute-Bold`` -> ``SarabanSubstitute-Bold``."""
    return _SUBSET_PREFIX.sub("", name)


def _low_byte(char: str) -> str:
    """LibreOffice writes a non-ASCII PostScript-name character as its low byte
    (``THSarabunIT๙`` -> ``THSarabunITY``, U+0E59 -> 0x59); do the same."""
    if char.isascii():
        return char
    low = chr(ord(char) & 0xFF)
    return low if low.isascii() and low.isalnum() else ""


def normalise_font_name(name: str) -> str:
    """Family key of a PostScript or family name: no subset tag, style, spaces, case.

    ``ABCDEF+SarabanSubstitute-BoldItalic`` and ``Saraban Substitute`` both give
    ``sarabansubstitute``; ``TH SarabunIT๙`` and ``THSarabunITY-Bold`` both give
    ``thsarabunity``.
    """
    base = _STYLE_TAIL.sub("", strip_subset(name).strip())
    base = "".join(_low_byte(c) for c in base)
    return re.sub(r"[\s_\-]", "", base).casefold()


def allowed_font_names(*families: str) -> set[str]:
    """Normalised keys accepted for these families (see normalise_font_name)."""
    return {normalise_font_name(f) for f in families}


def pdf_fonts(pdf: Path) -> set[str]:
    """Base names (subset prefix stripped) of all fonts the PDF's pages use, also inside
    form XObjects. Read with pikepdf: no text is decoded, so this is the quick look."""
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return fonts_of(doc)


def fonts_of(doc) -> set[str]:
    """:func:`pdf_fonts` of a PDF already open in pikepdf."""
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()
    for page in doc.pages:
        _collect_fonts(_page_resources(page.obj), names, seen)
    return names


def _page_resources(page):
    """The page's /Resources, inherited from the page tree when the page has none."""
    node = page
    while node is not None and "/Resources" not in node:
        node = node.get("/Parent")
    return node.Resources if node is not None else {}


def _collect_fonts(resources, names: set[str], seen: set[tuple[int, int]]) -> None:
    """Add the /BaseFont of every font in ``resources`` and, recursively, in its forms."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return
    for font in resources.get("/Font", {}).values():
        if font.get("/Subtype") == pikepdf.Name.Type0:     # the name of the font program itself,
            font = font.DescendantFonts[0]                 # as PDFium reports it in text_fonts
        basefont = font.get("/BaseFont")
        if basefont is not None:
            names.add(strip_subset(str(basefont).lstrip("/")))
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") != pikepdf.Name.Form or xobject.objgen in seen:
            continue
        if xobject.is_indirect:                    # a form reused on every page is read once
            seen.add(xobject.objgen)
        _collect_fonts(xobject.get("/Resources"), names, seen)


def text_fonts(pdf: Path) -> set[str]:
    """Base names of fonts that draw visible (non-blank) text in the PDF.

    PDFium (pypdfium2) decodes each text object's glyphs to Unicode, so a font that draws
    only spaces (LibreOffice may take a tab or a space from another font) does not count."""
    import pypdfium2 as pdfium

    names: set[str] = set()
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            textpage = page.get_textpage()
            for text in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT], textpage=textpage):
                if text.extract().strip():
                    names.add(strip_subset(text.get_font().get_base_name()))
    finally:
        doc.close()
    return names


def unexpected_fonts(pdf: Path, allowed: set[str], used: set[str] | None = None) -> set[str]:
    """Text fonts of the PDF whose family is not in ``allowed``.

    ``allowed`` holds family names or PostScript names in any form (e.g.
    ``{"TH SarabunPSK", SUBSTITUTE_FAMILY}``); they are normalised. A non-empty
    result means some text silently fell back to another font (DejaVu etc.). ``used``: the
    PDF's :func:`pdf_fonts`, when the caller has the file open already.
    """
    keys = allowed_font_names(*allowed)
    if all(normalise_font_name(f) in keys for f in (pdf_fonts(pdf) if used is None else used)):
        return set()            # no other font in the file at all: no need to read the text
    return {f for f in text_fonts(pdf) if normalise_font_name(f) not in keys}
