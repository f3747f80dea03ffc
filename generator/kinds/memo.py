"""บันทึกข้อความ: the memo, inside an agency (หนังสือภายใน on memo paper)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds import Kind
from generator.kinds.external import letter_number
from generator.letter.schema import (
    LetterDate,
    LetterOverrides,
    Numbered,
    Secrecy,
    Signer,
    Text,
    Urgency,
)
from generator.render.resolve import Resolver

EMBLEM_HEIGHT_MM = 15
TITLE = "บันทึกข้อความ"


class Memo(Numbered, LetterOverrides):
    kind: Literal["memo"] = Field(description="ชนิดของหนังสือ: memo = บันทึกข้อความ")
    unit: Text | None = Field(None, description="ส่วนราชการ (ค่าปริยาย: ส่วนราชการเจ้าของเรื่องใน agency.yaml)")
    phone: str | None = Field(None, description="โทร. ต่อท้ายส่วนราชการ (ค่าปริยายจาก agency.yaml)")
    circular: bool = Field(False, description="หนังสือเวียน: พิมพ์ ว หน้าเลขที่")
    date: LetterDate = Field(description="วันที่ เช่น 2025-03-10; 2025-03 = เว้นวันที่ว่างไว้")
    urgency: Urgency | None = Field(None, description="ชั้นความเร็ว: ด่วนที่สุด ด่วนมาก ด่วน")
    secrecy: Secrecy | None = Field(None, description="ชั้นความลับ: ลับที่สุด ลับมาก ลับ")
    subject: Text = Field(description="เรื่อง")
    to: Text = Field(description="ผู้รับ (คำว่า เรียน ใส่ให้เอง)")
    salutation: str | None = Field(None, description="คำขึ้นต้น แทนคำว่า เรียน")
    body: Text = Field(description="ข้อความ: ย่อหน้าคั่นด้วยบรรทัดว่าง, 1. ข้อย่อย, **ตัวหนา**")
    signer: Signer | Text = Field(description="ผู้ลงนาม: name และ position หรือชื่อย่อใน signers ของ agency.yaml")


def unit_line(memo: Memo, r: Resolver) -> str:
    """ส่วนราชการ: the unit and its phone; both from the profile unless the memo names its unit."""
    profile = r.agency.profile
    contact = profile.contact
    if memo.unit is not None:
        unit, phone = memo.unit, memo.phone
    else:
        unit = (contact.unit if contact else None) or profile.name or ""
        phone = memo.phone or (contact.phone if contact else None)
    return r.text(f"{unit} โทร. {phone}" if phone else unit)


def resolve(memo: Memo, r: Resolver) -> tuple[dict, dict]:
    number = letter_number(memo, r)
    context = {
        "urgency": memo.urgency or "",
        "secrecy": memo.secrecy or "",
        "emblem": r.emblem(EMBLEM_HEIGHT_MM, own=memo.emblem),
        "title": TITLE,
        "unit": unit_line(memo, r),
        "number": number,
        "date": r.date(memo.date),
        "subject": r.text(memo.subject),
        "salutation": r.salutation(memo.to, memo.salutation, None)[0],   # a memo has no closing
        "to": r.addressee(memo.to),
        "body": r.paragraphs(memo.body),
        "signature_lines": r.signature_lines(r.signer(memo.signer)),
    }
    metadata = {"title": memo.subject, "author": r.agency.profile.name or "", "subject": f"ที่ {number}",
                "date": memo.date, "signatures": [context["signature_lines"]]}
    return context, metadata


KIND = Kind(name="memo", thai="บันทึกข้อความ", model=Memo, template="memo.docx", resolve=resolve)
