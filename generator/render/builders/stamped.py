"""The stamped letter (หนังสือประทับตรา): templates/stamped.docx.

Garuda paper like the external letter, ถึง instead of เรียน, and no signature: the sending
office's name, its seal (ตราชื่อส่วนราชการ, a red picture 4.5 cm across drawn by render/seal.py)
with room beside it for the responsible official's initials, then the date.
"""
from __future__ import annotations

from docx import Document

from generator.render.builders.kit import (
    DATE_COLUMN,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    contact_block,
    garuda_top,
    para,
)

NAME = "stamped"


def seal(body) -> None:
    """The sender's name, the seal (a picture) with room for initials beside it, and the date, each
    kept with the next. The seal is a paragraph, not a table cell: LibreOffice 7.4 does not keep a
    table with the paragraph after it, and the date (and the contact block) would go alone to the
    next page."""
    para(body, "{{ sender }}", left=DATE_COLUMN, keep_next=True)
    blank(body, keep_next=True)
    para(body, "{{ seal }}", left=DATE_COLUMN, keep_next=True, keep_lines=True)
    blank(body, keep_next=True)
    para(body, "{{ date }}", left=DATE_COLUMN, keep_next=True)


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
