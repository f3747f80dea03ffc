"""Announcements, regulations and by-laws (ประกาศ, ระเบียบ, ข้อบังคับ): templates/proclamation.docx.

Garuda paper: the emblem 3 cm high at the top centre, the title lines centred and bold, a short
rule, the body (first lines indented 2.5 cm), then the date phrase and the signature, centred.
Orders use the same layout (builders/order.py) in a template of their own.
"""
from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.render.builders.kit import (
    BODY_INDENT,
    base_document,
    blank,
    body_paragraphs,
    para,
    signature_block,
    tag,
    title_lines,
    title_rule,
)

NAME = "proclamation"


def layout(title: str) -> Document:
    doc = base_document(title)
    para(doc, "{{ emblem }}", align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
    title_lines(doc)
    title_rule(doc)
    blank(doc)
    body_paragraphs(doc)
    tag(doc, "if effective")
    para(doc, "{{ effective }}", first=BODY_INDENT, jc="thaiDistribute", keep_next=True, widow_control=True)
    tag(doc, "endif")
    blank(doc, keep_next=True)
    signature_block(doc, "{{ date_line }}", left=0.0, centre_heading=True)
    return doc


def make() -> Document:
    return layout("ประกาศ ระเบียบ ข้อบังคับ")
