"""ระเบียบ: a regulation (หนังสือสั่งการ), its body numbered clauses ข้อ ๑ …"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds.proclamation import Enactment, enactment_kind


class Regulation(Enactment):
    kind: Literal["regulation"] = Field(description="ชนิดของหนังสือ: regulation = ระเบียบ")


KIND = enactment_kind("regulation", "ระเบียบ", "ระเบียบ", Regulation)
