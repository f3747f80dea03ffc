"""The DOCX's XML, shared by the render stage and the engines: rewriting a package's parts (a ZIP
file), WordprocessingML's namespace, and a run's properties with the Thai font in every slot."""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import IO, Callable


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value (what xml.sax.saxutils.quoteattr gives a
    value without quotes; that module imports urllib, http and ssl: a tenth of a second to start)."""
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                        ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;")):
        value = value.replace(raw, entity)
    return f'"{value}"'


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word's PAGE field with Thai digits; the template's page numbers use it.
THAI_PAGE_FIELD = " PAGE \\* ThaiArabic "
# The page numbers' paragraph style (templates' headers): its space before places the number.
PAGE_NUMBER_STYLE = "Saraban Page Number"
PAGE_NUMBER_CM = 3.0        # the number's baseline from the paper's top edge (typing guide: about 3 cm)
HEADER_DISTANCE_CM = 0.6    # the header's top from the paper's top edge
SECRECY_LINE_PT = 23        # the header's first line (the secrecy mark's, or empty), exactly
_BASELINE_EM = 0.88         # a TH Sarabun line's baseline below its top, in ems, as both engines set it
_POINTS_PER_CM = 72 / 2.54


def page_number_space_before(baseline_cm: float = PAGE_NUMBER_CM, size_pt: float = 16) -> float:
    """The page number's space before (pt) that puts its baseline ``baseline_cm`` below the
    paper's top edge, under the header distance and the secrecy mark's line."""
    return round((baseline_cm - HEADER_DISTANCE_CM) * _POINTS_PER_CM - SECRECY_LINE_PT - _BASELINE_EM * size_pt, 1)


# A fixed time for every entry: the same letter gives the same DOCX bytes.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def w(tag: str) -> str:
    """``{namespace}tag`` of a WordprocessingML element or attribute, for lxml."""
    return f"{{{W}}}{tag}"


def run_properties(font: str, size_pt: float, *, extra: str = "", colour: str | None = None) -> str:
    """A run's ``w:rPr``: the Thai font in all four slots, ``extra`` (``<w:b/><w:bCs/>``…), the
    colour, both sizes and th-TH, in the schema's order (ECMA-376 §17.3.2.28)."""
    face = quoteattr(font)
    size = round(size_pt * 2)
    return (f"<w:rPr><w:rFonts w:ascii={face} w:hAnsi={face} w:cs={face} w:eastAsia={face}/>{extra}"
            + (f'<w:color w:val="{colour}"/>' if colour else "")
            + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            '<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/></w:rPr>')


def is_xml_part(name: str) -> bool:
    """A ``word/*.xml`` part: the ones the generator edits."""
    return name.startswith("word/") and name.endswith(".xml")


def write_package(target: Path | IO[bytes], entries: dict[str, bytes], compress: bool = True) -> None:
    """Zip ``entries`` into ``target`` with every entry's time fixed (the same letter gives the
    same bytes); stored uncompressed when not ``compress`` (a file that only lives for a build).
    An entry a package before had too (styles, theme, fonts, the emblem: all but the text) is not
    compressed again: its deflated bytes are reused, the same bytes zipfile would write."""
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(target, "w", method) as out:
        for name, data in entries.items():
            entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            entry.compress_type = method
            entry.external_attr = 0o644 << 16
            if not compress or name == _OWN_TEXT:
                out.writestr(entry, data)
                continue
            entry.file_size = len(data)                 # as writestr does
            with out.open(entry, mode="w") as dest:
                if hasattr(dest, "_compressor"):        # zipfile's deflater, replaced by one that knows
                    dest._compressor = _Deflated(_deflated(data))
                dest.write(data)


_OWN_TEXT = "word/document.xml"      # a letter's own: no other package has the same
_DEFLATED: dict[bytes, bytes] = {}
_DEFLATED_ENTRIES = 256


def _deflated(data: bytes) -> bytes:
    """``data`` deflated as zipfile deflates it (raw DEFLATE at zlib's default level, one chunk);
    computed once per process for the same bytes."""
    found = _DEFLATED.get(data)
    if found is None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        found = compressor.compress(data) + compressor.flush()
        if len(_DEFLATED) >= _DEFLATED_ENTRIES:
            _DEFLATED.clear()
        _DEFLATED[data] = found
    return found


class _Deflated:
    """A compressor for zipfile that gives bytes deflated already (in one chunk: writestr's way)."""

    def __init__(self, deflated: bytes):
        self.deflated = deflated

    def compress(self, data: bytes) -> bytes:
        return self.deflated

    def flush(self) -> bytes:
        return b""


def rewrite_xml_parts(source: Path, target: Path, transform: Callable[[str, str], str]) -> None:
    """Copy ``source`` to ``target`` (they may be the same file) with every ``word/*.xml``
    part passed through ``transform(name, xml)``, and every entry's time fixed."""
    with zipfile.ZipFile(source) as original:
        entries = {info.filename: original.read(info) for info in original.infolist()}
    write_package(target, {name: transform(name, data.decode("utf-8")).encode("utf-8") if is_xml_part(name) else data
                           for name, data in entries.items()})


# ----------------------------------------------------------------- unused styles
# python-docx's default template brings 165 style definitions (350 kB of styles.xml) and
# Word 2010's 440 kB stylesWithEffects.xml: every letter would parse, write, zip and have
# LibreOffice read them. Word keeps its built-in styles as latent styles anyway.

UNREAD_PART = "word/stylesWithEffects.xml"
_STYLE = re.compile(r'<w:style [^>]*?w:styleId="([^"]+)"[^>]*>.*?</w:style>', re.S)
_STYLE_REF = re.compile(r'<w:(?:pStyle|rStyle|tblStyle|numStyle|basedOn|link|next|styleLink|numStyleLink) w:val="([^"]+)"')


def used_styles(styles_xml: str, parts: dict[str, str]) -> str:
    """``styles.xml`` with only the styles the other ``parts`` refer to, the defaults, the
    template's own (custom) styles, which rendered XML may name, and those they build on
    (``basedOn``, ``link``, ``next``)."""
    styles = {m.group(1): m.group(0) for m in _STYLE.finditer(styles_xml)}
    wanted = {ref for name, xml in parts.items() if name != "word/styles.xml" for ref in _STYLE_REF.findall(xml)}
    wanted |= {name for name, xml in styles.items()
               if 'w:default="1"' in xml.split(">", 1)[0] or 'w:customStyle="1"' in xml.split(">", 1)[0]}
    todo = list(wanted)
    while todo:
        for ref in _STYLE_REF.findall(styles.get(todo.pop(), "")):
            if ref not in wanted:
                wanted.add(ref)
                todo.append(ref)
    return _STYLE.sub(lambda m: m.group(0) if m.group(1) in wanted else "", styles_xml)


def without_unread_parts(entries: dict[str, bytes]) -> dict[str, bytes]:
    """The package's entries without stylesWithEffects.xml and the references to it."""
    out = {}
    for name, data in entries.items():
        if name == UNREAD_PART:
            continue
        if name == "[Content_Types].xml":
            data = re.sub(rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>', b"", data)
        elif name == "word/_rels/document.xml.rels":
            data = re.sub(rb'<Relationship [^>]*Target="stylesWithEffects.xml"[^>]*/>', b"", data)
        out[name] = data
    return out


def lean_package(docx: Path) -> bytes:
    """``docx`` (a template) without unused styles and stylesWithEffects.xml, as ZIP bytes."""
    import io

    with zipfile.ZipFile(docx) as source:
        entries = without_unread_parts({info.filename: source.read(info) for info in source.infolist()})
    xml = {name: data.decode("utf-8") for name, data in entries.items() if is_xml_part(name)}
    if "word/styles.xml" in xml:
        entries["word/styles.xml"] = used_styles(xml["word/styles.xml"], xml).encode("utf-8")
    buffer = io.BytesIO()
    write_package(buffer, entries, compress=False)
    return buffer.getvalue()
