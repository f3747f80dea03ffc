"""The memo (บันทึกข้อความ): templates/memo.docx.

Emblem 1.5 cm at the top left, the title bold 29 pt centred beside it, then the header
lines (ส่วนราชการ, ที่ + วันที่, เรื่อง) with bold 20 pt labels and dotted leaders that run
to the right margin (tab stops with dot leaders, so a clerk's edits in Word keep them).
"""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Cm

from generator.render.builders.kit import (
    DATE_COLUMN,
    TEXT_WIDTH,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    cell_text,
    fixed_table,
    para,
    signature_block,
    styled_runs,
    urgency_mark,
)

NAME = "memo"
TITLE_SIZE = 29
LABEL_SIZE = 20
SIDE = 3.5                          # the emblem's column; the same on the right keeps the title centred
SUBJECT_HANG = 1.35                 # เรื่อง at 20 pt: wrapped lines hang under the subject's text
LABEL = {"bold": True, "size": LABEL_SIZE}


def leader_line(body, *parts, stops=(), hanging=0.0):
    """One header line: runs, then dotted tab stops (the last at the right margin)."""
    p = para(body, left=hanging, hanging=hanging)
    for position in (*stops, TEXT_WIDTH):
        alignment = WD_TAB_ALIGNMENT.RIGHT if position == TEXT_WIDTH else WD_TAB_ALIGNMENT.LEFT
        p.paragraph_format.tab_stops.add_tab_stop(Cm(position), alignment, WD_TAB_LEADER.DOTS)
    styled_runs(p, *parts)
    return p


def make() -> Document:
    doc = base_document("บันทึกข้อความ")
    body = doc

    top = fixed_table(body, (SIDE, TEXT_WIDTH - 2 * SIDE, SIDE))
    left, middle, right = top.rows[0].cells
    left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    middle.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    cell_text(left, "{{ emblem }}")
    cell_text(middle, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE)
    urgency_mark(right, align=WD_ALIGN_PARAGRAPH.RIGHT)

    leader_line(body, ("ส่วนราชการ", LABEL), " {{ unit }}\t")
    leader_line(body, ("ที่", LABEL), " {{ number }}\t", ("วันที่", LABEL), " {{ date }}\t",
                stops=(DATE_COLUMN,))
    leader_line(body, ("เรื่อง", LABEL), "\t{{ subject }}\t", hanging=SUBJECT_HANG)
    blank(body)
    addressee(body, "salutation")
    blank(body)
    body_paragraphs(body)
    blank(body, keep_next=True)
    signature_block(body, None)
    return doc
