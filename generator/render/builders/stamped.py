"""The stamped letter (หนังสือประทับตรา): templates/stamped.docx.

Garuda paper like the external letter, ถึง instead of เรียน, and no signature: the sending
office's name, its seal in red (a double-ruled red box holding the office's name as text)
with room beside it for the responsible official's initials, then the date.
"""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.render.builders.kit import (
    DATE_COLUMN,
    RED,
    TEXT_WIDTH,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    contact_block,
    garuda_top,
    para,
    paragraph_box,
)

NAME = "stamped"
SEAL_WIDTH, SEAL_HEIGHT = 4.5, 2.0          # cm
SEAL_PADDING = 15                           # pt above and below the name: a one-line seal 2 cm high
BORDER_OUTSIDE = 4.5 / 72 * 2.54            # cm: a paragraph's side borders are drawn this far outside its indents
INITIALS_WIDTH = TEXT_WIDTH - DATE_COLUMN - SEAL_WIDTH


def seal(body) -> None:
    """The sender's name, the seal with room for initials beside it, and the date, each kept with
    the next. The seal is a paragraph in a red double border (4.5 cm wide, its padding making it
    2 cm high), not a table cell: LibreOffice 7.4 does not keep a table with the paragraph after
    it, and the date (and the contact block) would go alone to the next page."""
    para(body, "{{ sender }}", left=DATE_COLUMN, keep_next=True)
    blank(body, keep_next=True)
    box = para(body, "{{ seal }}", align=WD_ALIGN_PARAGRAPH.CENTER, left=DATE_COLUMN + BORDER_OUTSIDE,
               right=INITIALS_WIDTH + BORDER_OUTSIDE,
               keep_next=True, keep_lines=True, bold=True, color=RED)
    paragraph_box(box, RED, padding_pt=SEAL_PADDING)
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
