"""The memo (บันทึกข้อความ): templates/memo.docx.

Emblem 1.5 cm at the top left; the urgency (red, 32 pt) between the emblem and the title, as
the typing guide stamps it; the title bold 29 pt on a line of Exactly 35 pt, centred on the text
area with or without an urgency (the head is a table whose left and right parts are equally
wide, and every cell keeps a paragraph, so an empty urgency cell never collapses). Then the
header lines (ส่วนราชการ, ที่ + วันที่, เรื่อง) with bold 20 pt labels and dotted leaders that run
to the right margin (tab stops with dot leaders, so a clerk's edits in Word keep them).
"""
from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import (
    WD_ALIGN_PARAGRAPH,
    WD_LINE_SPACING,
    WD_TAB_ALIGNMENT,
    WD_TAB_LEADER,
)
from docx.shared import Cm, Pt

from generator.render.builders.kit import (
    DATE_COLUMN,
    RED,
    TEXT_WIDTH,
    URGENCY_SIZE,
    addressee,
    base_document,
    blank,
    body_paragraphs,
    cell_text,
    fixed_table,
    para,
    signature_block,
    styled_runs,
)

NAME = "memo"
TITLE_SIZE = 29
LABEL_SIZE = 20
TITLE_LINE = 35                     # pt, Exactly: the typing guide's title line
EMBLEM_COLUMN = 1.8                 # cm: the 1.5 cm emblem and a little air
URGENCY_COLUMN = 3.4                # cm: ด่วนที่สุด at 32 pt is about 2.9 cm
SIDE = EMBLEM_COLUMN + URGENCY_COLUMN   # the right part is as wide, so the title is centred
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


def memo_head(body) -> None:
    """Emblem | urgency | title | an empty part as wide as the first two."""
    top = fixed_table(body, (EMBLEM_COLUMN, URGENCY_COLUMN, TEXT_WIDTH - 2 * SIDE, SIDE))
    emblem, urgency, title, right = top.rows[0].cells
    emblem.vertical_alignment = right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    urgency.vertical_alignment = title.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    cell_text(emblem, "{{ emblem }}")
    # One run that is empty without an urgency: the cell keeps its paragraph.
    cell_text(urgency, "{{ urgency }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, color=RED,
              size=URGENCY_SIZE)
    heading = cell_text(title, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=TITLE_SIZE)
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    heading.paragraph_format.line_spacing = Pt(TITLE_LINE)
    cell_text(right, "")


def make() -> Document:
    doc = base_document("บันทึกข้อความ")
    body = doc

    memo_head(body)

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
