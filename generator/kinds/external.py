"""หนังสือภายนอก: the external letter, between offices and to people outside government."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds import Kind
from generator.letter.schema import (
    QR,
    Contact,
    EnclosureItem,
    LetterDate,
    LetterOverrides,
    Lines,
    Numbered,
    Secrecy,
    Send,
    Signer,
    Text,
    Urgency,
)
from generator.render.resolve import Resolver

EMBLEM_HEIGHT_MM = 30


class ExternalLetter(Numbered, LetterOverrides):
    kind: Literal["external"] = Field(description="ชนิดของหนังสือ: external = หนังสือภายนอก")
    circular: bool = Field(False, description="หนังสือเวียน: พิมพ์ ว หน้าเลขที่ เช่น /ว ๒๗๓๗")
    date: LetterDate = Field(description="ลงวันที่ เช่น 2024-09-02; 2024-09 = ร่าง เว้นวันที่ว่างไว้")
    urgency: Urgency | None = Field(None, description="ชั้นความเร็ว: ด่วนที่สุด ด่วนมาก ด่วน")
    secrecy: Secrecy | None = Field(None, description="ชั้นความลับ: ลับที่สุด ลับมาก ลับ")
    subject: Text = Field(description="เรื่อง")
    to: Text = Field(description="ผู้รับ (คำว่า เรียน ใส่ให้เอง)")
    salutation: str | None = Field(None, description="คำขึ้นต้น แทนคำว่า เรียน")
    references: Lines = Field(default_factory=list, description="อ้างถึง")
    enclosures: list[EnclosureItem] = Field(default_factory=list, description="สิ่งที่ส่งมาด้วย")
    qr: QR | None = Field(None, description="คิวอาร์โค้ดท้ายหนังสือ แทนคิวอาร์โค้ดของสิ่งที่ส่งมาด้วยแต่ละรายการ")
    body: Text = Field(description="ข้อความ: ย่อหน้าคั่นด้วยบรรทัดว่าง, 1. ข้อย่อย, **ตัวหนา**")
    closing: str | None = Field(None, description="คำลงท้าย (ค่าปริยาย ขอแสดงความนับถือ)")
    signer: Signer | Text = Field(description="ผู้ลงนาม: name และ position หรือชื่อย่อใน signers ของ agency.yaml")
    contact: Contact | None = Field(None, description="ส่วนราชการเจ้าของเรื่อง (ค่าปริยายจาก agency.yaml)")
    copies: Lines = Field(default_factory=list, description="สำเนาส่ง")
    address: Lines | None = Field(None, description="ที่ตั้งส่วนราชการ (ค่าปริยายจาก agency.yaml)")
    send: Send | None = Field(None, description="การส่ง: electronic = ส่งทางระบบสารบรรณอิเล็กทรอนิกส์, paper = ส่งเป็นกระดาษ")


def letter_number(letter: ExternalLetter, r: Resolver) -> str:
    """``พบ ๐๐๒๓.๑๐/ว ๒๗๓๗``; without a number, blank after the slash for the clerk."""
    code = r.text(letter.code or r.agency.profile.code or "")
    series = "ว " if getattr(letter, "circular", False) else ""
    number = r.running_number(letter.number)
    return f"{code}/{series}{number}".rstrip()


def number_line(letter: ExternalLetter, r: Resolver) -> str:
    """``ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗``: the number after the word ที่."""
    return f"ที่ {letter_number(letter, r)}"


def enclosure_text(enclosure, r: Resolver) -> str:
    text = r.text(enclosure.title)
    return f"{text} จำนวน {r.text(enclosure.count)}" if enclosure.count else text


def qr_codes(letter: ExternalLetter, r: Resolver) -> list[dict]:
    """A letter-level QR code, or one per enclosure that has a URL."""
    if letter.qr is not None:
        caption = letter.qr.caption or "สแกนเพื่อดาวน์โหลดสิ่งที่ส่งมาด้วย"
        return [{"image": r.qr(letter.qr.url), "caption": r.text(caption), "url": letter.qr.url}]
    several = len(letter.enclosures) > 1
    codes = []
    for index, enclosure in enumerate(letter.enclosures, start=1):
        if enclosure.url:
            label = f"สิ่งที่ส่งมาด้วย {r.number(index)}" if several else "สิ่งที่ส่งมาด้วย"
            codes.append({"image": r.qr(enclosure.url), "caption": f"{label} (สแกนเพื่อดาวน์โหลด)",
                          "url": enclosure.url})
    return codes


def resolve(letter: ExternalLetter, r: Resolver) -> tuple[dict, dict]:
    profile = r.agency.profile
    signer = r.signer(letter.signer)
    salutation, closing = r.salutation(letter.to, letter.salutation, letter.closing)
    address = letter.address if letter.address is not None else profile.address
    context = {
        "urgency": letter.urgency or "",
        "secrecy": letter.secrecy or "",
        "number_line": number_line(letter, r),
        "emblem": r.emblem(EMBLEM_HEIGHT_MM, own=letter.emblem),
        "sender_lines": r.sender_lines(address),
        "date": r.date(letter.date),
        "subject": r.text(letter.subject),
        "salutation": salutation,
        "to": r.addressee(letter.to),
        "references": r.numbered("อ้างถึง", [r.text(ref) for ref in letter.references]),
        "enclosures": r.numbered("สิ่งที่ส่งมาด้วย", [enclosure_text(e, r) for e in letter.enclosures]),
        "body": r.paragraphs(letter.body),
        "closing": closing,
        "signature_lines": r.signature_lines(signer),
        "contact_lines": r.contact_lines(letter.contact or profile.contact),
        "copies": r.numbered("สำเนาส่ง", [r.text(copy) for copy in letter.copies]),
        "qr_codes": qr_codes(letter, r),
    }
    metadata = {"title": letter.subject, "author": profile.name or "", "subject": context["number_line"],
                "date": letter.date, "signatures": [context["signature_lines"]]}
    return context, metadata


KIND = Kind(name="external", thai="หนังสือภายนอก", model=ExternalLetter,
            template="external.docx", resolve=resolve)
