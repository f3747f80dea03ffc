"""The certificate (หนังสือรับรอง): templates/certificate.docx.

Garuda paper: ที่ and the issuing office as on the external letter, the title centred,
the body, ให้ไว้ ณ วันที่ … in the date's column with the signature under it, and at the
bottom left, when given, the person's photo (4 × 6 cm) with room to sign under it.
"""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.render.builders.kit import (
    TEXT_WIDTH,
    base_document,
    blank,
    body_paragraphs,
    cell_text,
    fixed_table,
    garuda_top,
    para,
    signature_block,
    tag,
)

NAME = "certificate"
TITLE_SIZE = 20
PHOTO_CELL = 5.0                            # cm: the 4 cm photo with a little room each side


def photo_block(body) -> None:
    table = fixed_table(body, (PHOTO_CELL, TEXT_WIDTH - PHOTO_CELL))
    cell, rest = table.rows[0].cells
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    cell_text(cell, "{{ photo }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    para(cell, keep_next=True)              # room for the person's signature under the photo
    para(cell, keep_next=True)
    tag(cell, "if holder")
    para(cell, "{{ holder }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(cell, "endif")
    cell_text(rest, "")


def make() -> Document:
    doc = base_document("หนังสือรับรอง")
    body = doc

    garuda_top(body, urgency=False)

    blank(body)
    para(body, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE)
    blank(body)
    body_paragraphs(body)
    blank(body, keep_next=True)
    signature_block(body, "{{ date }}")

    tag(body, "if photo")
    blank(body, keep_next=True)
    photo_block(body)
    tag(body, "endif")
    return doc
