"""The register's page as a DOCX (python-docx), drawn with the letters' template kit
(:mod:`generator.render.builders.kit`): A4 landscape, the agency's font in every slot, th-TH,
the title and ``หน้า N`` in the page header, the column headings repeated on every page."""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.render.builders.kit import (
    SINGLE_BORDER,
    a4_page,
    cell_text,
    fixed_table,
    page_field,
    para,
    run,
    table_borders,
    thai_styles,
)

SIZE_PT = 14                      # a form's table: 14 pt fits nine columns on a landscape page
TITLE_PT = 18
MARGIN_CM = 1.0
HEADING_SHADE = "E7E6E6"


def _header(doc, heading: str, font: str, thai_digits: bool) -> None:
    header = doc.sections[0].header
    title = header.paragraphs[0]              # Word's Header style: single line spacing
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, heading, size=TITLE_PT, bold=True, font=font)
    page = para(header, "หน้า ", align=WD_ALIGN_PARAGRAPH.RIGHT, size=SIZE_PT, font=font)
    page_field(page, thai_digits=thai_digits, shown="๑" if thai_digits else "1", size=SIZE_PT, font=font)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(name), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _cell(cell, text: str, font: str, width_cm: float, bold: bool = False, centred: bool = False) -> None:
    cell.width = Cm(width_cm)
    cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if centred else None, size=SIZE_PT, bold=bold, font=font)


def document(heading: str, columns: list[tuple[str, float]], rows: list[list[str] | str], font: str,
             thai_digits: bool = True):
    """The register as a python-docx Document; a row given as one string is a heading across the
    table (a series' title)."""
    doc = Document()
    # Normal keeps the 1.15 line spacing of python-docx's default document: the register's rows.
    thai_styles(doc, font, SIZE_PT)
    a4_page(doc, landscape=True, top=2.2, bottom=MARGIN_CM, left=MARGIN_CM, right=MARGIN_CM, header=0.8)
    _header(doc, heading, font, thai_digits)
    widths = [width for _, width in columns]
    table = fixed_table(doc, widths)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_borders(table, SINGLE_BORDER, None)
    heading_row = table.rows[0]
    _row_property(heading_row, "w:tblHeader")                                  # repeat on every page
    for cell, (name, width) in zip(heading_row.cells, columns):
        _cell(cell, name, font, width, bold=True, centred=True)
        _shade(cell, HEADING_SHADE)
    for values in rows:
        row = table.add_row()
        _row_property(row, "w:cantSplit")
        if isinstance(values, str):                 # a series' heading across the whole row
            merged = row.cells[0].merge(row.cells[-1])
            _cell(merged, values, font, sum(widths), bold=True)
            continue
        for index, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
            _cell(cell, value, font, width, centred=index in (0, 1, 3))
    doc.core_properties.title, doc.core_properties.language = heading, "th-TH"
    return doc
