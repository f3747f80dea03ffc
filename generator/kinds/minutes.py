"""รายงานการประชุม: the minutes of a meeting, on plain paper, numbered ครั้งที่ N/พ.ศ. each year."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from generator.kinds import Kind
from generator.kinds.proclamation import prefixed
from generator.letter.schema import (
    DigitStyle,
    LetterDate,
    RunningNumber,
    Signer,
    Strict,
    Text,
    TimeOfDay,
    _mapping_from_text,
)
from generator.render.resolve import Resolver

RECORDER = "ผู้จดรายงานการประชุม"
CHECKER = "ผู้ตรวจรายงานการประชุม"


class Attendee(Strict):
    name: Text = Field(description="ชื่อ - สกุล")
    position: str | None = Field(None, description="ตำแหน่ง (ในคณะที่ประชุม)")
    note: str | None = Field(None, description="หมายเหตุ เช่น ประชุมแทน… หรือเหตุที่ไม่มาประชุม")


AttendeeItem = Annotated[Attendee, BeforeValidator(_mapping_from_text("name"))]


class AgendaItem(Strict):
    title: Text = Field(description="ชื่อระเบียบวาระ เช่น เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ")
    text: str | None = Field(None, description="ข้อความ: ย่อหน้าคั่นด้วยบรรทัดว่าง, 1. ข้อย่อย, **มติที่ประชุม**")


class Minutes(Strict):
    kind: Literal["minutes"] = Field(description="ชนิดของหนังสือ: minutes = รายงานการประชุม")
    title: Text = Field(description="ชื่อคณะที่ประชุมหรือชื่อการประชุม (ต่อท้ายคำว่า รายงานการประชุม)")
    session: RunningNumber | None = Field(
        None, description="ครั้งที่ประชุม นับจาก ๑ ทุกปีปฏิทิน พิมพ์ ครั้งที่ N/พ.ศ.")
    date: LetterDate = Field(description="วันที่ประชุม เช่น 2025-01-15")
    place: Text = Field(description="สถานที่ประชุม (คำว่า ณ ใส่ให้เอง)")
    present: list[AttendeeItem] = Field(min_length=1, description="ผู้มาประชุม: name, position, note")
    absent: list[AttendeeItem] = Field(default_factory=list, description="ผู้ไม่มาประชุม: note = เหตุที่ไม่มา")
    attending: list[AttendeeItem] = Field(default_factory=list, description="ผู้เข้าร่วมประชุม")
    start: TimeOfDay | None = Field(None, description="เริ่มประชุมเวลา เช่น 09:30")
    agenda: list[AgendaItem] = Field(min_length=1, description="ระเบียบวาระ: title และ text")
    end: TimeOfDay | None = Field(None, description="เลิกประชุมเวลา เช่น 12:00")
    recorder: Signer | Text = Field(description="ผู้จดรายงานการประชุม: name และ position หรือชื่อย่อใน signers")
    checker: Signer | Text | None = Field(None, description="ผู้ตรวจรายงานการประชุม (ถ้ามี)")
    digits: DigitStyle | None = Field(None, description="ตัวเลขไทย (thai) หรืออารบิก (arabic)")
    font: str | None = Field(None, description="แบบอักษรของฉบับนี้ (ค่าปริยายจาก agency.yaml)")


def table_rows(people: list[Attendee], r: Resolver) -> list[dict[str, str]]:
    """One numbered row per person: ที่, ชื่อ - สกุล, ตำแหน่ง, หมายเหตุ."""
    return [{"number": r.number(index), "name": r.text(person.name),
             "position": r.text(person.position), "note": r.text(person.note)}
            for index, person in enumerate(people, start=1)]


def agenda_items(letter: Minutes, r: Resolver) -> list[dict]:
    return [{"heading": f"ระเบียบวาระที่ {r.number(index)}", "title": r.text(item.title),
             "paragraphs": r.paragraphs(item.text or "")}
            for index, item in enumerate(letter.agenda, start=1)]


# The lines from which a signer's position says whom they act for: they sign letters so, not minutes.
ACTING = ("ปฏิบัติราชการแทน", "รักษาราชการแทน", "รักษาการในตำแหน่ง")


def signed_by(value: Signer | str | None, key: str, role: str, r: Resolver) -> list[str]:
    """(name), own position lines, then the role: ผู้จดรายงานการประชุม / ผู้ตรวจรายงานการประชุม.
    A recorder or checker signs for themselves: a signer's acting lines (ปฏิบัติราชการแทน
    นายอำเภอ…, as agency.yaml writes them for letters) are left out."""
    if value is None:
        return []
    lines = r.signature_lines(r.signer(value, key))
    acting = next((index for index, line in enumerate(lines) if index and line.startswith(ACTING)), len(lines))
    return lines[:acting] + [role]


def resolve(letter: Minutes, r: Resolver) -> tuple[dict, dict]:
    heading = prefixed("รายงานการประชุม", r.text(letter.title))
    context = {
        "secrecy": "",
        "title_lines": [heading,
                        f"ครั้งที่ {r.yearly_number(letter.session, letter.date)}",
                        f"เมื่อวันที่ {r.date(letter.date)}",
                        prefixed("ณ ", r.text(letter.place))],
        "present": table_rows(letter.present, r),
        "absent": table_rows(letter.absent, r),
        "attending": table_rows(letter.attending, r),
        "start_line": f"เริ่มประชุมเวลา {r.time(letter.start)}" if letter.start else "",
        "agenda": agenda_items(letter, r),
        "end_line": f"เลิกประชุมเวลา {r.time(letter.end)}" if letter.end else "",
        "recorder_lines": signed_by(letter.recorder, "recorder", RECORDER, r),
        "checker_lines": signed_by(letter.checker, "checker", CHECKER, r),
    }
    metadata = {"title": " ".join(context["title_lines"][:2]), "author": r.agency.profile.name or "",
                "subject": letter.title, "date": letter.date,
                "signatures": [lines for lines in (context["recorder_lines"], context["checker_lines"]) if lines]}
    return context, metadata


KIND = Kind(name="minutes", thai="รายงานการประชุม", model=Minutes, template="minutes.docx",
            resolve=resolve,
            # ครั้งที่ counts the meetings of one body (each committee its own series), so the
            # agency's sending register neither issues nor checks it: the clerk writes `session:`.
            numbering="none")
