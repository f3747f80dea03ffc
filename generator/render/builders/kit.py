"""Shared pieces of the Word templates: fonts in every slot, paragraphs, tables, marks.

Every template builder in this folder imports these, so each kind's template is only
its own layout. Tags are docxtpl's: ``{{ x }}`` prints a prepared string, ``{{r x }}``
inserts prepared runs, ``{%p ... %}`` paragraphs hold loops and "if present" tests.
Templates only place strings: every decision is made in the kind's ``resolve``.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.render.docxzip import (
    HEADER_DISTANCE_CM,
    PAGE_NUMBER_STYLE,
    SECRECY_LINE_PT,
    THAI_PAGE_FIELD,
    page_number_space_before,
)

FONT = "TH SarabunPSK"
SIZE = 16
RED = RGBColor(0xFF, 0x00, 0x00)

# Layout of the external letter (../shared/reference/standard.md), in cm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 1.5, 2.0, 3.0, 2.0
HEADER_DISTANCE = FOOTER_DISTANCE = HEADER_DISTANCE_CM
LINE_HEIGHT = 1.13           # a TH Sarabun line, in ems
TEXT_WIDTH = 21.0 - MARGIN_LEFT - MARGIN_RIGHT          # 16 cm
DATE_COLUMN = 8.0            # date, closing: from the text area's centre (under the emblem's tail)
EMBLEM_CELL = 3.2            # the emblem's column, centred on the text area
SIDE_CELL = (TEXT_WIDTH - EMBLEM_CELL) / 2
BODY_INDENT = 2.5            # first-line indent of body paragraphs
SIGNATURE_INDENT = 3.0       # signature lines are centred between this and the right margin
LABEL_WIDTH = {"เรื่อง": 1.25, "เรียน": 1.25, "อ้างถึง": 1.5, "สิ่งที่ส่งมาด้วย": 2.75, "สำเนาส่ง": 1.75}
ITEM_NUMBER_WIDTH = 0.75


def set_run_fonts(rpr, size: float = SIZE, bold: bool = False, color: RGBColor | None = None,
                  font: str = FONT) -> None:
    """``font`` in every slot, both sizes, th-TH; bold for Latin and complex script alike."""
    for tag in ("w:rFonts", "w:b", "w:bCs", "w:color", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)
    elements = [fonts]
    if bold:
        elements += [OxmlElement("w:b"), OxmlElement("w:bCs")]
    if color is not None:
        col = OxmlElement("w:color")
        col.set(qn("w:val"), str(color))
        elements.append(col)
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size * 2)))
        elements.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:eastAsia"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    elements.append(lang)
    # rPr children have a schema order; these tags all come after w:rStyle.
    order = ["w:rFonts", "w:b", "w:bCs", "w:color", "w:sz", "w:szCs", "w:lang"]
    for el in sorted(elements, key=lambda e: order.index(e.tag.replace("{%s}" % e.nsmap["w"], "w:"))):
        rpr.append(el)


def run(paragraph, text: str, **style) -> None:
    r = paragraph.add_run(text)
    set_run_fonts(r._r.get_or_add_rPr(), **style)


def para(container, text: str = "", *, align=None, left=0.0, first=0.0, hanging=0.0, right=0.0,
         tabs=(), keep_next=False, keep_lines=False, widow_control=False, jc: str | None = None, **style):
    """A paragraph with one run (tags must stay whole in one run). ``keep_next``: on the same page
    as the next paragraph; ``widow_control``: never one line alone at a page's foot or head."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    if left:
        fmt.left_indent = Cm(left)
    if right:
        fmt.right_indent = Cm(right)
    if first:
        fmt.first_line_indent = Cm(first)
    if hanging:
        fmt.first_line_indent = -Cm(hanging)
    for pos in tabs:
        fmt.tab_stops.add_tab_stop(Cm(pos))
    if keep_next:
        fmt.keep_with_next = True
    if keep_lines:
        fmt.keep_together = True
    if widow_control:
        fmt.widow_control = True
    if jc:
        # python-docx has no enum for Thai distributed justification.
        ppr = p._p.get_or_add_pPr()
        el = ppr.find(qn("w:jc"))
        if el is None:
            el = OxmlElement("w:jc")
            ppr.append(el)
        el.set(qn("w:val"), jc)
    if text:
        run(p, text, **style)
    else:
        set_run_fonts(_para_mark_rpr(p), **style)
    return p


def _para_mark_rpr(p):
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    return rpr


def tag(container, statement: str):
    """A ``{%p ... %}`` control paragraph (docxtpl removes it when rendering)."""
    return para(container, "{%p " + statement + " %}")


GAP_STYLE = "Saraban Gap"


def blank(container, keep_next=False):
    """The blank line between two parts. Its own style, so that a profile's
    ``layout: {part_spacing: 6pt}`` (the standard's other convention) can make it 6 pt."""
    p = para(container, keep_next=keep_next)
    p.style = GAP_STYLE
    return p


def page_field(paragraph, *, thai_digits: bool = True, shown: str = "๒", **style) -> None:
    """A PAGE field, with Thai digits through Word's ThaiArabic format switch (or Arabic ones);
    ``shown`` is the number a reader sees until the field is updated."""
    def fld(kind):
        r = paragraph.add_run()
        set_run_fonts(r._r.get_or_add_rPr(), **style)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        return r
    fld("begin")
    r = paragraph.add_run()
    set_run_fonts(r._r.get_or_add_rPr(), **style)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = THAI_PAGE_FIELD if thai_digits else " PAGE "
    r._r.append(instr)
    fld("separate")
    r = paragraph.add_run(shown)
    set_run_fonts(r._r.get_or_add_rPr(), **style)
    fld("end")


SINGLE_BORDER = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}   # ½ pt, black


def table_borders(table, border: dict[str, str], cell_margin_cm: float | None) -> None:
    """Every border of ``table`` set to ``border`` (w:val, w:sz …), and left and right cell
    margins of ``cell_margin_cm`` (``None``: the table style's, Word's 0.19 cm); replaces any
    borders and margins it had. The table's properties are left in the schema's order."""
    tblpr = table._tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")) + tblpr.findall(qn("w:tblCellMar")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        for key, value in border.items():
            el.set(qn(key), value)
        borders.append(el)
    tblpr.append(borders)
    if cell_margin_cm is not None:
        tblpr.append(_cell_margins(cell_margin_cm))
    schema_order(tblpr)


def _cell_margins(cell_margin_cm: float):
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(cell_margin_cm / 2.54 * 1440)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    return margins


def no_borders(table) -> None:
    table_borders(table, {"w:val": "nil"}, 0)
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    schema_order(tblpr)


def fixed_table(container, widths_cm):
    table = container.add_table(rows=1, cols=len(widths_cm))
    table.autofit = False
    no_borders(table)
    for cell, width in zip(table.rows[0].cells, widths_cm):
        cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(width / 2.54 * 1440)))
    return table


def cell_text(cell, text: str, **kwargs):
    """Replace the cell's default empty paragraph with one holding ``text``."""
    p = cell.paragraphs[0]
    p._p.getparent().remove(p._p)
    return para(cell, text, **kwargs)


def thai_styles(doc, font: str = FONT, size: float = SIZE) -> None:
    """``font`` at ``size`` in every slot of every style and of the document's defaults (so text
    outside any style still gets it), th-TH, no space before or after a paragraph."""
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for name in list(fonts.attrib):
            del fonts.attrib[name]
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), font)
    normal = doc.styles["Normal"]
    set_run_fonts(normal.element.get_or_add_rPr(), size, font=font)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    set_run_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), size, font=font)


def a4_page(doc, *, top: float, bottom: float, left: float, right: float, header: float,
            footer: float | None = None, landscape: bool = False) -> None:
    """The first section on A4, upright or ``landscape``; margins and header (and footer)
    distances in cm (``footer=None`` keeps Word's)."""
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.header_distance = Cm(header)
    if footer is not None:
        section.footer_distance = Cm(footer)


def base_document(title: str) -> Document:
    """An A4 document in the Thai font, with the standard margins, headers and footers."""
    doc = Document()
    styles = doc.styles
    thai_styles(doc)
    normal = styles["Normal"]
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.widow_control = True
    gap = styles.add_style(GAP_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    gap.base_style = normal
    gap.quick_style = True
    a4_page(doc, top=MARGIN_TOP, bottom=MARGIN_BOTTOM, left=MARGIN_LEFT, right=MARGIN_RIGHT,
            header=HEADER_DISTANCE, footer=FOOTER_DISTANCE)
    props = doc.core_properties
    props.title, props.author, props.language = title, "saraban", "th-TH"
    props.comments = "Template of saraban (docxtpl tags). Open and adjust in Word or LibreOffice; keep each {{ tag }} in one piece."
    headers_and_footers(doc)
    return doc


def labelled(container, label: str, value_tag: str) -> None:
    """``label<TAB>value``: wrapped lines hang under the value, not the label."""
    width = LABEL_WIDTH[label]
    para(container, f"{label}\t{value_tag}", left=width, hanging=width)


def labelled_list(container, label: str, items: str, keep_next: bool = False) -> None:
    """A part of one item, or of numbered items (๑. ๒.) whose wrapped lines hang under their text."""
    width = LABEL_WIDTH[label]
    tag(container, f"for item in {items}")
    tag(container, "if item.number")
    para(container, "{{ item.label }}\t{{ item.number }}\t{{ item.text }}",
         left=width + ITEM_NUMBER_WIDTH, hanging=width + ITEM_NUMBER_WIDTH, tabs=(width,), keep_next=keep_next)
    tag(container, "else")
    para(container, "{{ item.label }}\t{{ item.text }}", left=width, hanging=width, keep_next=keep_next)
    tag(container, "endif")
    tag(container, "endfor")


def red_mark(container, expression: str, size: float):
    return para(container, expression, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, color=RED, size=size)


SECRECY_SIZE = 20


def page_number_style(doc) -> None:
    """The page numbers' own paragraph style: centred, its space before placing the number
    (``layout: page_number_cm`` rewrites it, generator/render/docx.py), one blank line after it
    so the body of page 2 onwards starts a line below the number. A clerk can move the numbers
    of all pages at once in Word by changing this style."""
    style = doc.styles.add_style(PAGE_NUMBER_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before = Pt(page_number_space_before())
    fmt.space_after = Pt(round(LINE_HEIGHT * SIZE, 1))


def headers_and_footers(doc) -> None:
    """Secrecy mark at the top and bottom of every page; ``- ๒ -`` page numbers from page 2."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    mark = "{% if secrecy %}{{ secrecy }}{% endif %}"
    for header in (section.first_page_header, section.header):
        header.is_linked_to_previous = False
        header.paragraphs[0]._p.getparent().remove(header.paragraphs[0]._p)
        line = red_mark(header, mark, SECRECY_SIZE).paragraph_format
        line.line_spacing, line.line_spacing_rule = Pt(SECRECY_LINE_PT), WD_LINE_SPACING.EXACTLY
    page_number_style(doc)
    number = para(section.header, "- ")
    number.style = PAGE_NUMBER_STYLE
    spacing = number._p.pPr.find(qn("w:spacing"))
    number._p.pPr.remove(spacing)            # the style's space before and after, not the paragraph's own
    page_field(number)
    run(number, " -")
    for footer in (section.first_page_footer, section.footer):
        footer.is_linked_to_previous = False
        footer.paragraphs[0]._p.getparent().remove(footer.paragraphs[0]._p)
        red_mark(footer, mark, SECRECY_SIZE)


def line_breaks(paragraph, count: int, **style) -> None:
    """``count`` line breaks in one run of ``paragraph`` (blank lines of the run's size)."""
    r = paragraph.add_run()
    set_run_fonts(r._r.get_or_add_rPr(), **style)
    for _ in range(count):
        r._r.append(OxmlElement("w:br"))


def lines_paragraph(container, expression: str, *, blank_lines: int = 0, keep_next: bool = True, **format_):
    """The strings of ``expression``, one a line, in ONE paragraph (line breaks between them),
    after ``blank_lines`` empty lines; kept together, and (``keep_next``) with the next paragraph.

    One paragraph, not one per line: LibreOffice 7.4 loses a keep-with-next chain of many short
    paragraphs at some page positions (measured: a signature's name at the foot of page 1, its
    position on page 2), but never splits a paragraph kept together."""
    p = para(container, keep_next=keep_next, keep_lines=True, **format_)
    if blank_lines:
        line_breaks(p, blank_lines)
    run(p, "{%% for line in %s %%}{{ line }}{%% if not loop.last %%}" % expression)
    line_breaks(p, 1)
    run(p, "{% endif %}{% endfor %}")
    return p


def signature_block(container, heading: str | None = "{{ closing }}", *, lines: str = "signature_lines",
                    left: float = SIGNATURE_INDENT, centre_heading: bool = False, room: int = 3) -> None:
    """``heading`` (the closing, ให้ไว้ ณ วันที่ …, สั่ง ณ วันที่ …; ``None`` for none), ``room``
    blank lines to sign in, then the lines of ``lines`` ((name), positions …) centred between
    ``left`` and the right margin. The heading starts in the date's column, or with
    ``centre_heading`` is centred over the lines.

    The heading, then one paragraph (the room to sign, the name, the positions) kept together;
    both kept with the next: Word and LibreOffice move the block whole rather than leave the
    closing alone at the foot of a page, and the contact block after it never starts a page of
    its own. No table: LibreOffice 7.4 keeps a paragraph with a table
    after it, but not a table with the paragraph after it."""
    if heading and centre_heading:
        para(container, heading, align=WD_ALIGN_PARAGRAPH.CENTER, left=left, keep_next=True)
    elif heading:
        para(container, heading, left=DATE_COLUMN, keep_next=True)
    lines_paragraph(container, lines, blank_lines=room, align=WD_ALIGN_PARAGRAPH.CENTER, left=left)


def body_paragraphs(body, items: str = "body", keep_last: str | None = "true") -> None:
    """Body paragraphs (first line indented, Thai-justified), each with widow control: a paragraph
    split across pages leaves at least two lines on each page.

    Where the Jinja condition ``keep_last`` holds, the last two paragraphs keep with what follows
    (the closing, the signature, the seal, the date phrase), so the last page carries at least the
    body's last two lines: the last paragraph's last two (widow control), or, when it is a single
    line (จึงเรียนมาเพื่อโปรดทราบ), that line and the last two of the one before. These are Word's
    own paragraph properties, so a clerk who edits the DOCX keeps the rule."""
    tag(body, f"for paragraph in {items}")
    if keep_last:
        condition = "loop.revindex <= 2" if keep_last == "true" else f"({keep_last}) and loop.revindex <= 2"
        tag(body, f"if {condition}")
        para(body, "{{r paragraph }}", first=BODY_INDENT, jc="thaiDistribute", keep_next=True, widow_control=True)
        tag(body, "else")
    para(body, "{{r paragraph }}", first=BODY_INDENT, jc="thaiDistribute", widow_control=True)
    if keep_last:
        tag(body, "endif")
    tag(body, "endfor")


URGENCY_SIZE = 32


def urgency_mark(cell, align=None) -> None:
    """The urgency (ด่วนที่สุด, ด่วนมาก, ด่วน) in red, when there is one, opening ``cell``."""
    cell_text(cell, "{%p if urgency %}")
    para(cell, "{{ urgency }}", align=align, bold=True, color=RED, size=URGENCY_SIZE)
    tag(cell, "endif")


def garuda_top(body, *, urgency: bool = True, sender: bool = True) -> None:
    """Garuda paper's top block: urgency (if any) and ที่ on the left, level with the emblem's
    foot; the emblem in the centre; the sender's lines on the right (or an empty cell)."""
    top = fixed_table(body, (SIDE_CELL, EMBLEM_CELL, SIDE_CELL))
    left, middle, right = top.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    middle.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    if urgency:
        urgency_mark(left)
        para(left, "{{ number_line }}")
    else:
        cell_text(left, "{{ number_line }}")
    cell_text(middle, "{{ emblem }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    if sender:
        right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        cell_text(right, "{%p for line in sender_lines %}")
        para(right, "{{ line }}")
        tag(right, "endfor")
    else:
        cell_text(right, "")


LONG_SALUTATION_TAB_CM = 2.0


def addressee(body, word: str) -> None:
    """``word<TAB>{{ to }}`` (เรียน, ถึง): wrapped lines hang under the addressee. A longer word from
    the salutation table (กราบเรียน, นมัสการ) tabs to 2 cm, not to Word's next default stop."""
    width = LABEL_WIDTH["เรียน"]
    para(body, "{{ %s }}\t{{ to }}" % word, left=width, hanging=width, tabs=(LONG_SALUTATION_TAB_CM,))


def contact_block(body) -> None:
    """The contact lines at the foot of the letter, two blank lines under what precedes them; kept
    with the signature above them. What follows (copies, QR codes) is not kept with them: a keep
    chain longer than the next page has room for is broken by LibreOffice wherever it likes
    (measured: between the closing and the signature), so the chain ends here."""
    tag(body, "if contact_lines")
    blank(body, keep_next=True)
    blank(body, keep_next=True)
    lines_paragraph(body, "contact_lines", keep_next=False)
    tag(body, "endif")


def qr_table(body) -> None:
    """One row per QR code: the code, and beside it its caption and address."""
    table = fixed_table(body, (2.6, TEXT_WIDTH - 2.6))
    table.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    table.rows[0].cells[1].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    row = table.add_row()
    tail = table.add_row()
    first = table.rows[0]
    cell_text(first.cells[0], "{%tr for qr in qr_codes %}")
    # python-docx cannot insert a row before another; the loop opens in row 0, closes in row 2.
    image = cell_text(row.cells[0], "{{ qr.image }}", keep_next=True)
    image.paragraph_format.space_before = image.paragraph_format.space_after = Pt(3)
    cell_text(row.cells[1], "{{ qr.caption }}", keep_next=True)
    para(row.cells[1], "{{ qr.url }}", size=12, keep_next=True)
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_text(tail.cells[0], "{%tr endfor %}")
    cell_text(first.cells[1], "")
    cell_text(tail.cells[1], "")
    for r in table.rows:
        r.cells[0].width, r.cells[1].width = Cm(2.6), Cm(TEXT_WIDTH - 2.6)


# ---------------------------------------------------------------- memo, stamped letter, certificate (issue 3)

def styled_runs(paragraph, *parts) -> None:
    """Several runs in one paragraph: each part is text, or (text, style) with set_run_fonts' keywords."""
    for part in parts:
        text, style = (part, {}) if isinstance(part, str) else part
        run(paragraph, text, **style)


# --------------------------------------------------------------------- orders, announcements,
# regulations, by-laws and minutes (issue 3b)

TITLE_SIZE = SIZE            # title lines (คำสั่ง…, ประกาศ…, รายงานการประชุม…): bold, the body's size
TITLE_RULE = 4.0             # the short line under a centred title, cm
TABLE_CELL_MARGIN = 0.1      # cm, left and right inside a bordered table's cells


def title_lines(container, expression: str = "title_lines") -> None:
    """Each line of a centred, bold title."""
    tag(container, f"for line in {expression}")
    para(container, "{{ line }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE, keep_next=True)
    tag(container, "endfor")


def title_rule(container, width_cm: float = TITLE_RULE):
    """The short centred line drawn under a title (the forms' ``-----------``): an empty,
    low paragraph with a bottom border, indented so that the border is ``width_cm`` long."""
    side = (TEXT_WIDTH - width_cm) / 2
    p = para(container, left=side, right=side, size=8, keep_next=True)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # pBdr comes before spacing/ind/jc in pPr's schema order.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    return p


def numbered_table(container, rows: str, columns: list[tuple[str, str, float]]) -> None:
    """A bordered table: a bold header row (repeated on every page), then one row per item of
    ``rows``. ``columns`` are (header, field, width in cm); the first column is centred."""
    widths = [width for _, _, width in columns]
    table = fixed_table(container, widths)
    table_borders(table, SINGLE_BORDER, TABLE_CELL_MARGIN)
    header, opening, row, closing = table.rows[0], table.add_row(), table.add_row(), table.add_row()
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, (title, _, _) in zip(header.cells, columns):
        cell_text(cell, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    # python-docx cannot insert a row before another; the loop opens in row 1, closes in row 3.
    cell_text(opening.cells[0], "{%tr for item in " + rows + " %}")
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for index, (cell, (_, field, _)) in enumerate(zip(row.cells, columns)):
        cell_text(cell, "{{ item.%s }}" % field, align=WD_ALIGN_PARAGRAPH.CENTER if index == 0 else None)
    cell_text(closing.cells[0], "{%tr endfor %}")
    for other in (opening, closing):
        for cell in other.cells[1:]:
            cell_text(cell, "")
    for each in table.rows:
        for cell, width in zip(each.cells, widths):
            cell.width = Cm(width)


# The order Word's schema gives a table's properties (ECMA-376 CT_TblPr); Word may refuse a
# file whose elements come in another order, LibreOffice does not mind.
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
                "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def schema_order(tblpr) -> None:
    """Put ``tblPr``'s children in schema order, keeping the last of any repeated element."""
    last = {}
    for child in list(tblpr):
        name = child.tag.rsplit("}", 1)[-1]
        if name in last:
            tblpr.remove(last[name])
        last[name] = child
    for child in sorted(last.values(), key=lambda el: _TBLPR_ORDER.index(el.tag.rsplit("}", 1)[-1])):
        tblpr.append(child)
