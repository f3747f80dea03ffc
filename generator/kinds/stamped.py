"""หนังสือประทับตรา: the stamped letter, for minor matters; the office's red seal instead of a signature."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds import Kind
from generator.kinds.external import EMBLEM_HEIGHT_MM, number_line
from generator.letter.schema import (
    Contact,
    LetterDate,
    LetterOverrides,
    Numbered,
    Secrecy,
    Text,
    Urgency,
)
from generator.render.resolve import Resolver

TO_WORD = "ถึง"


class StampedLetter(Numbered, LetterOverrides):
    kind: Literal["stamped"] = Field(description="ชนิดของหนังสือ: stamped = หนังสือประทับตรา")
    circular: bool = Field(False, description="หนังสือเวียน: พิมพ์ ว หน้าเลขที่")
    urgency: Urgency | None = Field(None, description="ชั้นความเร็ว: ด่วนที่สุด ด่วนมาก ด่วน")
    secrecy: Secrecy | None = Field(None, description="ชั้นความลับ: ลับที่สุด ลับมาก ลับ")
    to: Text = Field(description="ผู้รับ (คำว่า ถึง ใส่ให้เอง)")
    body: Text = Field(description="ข้อความ: ย่อหน้าคั่นด้วยบรรทัดว่าง, 1. ข้อย่อย, **ตัวหนา**")
    sender: Text | None = Field(None, description="ส่วนราชการส่ง (ค่าปริยาย: ชื่อส่วนราชการใน agency.yaml)")
    seal: Text | None = Field(None, description="ข้อความในตราชื่อส่วนราชการ (ค่าปริยาย: ชื่อส่วนราชการ)")
    date: LetterDate = Field(description="วัน เดือน ปี เช่น 2025-03-10; 2025-03 = เว้นวันที่ว่างไว้")
    contact: Contact | None = Field(None, description="ส่วนราชการเจ้าของเรื่อง (ค่าปริยายจาก agency.yaml)")


def resolve(letter: StampedLetter, r: Resolver) -> tuple[dict, dict]:
    profile = r.agency.profile
    office = profile.name or ""
    emblem = r.emblem(EMBLEM_HEIGHT_MM, own=letter.emblem)
    context = {
        "urgency": letter.urgency or "",
        "secrecy": letter.secrecy or "",
        "number_line": number_line(letter, r),
        "emblem": emblem,
        "to_word": TO_WORD,
        "to": r.addressee(letter.to, [TO_WORD]),
        "body": r.paragraphs(letter.body),
        "sender": r.text(letter.sender or office),
        "seal": r.seal(r.text(letter.seal or office), emblem),
        "date": r.date(letter.date),
        "contact_lines": r.contact_lines(letter.contact or profile.contact),
    }
    metadata = {"title": f"{TO_WORD} {letter.to}", "author": office, "subject": context["number_line"],
                "date": letter.date}
    return context, metadata


KIND = Kind(name="stamped", thai="หนังสือประทับตรา", model=StampedLetter,
            template="stamped.docx", resolve=resolve)
