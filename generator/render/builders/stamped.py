"""The stamped letter (หนังสือประทับตรา): templates/stamped.docx.

Garuda paper like the external letter, ถึง instead of เรียน, and no signature: the sending
office's name, its seal (ตราชื่อส่วนราชการ, a red picture 4.5 cm across drawn by render/seal.py)
with room beside it for the responsible official's initials, then the date.
"""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

from generator.render.builders.kit import (
    DATE_COLUMN,
    TEXT_WIDTH,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    cell_text,
    contact_block,
    fixed_table,
    garuda_top,
    para,
)

NAME = "stamped"
SEAL_WIDTH = 4.5 + 0.4                      # cm: the seal and its cell's margins
INITIALS_WIDTH = TEXT_WIDTH - DATE_COLUMN - SEAL_WIDTH


def seal(body) -> None:
    """The sender's name, the seal with room for initials beside it, and the date: one unsplittable block."""
    para(body, "{{ sender }}", left=DATE_COLUMN, keep_next=True)
    blank(body, keep_next=True)
    table = fixed_table(body, (DATE_COLUMN, SEAL_WIDTH, INITIALS_WIDTH))
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    spacer, stamp, initials = row.cells
    cell_text(spacer, "", keep_next=True)
    stamp.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    cell_text(stamp, "{{ seal }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    cell_text(initials, "", keep_next=True)
    blank(body, keep_next=True)
    para(body, "{{ date }}", left=DATE_COLUMN)


def make() -> Document:
    doc = base_document("หนังสือประทับตรา")
    body = doc

    garuda_top(body, sender=False)          # ที่ and the emblem, as on the external letter

    blank(body)
    addressee(body, "to_word")
    blank(body)
    body_paragraphs(body)
    blank(body, keep_next=True)
    seal(body)

    contact_block(body)
    return doc
