"""ข้อบังคับ: a by-law (หนังสือสั่งการ), its body numbered clauses ข้อ ๑ …"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds.proclamation import Enactment, enactment_kind


class Bylaw(Enactment):
    kind: Literal["bylaw"] = Field(description="ชนิดของหนังสือ: bylaw = ข้อบังคับ")


KIND = enactment_kind("bylaw", "ข้อบังคับ", "ข้อบังคับ", Bylaw)
