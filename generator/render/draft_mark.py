"""The draft mark: a light grey diagonal ``ร่าง`` behind the text of every page of a letter
not yet issued (``number: auto``), drawn in the DOCX's page headers as Word draws its own
watermark, so Word, LibreOffice and the PDF made of the DOCX all show it.

The mark is a text box (a DrawingML ``wps`` shape with its text in ``w:txbxContent``), not
Word's legacy WordArt watermark (VML ``v:textpath``). Measured on LibreOffice 7.4: WordArt comes
in as Fontwork, which is exported to PDF as outlines (no text to search or copy) and draws the
Thai unshaped (the tone mark of ร่าง floats a line above ร). A text box's text is ordinary text,
shaped by both Word and LibreOffice, in the letter's font and searchable in the PDF.

Like a watermark, the box is anchored in each header, behind the text, centred on the page and
turned along the page's diagonal (reading up from bottom left). LibreOffice 7.4 cannot turn a
Writer text frame: a clerk opening the DOCX in LibreOffice sees the mark level, centred; the
build's LibreOffice engine turns it (``generator/pdf/engines/uno_worker.py``). The shapes are
named as Word names its own watermark shapes (``PowerPlusWaterMarkObject…``), which is how the
worker finds them.

The markup follows what Word 2010 and later write for a floating text box: ``mc:AlternateContent``
with the ``wps`` shape as the choice and a VML text box as the fallback for older readers, in
the element order of ECMA-376 Part 1 (``wp:anchor`` §20.4.2.3, ``w:rPr`` §17.3.2.28) and of
Microsoft's [MS-ODRAWXML] ``wps:wsp`` (cNvSpPr, spPr, txbx, bodyPr). Every page of every
section gets it: a section without a header of a kind it shows (default; first page with
``w:titlePg``; even pages with ``w:evenAndOddHeaders``) gets one, and a header's own content is
kept. Ids are fixed (numbered after the package's highest), so the same letter gives the same bytes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE, NAMESPACE, RELATIONSHIP_TYPE
from lxml import etree

from generator.render.docxzip import W, quoteattr, run_properties, w

DRAFT_WORD = "ร่าง"
COLOUR = "D9D9D9"            # light grey: the letter's black text stays readable over it
SIZE_PT = 480                # the word is about 470 pt long: half the A4 diagonal
WATERMARK_NAME = "PowerPlusWaterMarkObject"   # Word's name for its watermark shapes
A4_TWIPS = (11906, 16838)

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = NAMESPACE.OPC_RELATIONSHIPS
CONTENT_TYPES = NAMESPACE.OPC_CONTENT_TYPES
HEADER_REL = RELATIONSHIP_TYPE.HEADER
HEADER_TYPE = CONTENT_TYPE.WML_HEADER
NAMESPACES = {
    "w": W, "r": R,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}
XMLNS = " ".join(f"xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in NAMESPACES.items())
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
EMU_PER_PT = 12700
# The box holds one line of the word with room to spare: Thai fonts of the TH Sarabun kind are
# 0.93–0.98 em wide for ร่าง and 1.1 em high (ascent 0.85, descent 0.25). A DOCX opened where the
# letter's font is missing gets a wider, taller fallback font (LibreOffice's 1.1 × 1.2 em box cut the
# word's last letter off and wrapped it): the box has no fill and no line, so room costs nothing.
BOX_EM = (1.5, 1.6)


@dataclass(frozen=True)
class Mark:
    """What a page mark says, in which colour and size, and its box in em of that size."""

    word: str
    colour: str
    size_pt: float
    box_em: tuple[float, float] = BOX_EM


DRAFT = Mark(DRAFT_WORD, COLOUR, SIZE_PT)
# A cancelled letter (status: cancelled): ยกเลิก in red across every page, as a clerk stamps a
# cancelled copy, so that it can never pass for a letter to send; a light red (F08080), so that the
# text under it stays readable. The word is about 1.6 em long:
# at 300 pt it is some 480 pt, the draft mark's length.
CANCELLED = Mark("ยกเลิก", "F08080", 300, (2.5, 1.6))


def _word_paragraph(font: str, mark: Mark = DRAFT) -> str:
    """The box's one paragraph: the word, centred, single-spaced, no space around."""
    look = run_properties(font, mark.size_pt, extra="<w:b/><w:bCs/>", colour=mark.colour)
    return ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/>'
            f'{look}</w:pPr><w:r>{look}'
            f'<w:t>{mark.word}</w:t></w:r></w:p>')


def page_angle(width: float, height: float) -> float:
    """The angle of the page's diagonal from bottom left to top right, in degrees."""
    return math.degrees(math.atan2(height, width))


def mark_run(font: str, angle: float, number: int, shape_id: int, mark: Mark = DRAFT) -> str:
    """The run that anchors the mark: the text box turned ``angle`` degrees anticlockwise,
    centred on the page, behind the text. Namespaces are declared on the run itself, so it can
    go into any header whatever its root declares."""
    width, height = (round(mark.size_pt * em * EMU_PER_PT) for em in mark.box_em)
    width_pt, height_pt = (mark.size_pt * em for em in mark.box_em)
    rot = round((360 - angle) % 360 * 60000)              # DrawingML: clockwise, 60000ths of a degree
    name = f"{WATERMARK_NAME}{number}"
    text = f"<w:txbxContent>{_word_paragraph(font, mark)}</w:txbxContent>"
    anchor = (
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251657216"'
        ' behindDoc="1" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:align>center</wp:align></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{shape_id}" name="{name}" descr="{mark.word}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm rot="{rot}"><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx>{text}</wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr"'
        ' anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor>')
    fallback = (
        '<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="{name}" o:spid="_x0000_s{2048 + number}" type="#_x0000_t202" o:allowincell="f"'
        f' style="position:absolute;margin-left:0;margin-top:0;width:{width_pt:g}pt;height:{height_pt:g}pt;'
        f'rotation:{-angle:.2f};z-index:-251657216;mso-wrap-style:none;mso-position-horizontal:center;'
        'mso-position-horizontal-relative:page;mso-position-vertical:center;mso-position-vertical-relative:page;'
        'v-text-anchor:middle" filled="f" stroked="f">'
        f'<v:textbox inset="0,0,0,0">{text}</v:textbox><w10:wrap anchorx="page" anchory="page"/></v:shape></w:pict>')
    return (f'<w:r {XMLNS}>{run_properties(font, 16, extra="<w:noProof/>")}'
            f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{anchor}</w:drawing></mc:Choice>'
            f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>')


def empty_header(font: str) -> bytes:
    """A header part with one paragraph 1 pt high, to carry the mark without moving the text."""
    return XML_DECLARATION + (
        f'<w:hdr {XMLNS}><w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        f'{run_properties(font, 1)}</w:pPr></w:p></w:hdr>').encode("utf-8")


# ----------------------------------------------------------------------------- the package


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))


def _serialise(root: etree._Element) -> bytes:
    return XML_DECLARATION + etree.tostring(root, encoding="utf-8")


def _sections(document: etree._Element) -> list[etree._Element]:
    """The sections' properties, in the document's order (the body's own one last); not the
    earlier properties a tracked change keeps."""
    return [section for section in document.iter(w("sectPr")) if section.getparent().tag != w("sectPrChange")]


def _on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and element.get(w("val"), "true") not in ("false", "0", "off")


def _kinds_shown(sections: list[etree._Element], settings: bytes | None) -> list[str]:
    """The kinds of header the document's pages show."""
    kinds = ["default"]
    if any(_on(section.find(w("titlePg"))) for section in sections):
        kinds.append("first")
    if settings is not None and _on(_parse(settings).find(w("evenAndOddHeaders"))):
        kinds.append("even")
    return kinds


def _page_size(section: etree._Element | None) -> tuple[float, float]:
    size = section.find(w("pgSz")) if section is not None else None
    if size is None:
        return A4_TWIPS
    return float(size.get(w("w"), A4_TWIPS[0])), float(size.get(w("h"), A4_TWIPS[1]))


def _header_rels(rels: etree._Element) -> dict[str, str]:
    """rId → part name of the document's headers."""
    return {rel.get("Id"): "word/" + rel.get("Target").lstrip("/").removeprefix("word/")
            for rel in rels if rel.get("Type") == HEADER_REL and rel.get("TargetMode") != "External"}


def _add_missing_headers(entries: dict[str, bytes], font: str) -> None:
    """Give the first section a header of each kind the pages show and no section before has:
    later sections without their own inherit it, as Word and LibreOffice read section headers."""
    document = _parse(entries["word/document.xml"])
    sections = _sections(document)
    if not sections:
        return
    first = sections[0]
    have = {ref.get(w("type"), "default") for ref in first.findall(w("headerReference"))}
    missing = [kind for kind in _kinds_shown(sections, entries.get("word/settings.xml")) if kind not in have]
    if not missing:
        return
    rels = _parse(entries["word/_rels/document.xml.rels"])
    types = _parse(entries["[Content_Types].xml"])
    numbers = [int(n) for n in re.findall(r"^word/header(\d+)\.xml$", "\n".join(entries), re.M)]
    rid_numbers = [int(m.group(1)) for rel in rels if (m := re.fullmatch(r"rId(\d+)", rel.get("Id", "")))]
    number, rid = max(numbers, default=0), max(rid_numbers, default=0)
    for kind in missing:
        number, rid = number + 1, rid + 1
        entries[f"word/header{number}.xml"] = empty_header(font)
        etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship",
                         {"Id": f"rId{rid}", "Type": HEADER_REL, "Target": f"header{number}.xml"})
        etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override",
                         {"PartName": f"/word/header{number}.xml", "ContentType": HEADER_TYPE})
        reference = etree.Element(w("headerReference"), {w("type"): kind, f"{{{R}}}id": f"rId{rid}"})
        first.insert(0, reference)                     # references come first in w:sectPr
    entries["word/document.xml"] = _serialise(document)
    entries["word/_rels/document.xml.rels"] = _serialise(rels)
    entries["[Content_Types].xml"] = _serialise(types)


def _anchor_paragraph(header: etree._Element) -> etree._Element:
    """The header's first paragraph (the mark goes in it, as Word puts its watermark, so the
    header is not a line taller); one is added at the end only if the header has none of its own."""
    for child in header:
        if child.tag == w("p"):
            return child
        if child.tag == w("sdt"):
            content = child.find(w("sdtContent"))
            paragraph = content.find(w("p")) if content is not None else None
            if paragraph is not None:
                return paragraph
    return etree.SubElement(header, w("p"))


def _mark_header(data: bytes, run: str) -> bytes:
    header = _parse(data)
    paragraph = _anchor_paragraph(header)
    after_properties = 1 if len(paragraph) and paragraph[0].tag == w("pPr") else 0
    paragraph.insert(after_properties, etree.fromstring(run))
    return _serialise(header)


def _max_shape_id(entries: dict[str, bytes]) -> int:
    ids = [int(found) for name, data in entries.items() if name.startswith("word/") and name.endswith(".xml")
           for found in re.findall(rb'<wp:docPr [^>]*?\bid="(\d+)"', data)]
    return max(ids, default=0)


def add_draft_mark(entries: dict[str, bytes], font: str, mark: Mark = DRAFT) -> dict[str, bytes]:
    """The DOCX package ``entries`` (part name → bytes) with the mark in every header, turned
    along the diagonal of the pages of the first section that shows the header."""
    entries = dict(entries)
    _add_missing_headers(entries, font)
    document = _parse(entries["word/document.xml"])
    headers = _header_rels(_parse(entries["word/_rels/document.xml.rels"]))
    section_of: dict[str, etree._Element] = {}
    sections = _sections(document)
    for section in sections:
        for ref in section.findall(w("headerReference")):
            section_of.setdefault(headers.get(ref.get(f"{{{R}}}id"), ""), section)
    next_id = _max_shape_id(entries) + 1
    for number, part in enumerate(sorted(set(headers.values()), key=_natural), start=1):
        if part not in entries:
            continue
        angle = page_angle(*_page_size(section_of.get(part, sections[0] if sections else None)))
        entries[part] = _mark_header(entries[part], mark_run(font, angle, number, next_id + number - 1, mark))
    return entries


def _natural(part: str) -> tuple[int, str]:
    found = re.search(r"(\d+)\.xml$", part)
    return (int(found.group(1)) if found else 0, part)
