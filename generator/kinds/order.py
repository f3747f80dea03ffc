"""คำสั่ง: an order (หนังสือสั่งการ), numbered N/พ.ศ. from 1 each calendar year."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import Field, PlainValidator, WithJsonSchema

from generator.kinds import Kind
from generator.kinds.proclamation import Proclamation, context, issuer, prefixed
from generator.letter.schema import DraftDate, Numbered, _letter_date
from generator.render.resolve import Resolver


def _date_or_words(value: Any) -> Any:
    """A date (``2025-01-01``), or words such as ``บัดนี้เป็นต้นไป``."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    try:
        return _letter_date(value)
    except ValueError as exc:
        if "Buddhist" in str(exc) or not isinstance(value, str):
            raise
        return value.strip()


EFFECTIVE_WORD = "ทั้งนี้"
Effective = Annotated[Union[dt.date, DraftDate, str], PlainValidator(_date_or_words),
                      WithJsonSchema({"type": "string"})]


class Order(Numbered, Proclamation):
    kind: Literal["order"] = Field(description="ชนิดของหนังสือ: order = คำสั่ง")
    effective: Effective | None = Field(
        None, description="ทั้งนี้ ตั้งแต่: วันที่ (2025-01-01) หรือข้อความ เช่น บัดนี้เป็นต้นไป")


def effective_line(letter: Order, r: Resolver) -> str:
    """``ทั้งนี้ ตั้งแต่วันที่ ๑ มกราคม พ.ศ. ๒๕๖๘ เป็นต้นไป`` or ``ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป``."""
    if letter.effective is None:
        return ""
    if isinstance(letter.effective, str):
        words = letter.effective.removeprefix(EFFECTIVE_WORD).strip()      # the whole phrase typed
        return f"{EFFECTIVE_WORD} " + prefixed("ตั้งแต่", r.text(words))
    return f"{EFFECTIVE_WORD} ตั้งแต่วันที่ {r.formal_date(letter.effective)} เป็นต้นไป"


def resolve(letter: Order, r: Resolver) -> tuple[dict, dict]:
    title = [prefixed("คำสั่ง", issuer(letter, r)),
             f"ที่ {r.yearly_number(letter.number, letter.date)}",
             prefixed("เรื่อง ", r.text(letter.subject))]
    return context(letter, r, title, r.paragraphs(letter.body),
                   f"สั่ง ณ วันที่ {r.formal_date(letter.date)}", effective_line(letter, r))


KIND = Kind(name="order", thai="คำสั่ง", model=Order, template="order.docx", resolve=resolve,
            numbering="yearly")
