"""The fields of a received letter read from its PDF's text layer (PDFium): ที่, ลงวันที่, เรื่อง,
เรียน/ถึง and the sender (ส่วนราชการเจ้าของหนังสือ: a memo's ส่วนราชการ line, else the first
line of the block at the top right of an external letter, else the PDF's Author, which saraban
writes). The standard layout puts each part at the start of its own line, so the lines of page 1
are rebuilt from the characters' positions and read by their first words.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields

from generator.text import thai

GAP = 36.0              # points between two characters of a line that start a new segment
DOTS = re.compile(r"\s*(?:\.{3,}|…{2,})\s*")   # a memo's dotted lines between its parts
MARKS = {"ลับ", "ลับมาก", "ลับที่สุด", "ด่วน", "ด่วนมาก", "ด่วนที่สุด", "สำเนา", "ปกปิด"}
HEAD_SPAN = 60.0        # points above the ที่ line where the sender's block may start
FIELDS = ("number", "date", "sender", "to", "subject")


@dataclass
class Read:
    number: str | None = None
    date: dt.date | None = None
    sender: str | None = None
    to: str | None = None
    subject: str | None = None

    def missing(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) in (None, "")]


@dataclass
class Segment:
    text: str
    left: float
    top: float


def segments(page) -> list[Segment]:
    """Runs of text of ``page`` in PDFium's reading order: its lines, each cut where a wide gap
    separates two characters (the left and right blocks of a letter's head may share a line)."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    count = min(textpage.count_chars(), len(text))
    out: list[Segment] = []
    buffer: list[str] = []
    start = top = last_right = None
    for index in range(count + 1):
        char = text[index] if index < count else "\n"
        box = textpage.get_charbox(index) if index < count and char not in "\r\n" else None
        if box is None or (buffer and box[0] - last_right > GAP):
            if buffer and "".join(buffer).strip():
                out.append(Segment("".join(buffer).strip(), start, top))
            buffer, start, top, last_right = [], None, None, None
            if box is None:
                continue
        if start is None:
            start, top, last_right = box[0], box[3], box[2]
        buffer.append(char)
        last_right, top = max(last_right, box[2]), max(top, box[3]) if char.strip() else top
    return out


_MONTHS = {name: index + 1 for index, name in enumerate(thai.MONTHS)}
_MONTHS.update({name: index + 1 for index, name in enumerate(thai.MONTHS_SHORT)})
_DATE = re.compile(r"(?:วันที่\s*)?(\d{1,2})\s+(" + "|".join(map(re.escape, sorted(_MONTHS, key=len, reverse=True)))
                   + r")\s*(?:พ\.ศ\.\s*)?(\d{4})$")


def thai_date(text: str) -> dt.date | None:
    """``๒ กันยายน ๒๕๖๗`` (or ``2 ก.ย. 2567``) as a date; None when it is no such date."""
    match = _DATE.search(thai.arabic_digits(" ".join(text.split())))
    if not match:
        return None
    day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    try:
        return dt.date(year - thai.BUDDHIST_ERA_OFFSET if year > 2400 else year, month, day)
    except ValueError:
        return None


def _after(text: str, *words: str) -> str | None:
    for word in words:
        if text.startswith(word) and (len(text) == len(word) or text[len(word)] in " \t"):
            return text[len(word):].strip() or None
    return None


LABELS = ("ที่", "เรื่อง", "เรียน", "ถึง", "อ้างถึง", "สิ่งที่ส่งมาด้วย", "ส่วนราชการ", "วันที่")
NEXT_LINE = 36.0        # points from one line's top to the next one's, at most
BODY_INDENT = 2.2 * 72 / 2.54   # a paragraph's first line is indented 2.5 cm: not a continuation


def _continued(runs: list[Segment], index: int, value: str) -> str:
    """``value`` with the lines after it that continue it: the next line down, starting under the
    value (right of the label, left of a paragraph's indent), not with a part's label (a subject
    too long for one line)."""
    run = runs[index]
    for following in runs[index + 1:]:
        if not (run.left + 10 < following.left < run.left + BODY_INDENT and 0 < run.top - following.top <= NEXT_LINE) \
                or _after(following.text, *LABELS) or following.text in LABELS:
            break
        value, run = f"{value} {following.text}", Segment(following.text, run.left, following.top)
    return value


def read_fields(document) -> Read:
    """What page 1 of ``document`` (a pypdfium2 PdfDocument) says of itself."""
    if len(document) == 0:
        return Read()
    page = document[0]
    width = page.get_width()
    found = Read()
    number_top = date_top = None
    runs = [Segment(part, run.left, run.top) for run in segments(page) for part in DOTS.split(run.text) if part]
    for index, run in enumerate(runs):
        if found.number is None and (value := _after(run.text, "ที่")) and not value.startswith("ว่าการ"):
            found.number, number_top = value, run.top
        elif found.sender is None and (value := _after(run.text, "ส่วนราชการ")):
            found.sender = re.split(r"\s+โทร\.?\s", value)[0].strip()
        elif found.subject is None and (value := _after(run.text, "เรื่อง")):
            found.subject = _continued(runs, index, value)
        elif found.to is None and (value := _after(run.text, "เรียน", "ถึง")):
            found.to = _continued(runs, index, value)
        elif found.date is None and (day := thai_date(run.text)):
            found.date, date_top = day, run.top
    if found.sender is None and number_top is not None:
        top_right = [r for r in runs if r.left > width * 0.5 and number_top - 2 <= r.top <= number_top + HEAD_SPAN
                     and (date_top is None or r.top > date_top) and r.text not in MARKS]
        if top_right:
            found.sender = top_right[0].text
    if found.sender is None:
        found.sender = (document.get_metadata_dict().get("Author") or "").strip() or None
    return found
