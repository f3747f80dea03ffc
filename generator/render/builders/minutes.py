"""The minutes of a meeting (รายงานการประชุม): templates/minutes.docx.

Plain paper (no emblem): the centred bold title lines (รายงานการประชุม…, ครั้งที่, เมื่อ, ณ),
a short rule, the numbered tables of those present, absent and attending, the start time,
the agenda items (ระเบียบวาระที่ ๑ …) with their text, the end time, then the minute-taker's
and the checker's signatures.
"""
from __future__ import annotations

from docx import Document

from generator.render.builders.kit import (
    TEXT_WIDTH,
    base_document,
    blank,
    body_paragraphs,
    numbered_table,
    para,
    signature_block,
    tag,
    title_lines,
    title_rule,
)

NAME = "minutes"
AGENDA_LABEL = 3.0           # cm: "ระเบียบวาระที่ ๑" in bold, then the item's title
NUMBER, NOTE = 1.0, 2.8      # cm: the tables' ที่ and หมายเหตุ columns
NAME_COLUMN = 4.5
COLUMNS = [("ที่", "number", NUMBER), ("ชื่อ - สกุล", "name", NAME_COLUMN),
           ("ตำแหน่ง", "position", TEXT_WIDTH - NUMBER - NAME_COLUMN - NOTE), ("หมายเหตุ", "note", NOTE)]


def people(doc, label: str, rows: str) -> None:
    tag(doc, f"if {rows}")
    blank(doc, keep_next=True)
    para(doc, label, bold=True, keep_next=True)
    numbered_table(doc, rows, COLUMNS)
    tag(doc, "endif")


def make() -> Document:
    doc = base_document("รายงานการประชุม")
    title_lines(doc)
    title_rule(doc)
    people(doc, "ผู้มาประชุม", "present")
    people(doc, "ผู้ไม่มาประชุม", "absent")
    people(doc, "ผู้เข้าร่วมประชุม", "attending")
    tag(doc, "if start_line")
    blank(doc)
    para(doc, "{{ start_line }}")
    tag(doc, "endif")
    tag(doc, "for item in agenda")
    tag(doc, "set last_item = loop.last")
    blank(doc, keep_next=True)
    para(doc, "{{ item.heading }}\t{{ item.title }}", bold=True, left=AGENDA_LABEL, hanging=AGENDA_LABEL,
         keep_next=True)
    body_paragraphs(doc, "item.paragraphs", keep_last="last_item")
    tag(doc, "endfor")
    tag(doc, "if end_line")
    blank(doc, keep_next=True)
    para(doc, "{{ end_line }}", keep_next=True)
    tag(doc, "endif")
    blank(doc, keep_next=True)
    signature_block(doc, None, lines="recorder_lines")
    tag(doc, "if checker_lines")
    blank(doc, keep_next=True)
    signature_block(doc, None, lines="checker_lines")
    tag(doc, "endif")
    return doc
