"""What orders, announcements, regulations and by-laws share (หนังสือสั่งการ, หนังสือประชาสัมพันธ์).

All four are on garuda paper: the emblem 3 cm high at the top centre, the title lines centred
(คำสั่ง…/ที่…/เรื่อง…, ประกาศ…/เรื่อง…, ระเบียบ…/ว่าด้วย…/พ.ศ. …), the body, the date phrase
(สั่ง ณ วันที่ …, ประกาศ ณ วันที่ …) and the signature, centred. This module holds their common
keys and resolve; ``order``, ``announcement``, ``regulation`` and ``bylaw`` are each a small
module with its own ``KIND``.
"""
from __future__ import annotations

from pydantic import Field

from generator.errors import LetterError
from generator.kinds import Kind
from generator.kinds.external import (
    EMBLEM_HEIGHT_MM,  # garuda paper: the same 3 cm emblem
)
from generator.letter.schema import (
    DigitStyle,
    LetterDate,
    RunningNumber,
    Signer,
    Strict,
    Text,
)
from generator.render.resolve import Resolver, Runs
from generator.text.thai import buddhist_year

TEMPLATE = "proclamation.docx"


class Proclamation(Strict):
    """Keys every kind here has; a kind adds its own ``kind:`` literal and any extra keys."""

    issuer: Text | None = Field(
        None, description="ผู้ออก: ส่วนราชการหรือตำแหน่ง ต่อท้ายคำว่า คำสั่ง/ประกาศ/ระเบียบ (ค่าปริยาย name ใน agency.yaml)")
    date: LetterDate = Field(description="วันที่ลงนาม เช่น 2024-12-25; 2024-12 = ร่าง เว้นวันที่ว่างไว้")
    subject: Text = Field(description="เรื่อง (คำสั่ง ประกาศ) หรือ ว่าด้วย (ระเบียบ ข้อบังคับ)")
    body: Text = Field(description="ข้อความ: ย่อหน้าคั่นด้วยบรรทัดว่าง, 1. ข้อย่อย, **ตัวหนา**")
    signer: Signer | Text = Field(description="ผู้ลงนาม: name และ position หรือชื่อย่อใน signers ของ agency.yaml")
    digits: DigitStyle | None = Field(None, description="ตัวเลขไทย (thai) หรืออารบิก (arabic)")
    emblem: str | None = Field(None, description="ไฟล์ภาพตราครุฑของฉบับนี้ เทียบกับที่ตั้งของไฟล์นี้")
    font: str | None = Field(None, description="แบบอักษรของฉบับนี้ (ค่าปริยายจาก agency.yaml)")


class Enactment(Proclamation):
    """A regulation or by-law: its body is clauses (ข้อ ๑ …), it may be an amending edition."""

    edition: RunningNumber | None = Field(
        None, description="ฉบับที่ (เมื่อมีระเบียบเรื่องเดียวกันเกิน ๑ ฉบับ) พิมพ์ (ฉบับที่ ๒) ใต้ชื่อ")


def prefixed(word: str, text: str) -> str:
    """``word`` + ``text``, unless the writer already began ``text`` with ``word``."""
    return text if text.startswith(word) else word + text


def issuer(letter: Proclamation, r: Resolver) -> str:
    """The issuing office or position: the letter's ``issuer``, else the profile's name."""
    name = letter.issuer or r.agency.profile.name
    if not name:
        raise LetterError([r.problem(
            "issuer", "is required: agency.yaml has no `name` to use",
            "write the issuing office or position, e.g. issuer: อำเภอบ้านลาด")])
    return r.text(name)


def context(letter: Proclamation, r: Resolver, title_lines: list[str], body: list[Runs],
            date_line: str, effective: str = "") -> tuple[dict, dict]:
    """The flat context of the shared template, and the PDF's metadata."""
    signer = r.signer(letter.signer)
    values = {
        "secrecy": "",
        "emblem": r.emblem(EMBLEM_HEIGHT_MM, own=letter.emblem),
        "title_lines": title_lines,
        "body": body,
        "effective": effective,
        "date_line": date_line,
        "signature_lines": r.signature_lines(signer),
    }
    metadata = {"title": " ".join(title_lines), "author": r.agency.profile.name or "",
                "subject": letter.subject, "date": letter.date, "signatures": [values["signature_lines"]]}
    return values, metadata


def enactment_kind(name: str, thai: str, word: str, model: type[Enactment]) -> Kind:
    """A regulation or by-law: ``<word><issuer>`` / ``ว่าด้วย…`` / (ฉบับที่ N) / ``พ.ศ. …``,
    clauses ข้อ ๑ …, ``ประกาศ ณ วันที่ …``."""
    def resolve(letter: Enactment, r: Resolver) -> tuple[dict, dict]:
        title = [prefixed(word, issuer(letter, r)), prefixed("ว่าด้วย", r.text(letter.subject))]
        if letter.edition is not None:
            title.append(f"(ฉบับที่ {r.number(letter.edition)})")
        title.append(f"พ.ศ. {r.number(buddhist_year(letter.date.year))}")
        return context(letter, r, title, r.paragraphs(letter.body, item="ข้อ {} "),
                       f"ประกาศ ณ วันที่ {r.formal_date(letter.date)}")
    return Kind(name=name, thai=thai, model=model, template=TEMPLATE, resolve=resolve, numbering="none")

