"""The register's page as a DOCX (python-docx): A4 landscape, Thai font in every slot, th-TH,
the title and ``หน้า N`` in the page header, the column headings repeated on every page."""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from generator.render.docxzip import THAI_PAGE_FIELD

SIZE_PT = 14                      # a form's table: 14 pt fits nine columns on a landscape page
TITLE_PT = 18
MARGIN_CM = 1.0
HEADING_SHADE = "E7E6E6"


def _element(tag: str, **attrs: str):
    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(name), value)
    return el


def set_fonts(rpr, font: str, size: float = SIZE_PT, bold: bool = False) -> None:
    """The Thai font in all four slots, both sizes, th-TH (same order as the schema wants)."""
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(_element("w:rFonts", **{f"w:{slot}": font for slot in ("ascii", "hAnsi", "cs", "eastAsia")}))
    if bold:
        rpr.append(_element("w:b"))
        rpr.append(_element("w:bCs"))
    rpr.append(_element("w:sz", **{"w:val": str(int(size * 2))}))
    rpr.append(_element("w:szCs", **{"w:val": str(int(size * 2))}))
    rpr.append(_element("w:lang", **{"w:val": "th-TH", "w:eastAsia": "th-TH", "w:bidi": "th-TH"}))


def add_text(paragraph, text: str, font: str, **style) -> None:
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), font, **style)


def page_number(paragraph, font: str, thai_digits: bool) -> None:
    """A PAGE field (Thai digits through Word's ThaiArabic switch, as in the letters)."""
    def run_with(element):
        run = paragraph.add_run()
        set_fonts(run._r.get_or_add_rPr(), font)
        run._r.append(element)
    run_with(_element("w:fldChar", **{"w:fldCharType": "begin"}))
    instruction = _element("w:instrText", **{"xml:space": "preserve"})
    instruction.text = THAI_PAGE_FIELD if thai_digits else " PAGE "
    run_with(instruction)
    run_with(_element("w:fldChar", **{"w:fldCharType": "separate"}))
    add_text(paragraph, "๑" if thai_digits else "1", font)
    run_with(_element("w:fldChar", **{"w:fldCharType": "end"}))


def _landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(MARGIN_CM)
    section.header_distance = Cm(0.8)


def _defaults(doc, font: str) -> None:
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for name in list(fonts.attrib):
            del fonts.attrib[name]
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), font)
    normal = doc.styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), font)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), font)


def _header(doc, heading: str, font: str, thai_digits: bool) -> None:
    header = doc.sections[0].header
    title = header.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(title, heading, font, size=TITLE_PT, bold=True)
    page = header.add_paragraph()
    page.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_text(page, "หน้า ", font)
    page_number(page, font, thai_digits)


def _borders(table) -> None:
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", **{"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}))
    table._tbl.tblPr.append(borders)


def _cell(cell, text: str, font: str, width_cm: float, bold: bool = False, centred: bool = False) -> None:
    cell.width = Cm(width_cm)
    paragraph = cell.paragraphs[0]
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, text, font, bold=bold)


def document(heading: str, columns: list[tuple[str, float]], rows: list[list[str]], font: str,
             thai_digits: bool = True):
    """The register as a python-docx Document."""
    doc = Document()
    _defaults(doc, font)
    _landscape(doc)
    _header(doc, heading, font, thai_digits)
    table = doc.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for col, (_, width) in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), columns):
        col.set(qn("w:w"), str(int(width / 2.54 * 1440)))
    heading_row = table.rows[0]
    heading_row._tr.get_or_add_trPr().append(_element("w:tblHeader"))     # repeat on every page
    for cell, (name, width) in zip(heading_row.cells, columns):
        _cell(cell, name, font, width, bold=True, centred=True)
        cell._tc.get_or_add_tcPr().append(_element("w:shd", **{"w:val": "clear", "w:color": "auto",
                                                                 "w:fill": HEADING_SHADE}))
    for values in rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(_element("w:cantSplit"))
        for index, (cell, value, (_, width)) in enumerate(zip(row.cells, values, columns)):
            _cell(cell, value, font, width, centred=index in (0, 1, 3))
    doc.core_properties.title, doc.core_properties.language = heading, "th-TH"
    return doc
