"""The order (คำสั่ง): templates/order.docx, the layout of builders/proclamation.py.

A template of its own, so that an office can adjust its orders in Word without touching its
announcements."""
from __future__ import annotations

from docx import Document

from generator.render.builders.proclamation import layout

NAME = "order"


def make() -> Document:
    return layout("คำสั่ง")
