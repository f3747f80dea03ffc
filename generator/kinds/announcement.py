"""ประกาศ: an announcement (หนังสือประชาสัมพันธ์)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds import Kind
from generator.kinds.proclamation import (
    TEMPLATE,
    Proclamation,
    context,
    issuer,
    prefixed,
)
from generator.render.resolve import Resolver


class Announcement(Proclamation):
    kind: Literal["announcement"] = Field(description="ชนิดของหนังสือ: announcement = ประกาศ")


def resolve(letter: Announcement, r: Resolver) -> tuple[dict, dict]:
    title = [prefixed("ประกาศ", issuer(letter, r)), prefixed("เรื่อง ", r.text(letter.subject))]
    return context(letter, r, title, r.paragraphs(letter.body),
                   f"ประกาศ ณ วันที่ {r.formal_date(letter.date)}")


KIND = Kind(name="announcement", thai="ประกาศ", model=Announcement, template=TEMPLATE, resolve=resolve,
            numbering="none")
