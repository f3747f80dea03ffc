"""The external letter (หนังสือภายนอก): templates/external.docx."""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from builders.kit import (
    BODY_INDENT,
    DATE_COLUMN,
    EMBLEM_CELL,
    LABEL_WIDTH,
    RED,
    SIDE_CELL,
    base_document,
    blank,
    cell_text,
    fixed_table,
    headers_and_footers,
    labelled,
    labelled_list,
    para,
    qr_table,
    signature_block,
    tag,
)

NAME = "external"


LONG_SALUTATION_TAB_CM = 2.0


def make() -> Document:
    doc = base_document("หนังสือภายนอก")
    headers_and_footers(doc)
    body = doc

    # Top block: urgency and ที่ (left, level with the emblem's foot), emblem (centre), sender (right).
    top = fixed_table(body, (SIDE_CELL, EMBLEM_CELL, SIDE_CELL))
    left, middle, right = top.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    middle.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    cell_text(left, "{%p if urgency %}")
    para(left, "{{ urgency }}", bold=True, color=RED, size=32)
    tag(left, "endif")
    para(left, "{{ number_line }}")
    cell_text(middle, "{{ emblem }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    cell_text(right, "{%p for line in sender_lines %}")
    para(right, "{{ line }}")
    tag(right, "endfor")

    blank(body)
    para(body, "{{ date }}", left=DATE_COLUMN)
    blank(body)
    labelled(body, "เรื่อง", "{{ subject }}")
    blank(body)
    # A longer salutation from the table (กราบเรียน, นมัสการ) tabs to 2 cm, not to Word's next default stop.
    para(body, "{{ salutation }}\t{{ to }}", left=LABEL_WIDTH["เรียน"], hanging=LABEL_WIDTH["เรียน"],
         tabs=(LONG_SALUTATION_TAB_CM,))
    for label, items in (("อ้างถึง", "references"), ("สิ่งที่ส่งมาด้วย", "enclosures")):
        tag(body, f"if {items}")
        blank(body)
        labelled_list(body, label, items)
        tag(body, "endif")
    blank(body)
    tag(body, "for paragraph in body")
    para(body, "{{r paragraph }}", first=BODY_INDENT, jc="thaiDistribute")
    tag(body, "endfor")

    blank(body, keep_next=True)
    signature_block(body)

    tag(body, "if contact_lines")
    blank(body)
    blank(body)
    tag(body, "for line in contact_lines")
    para(body, "{{ line }}", keep_next=True)
    tag(body, "endfor")
    tag(body, "endif")

    tag(body, "if copies")
    blank(body)
    labelled_list(body, "สำเนาส่ง", "copies")
    tag(body, "endif")

    tag(body, "if qr_codes")
    blank(body)
    qr_table(body)
    tag(body, "endif")
    return doc
