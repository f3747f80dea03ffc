"""หนังสือรับรอง: the certificate, given to a person or body to certify a fact."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.kinds import Kind
from generator.kinds.external import EMBLEM_HEIGHT_MM, number_line
from generator.letter.schema import (
    LetterDate,
    LetterOverrides,
    Lines,
    Numbered,
    Signer,
    Text,
)
from generator.render.resolve import Resolver

TITLE = "หนังสือรับรอง"
DATE_PHRASE = "ให้ไว้ ณ วันที่"
# ระเบียบ ข้อ 24.7: the person's photo, 4 × 6 cm, bottom left, signed underneath.
PHOTO_WIDTH_MM, PHOTO_HEIGHT_MM = 40, 60


class Certificate(Numbered, LetterOverrides):
    kind: Literal["certificate"] = Field(description="ชนิดของหนังสือ: certificate = หนังสือรับรอง")
    body: Text = Field(description="ข้อความ: หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า … (ใคร รับรองเรื่องใด)")
    date: LetterDate = Field(description="ให้ไว้ ณ วันที่ เช่น 2025-03-10; 2025-03 = เว้นวันที่ว่างไว้")
    signer: Signer | Text = Field(description="ผู้ลงนาม: name และ position หรือชื่อย่อใน signers ของ agency.yaml")
    photo: Text | None = Field(None, description="รูปถ่ายผู้ได้รับการรับรอง ๔ × ๖ ซม. (PNG/JPEG เทียบกับไฟล์นี้)")
    holder: Text | None = Field(None, description="ชื่อเต็มของผู้ได้รับการรับรอง พิมพ์ใต้รูปถ่าย")
    address: Lines | None = Field(None, description="ส่วนราชการและที่ตั้ง (ค่าปริยายจาก agency.yaml)")


def resolve(letter: Certificate, r: Resolver) -> tuple[dict, dict]:
    profile = r.agency.profile
    address = letter.address if letter.address is not None else profile.address
    photo = r.picture("photo", letter.photo, PHOTO_WIDTH_MM, PHOTO_HEIGHT_MM) if letter.photo else None
    context = {
        "secrecy": "",                  # the shared page header's mark: a certificate carries none
        "number_line": number_line(letter, r),
        "emblem": r.emblem(EMBLEM_HEIGHT_MM, own=letter.emblem),
        "sender_lines": r.sender_lines(address),
        "title": TITLE,
        "body": r.paragraphs(letter.body),
        "date": f"{DATE_PHRASE} {r.date(letter.date)}",
        "signature_lines": r.signature_lines(r.signer(letter.signer)),
        "photo": photo or "",
        "holder": f"({r.text(letter.holder)})" if letter.holder else "",
    }
    metadata = {"title": TITLE, "author": profile.name or "", "subject": context["number_line"],
                "date": letter.date, "signatures": [context["signature_lines"]]}
    return context, metadata


KIND = Kind(name="certificate", thai="หนังสือรับรอง", model=Certificate,
            template="certificate.docx", resolve=resolve)
