"""The record of one receipt: ``received/<พ.ศ.>/<n>.yaml``, kept in git like a letter.

Written by ``saraban receive`` with Thai keys (a clerk reads and completes it; English keys are
read as well, one name per key as in letters: generator/data/thai_keys.yaml). Its schema is
:class:`Record`; ``saraban check`` validates every record and warns of the fields a clerk must
still fill (a scanned letter has no text to read them from).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, WithJsonSchema

from generator.errors import LetterError, Problem
from generator.letter.loader import load_yaml
from generator.letter.schema import Strict, validation_problems
from generator.letter.tree import RECEIVED_FOLDER, is_received_record
from generator.text import thai

FOLDER = RECEIVED_FOLDER            # inside the letters root: received/<พ.ศ.>/<n>.yaml and <n>.pdf
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# The fields a clerk must fill when the letter did not give them, with their Thai names.
TO_FILL = {"number": "ที่", "date": "ลงวันที่", "sender": "จาก", "to": "ถึง", "subject": "เรื่อง"}
THAI = {"receipt": "เลขรับ", "received": "วันเวลาที่รับ", **TO_FILL, "action": "การปฏิบัติ",
        "remarks": "หมายเหตุ", "original": "ต้นฉบับ", "sha256": "sha256", "stamp": "ตรารับ"}
STAMP_THAI = {"page": "หน้า", "left_cm": "ซ้าย", "top_cm": "บน", "placed": "ที่วาง"}


def _received_at(value: Any) -> Any:
    """``2024-09-05 13:40`` (Thai digits too) → a datetime to the minute."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:.](\d{2})(?::00)?", thai.arabic_digits(value.strip()))
        if match:
            year, month, day, hour, minute = map(int, match.groups())
            try:
                return dt.datetime(year, month, day, hour, minute)
            except ValueError:
                pass
    raise ValueError("expected the date and time received, such as 2024-09-05 13:40 (Christian era)")


ReceivedAt = Annotated[dt.datetime, BeforeValidator(_received_at),
                       WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}$"})]


class StampPlace(Strict):
    page: int = Field(1, ge=1, description="หน้าที่ประทับตรารับ")
    left_cm: float = Field(description="ระยะจากขอบซ้ายของกระดาษ (ซม.)")
    top_cm: float = Field(description="ระยะจากขอบบนของกระดาษ (ซม.)")
    placed: str | None = Field(None, description="ที่วางตรารับ: มุมขวาบน หรือที่ว่างที่ใกล้ที่สุด")


class Record(Strict):
    """หนังสือรับ: one received letter, as the receiving register (ทะเบียนหนังสือรับ) lists it."""

    receipt: int = Field(ge=1, description="เลขทะเบียนรับ (เลขรับ) เรียงตามปีปฏิทิน")
    received: ReceivedAt = Field(description="วันเวลาที่รับ เช่น 2024-09-05 13:40")
    number: str | None = Field(None, description="ที่ (เลขที่หนังสือของผู้ส่ง)")
    date: dt.date | None = Field(None, description="ลงวันที่ของหนังสือ (ค.ศ.) เช่น 2024-09-02")
    sender: str | None = Field(None, description="จาก: ส่วนราชการเจ้าของหนังสือ")
    to: str | None = Field(None, description="ถึง: ผู้รับตามหนังสือ (เรียน/ถึง)")
    subject: str | None = Field(None, description="เรื่อง")
    action: str | None = Field(None, description="การปฏิบัติ")
    remarks: str | None = Field(None, description="หมายเหตุ")
    original: str | None = Field(None, description="ชื่อไฟล์ที่ได้รับ")
    sha256: str | None = Field(None, pattern=SHA256_PATTERN, description="ลายนิ้วมือ SHA-256 ของไฟล์ที่ได้รับ")
    stamp: StampPlace | None = Field(None, description="ตำแหน่งตรารับบนหน้าแรก")

    def missing(self) -> list[str]:
        return [key for key in TO_FILL if getattr(self, key) in (None, "")]


# --------------------------------------------------------------------- files

def folder_of(root: Path, year_be: int) -> Path:
    return root / FOLDER / str(year_be)


def is_record(file: Path) -> bool:
    """A YAML file in a ``received/<year>/`` folder."""
    return file.suffix in (".yaml", ".yml") and is_received_record(file)


def records_under(paths: list[Path]) -> list[Path]:
    """Every record under ``paths`` (files named are taken as they are, if they are records)."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(_records_in(path))
        elif is_record(path):
            found.add(path)
    return sorted(found)


def _records_in(top: Path) -> list[Path]:
    """The records below ``top``, not in hidden folders: only the files of ``received/<year>/``
    folders are looked at (a tree of 10,000 letters is not listed file by file in Python)."""
    found = []
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        here = Path(folder)
        if here.name.isdigit() and here.parent.name == RECEIVED_FOLDER:
            found += [here / name for name in files if not name.startswith(".")
                      and is_record(here / name) and (here / name).is_file()]
    return found


def load_record(file: Path) -> tuple[Record, Any]:
    """The record in ``file`` and its source (lines); LetterError with every problem."""
    source = load_yaml(file)
    if not isinstance(source.data, dict):
        raise LetterError([Problem(file, 1, None, "หนังสือรับ", "a record of a received letter is a mapping of keys",
                                   "see docs/receiving.md")])
    try:
        return Record.model_validate(source.data), source
    except ValidationError as exc:
        raise LetterError(validation_problems(exc, source, Record)) from None


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(value, dt.datetime):
        return json.dumps(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)       # a JSON string is a YAML double-quoted scalar


def record_text(record: Record, made: str) -> str:
    """The record as YAML with Thai keys; a field still to fill is left empty with a comment."""
    lines = [f"# หนังสือรับ (received letter): {made}",
             "# กรอกช่องที่ว่างและการปฏิบัติ แล้ว commit / fill the empty fields and the action, then commit"]
    for key, thai_key in THAI.items():
        value = getattr(record, key)
        if key == "stamp":
            if value is not None:
                lines.append(f"{thai_key}:")
                lines += [f"  {STAMP_THAI[k]}: {_scalar(getattr(value, k))}" for k in STAMP_THAI
                          if getattr(value, k) is not None]
            continue
        if key in TO_FILL and value in (None, ""):
            lines.append(f"{thai_key}:      # ต้องกรอก: อ่านจากหนังสือไม่ได้ (to fill: not read from the letter)")
            continue
        if value is None and key in ("action", "remarks"):
            lines.append(f'{thai_key}: ""')
            continue
        if value is not None:
            lines.append(f"{thai_key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------- checking records

def check_record(file: Path) -> list[Problem]:
    """Problems of one record: schema errors; its stamped copy missing; the fields still to fill."""
    try:
        record, source = load_record(file)
    except LetterError as exc:
        return exc.problems
    problems = []
    if str(record.receipt) != file.stem:
        problems.append(Problem(file, source.line_of(("receipt",)), "receipt", THAI["receipt"],
                                f"the record of receipt {record.receipt} is named {file.name}",
                                f"name it {record.receipt}{file.suffix}"))
    if str(thai.buddhist_year(record.received.year)) != file.parent.name:
        problems.append(Problem(file, source.line_of(("received",)), "received", THAI["received"],
                                f"received in พ.ศ. {thai.buddhist_year(record.received.year)}, filed under {file.parent.name}",
                                "receipts are numbered through the calendar year of their receipt"))
    if not file.with_suffix(".pdf").is_file():
        problems.append(Problem(file, None, None, "ตรารับ", f"the stamped copy {file.with_suffix('.pdf').name} is missing",
                                "keep the stamped PDF beside its record", "warning"))
    for key in record.missing():
        problems.append(Problem(file, source.line_of((key,)), key, TO_FILL[key], "is still to fill",
                                "read it from the received letter and write it here", "warning"))
    return problems
