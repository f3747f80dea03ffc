"""Letters of every kind whose bodies grow a line at a time, and the pagination rule read
back from their PDFs (tests/test_pagination.py; issue 12).

A body is made of UNIT, a run of short words a little shorter than one line: adding one
UNIT to a body adds one line to it, or none (never two), so a sweep of lengths puts the
letter's last body line at every line of a page. Paragraphs hold up to PARAGRAPH units,
so the page breaks fall at every position inside a paragraph too.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CM, Line

UNIT = "การดำเนินงาน ตามแผนงาน ของหน่วยงาน ในพื้นที่ ได้รับความร่วมมือ จากส่วนราชการ "
PARAGRAPH = 4                               # units per paragraph (about four lines)
CLOSING_LINE = "จึงเรียนมาเพื่อโปรดทราบ"       # the one-line last paragraph of a letter
SIGNER_NAME = "(นางสาววิสนีย์ จงใจจักร)"
SENDER = "ที่ทำการปกครองอำเภอบ้านลาด"
BODY_INDENT_X = 5.5 * CM                     # a paragraph's first line starts here (3 + 2.5 cm)
_INVISIBLE = str.maketrans("", "", " \u00a0\u200b\u2060\ufeff")

# What each kind's sign-off starts with: the body's last two lines must stand above it on its page.
SIGN_OFF = {
    "external": "ขอแสดงความนับถือ",
    "stamped": SENDER,
    "memo": SIGNER_NAME,
    "certificate": "ให้ไว้ ณ วันที่",
    "order": "สั่ง ณ วันที่",
    "announcement": "ประกาศ ณ วันที่",
    "regulation": "ประกาศ ณ วันที่",
    "bylaw": "ประกาศ ณ วันที่",
    "minutes": "เลิกประชุมเวลา",
}
KINDS = tuple(SIGN_OFF)

_HEAD = {
    "external": "kind: external\nnumber: {number}\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\n"
                "to: ผู้ทดสอบ\nsigner: district-chief\n",
    "stamped": f"kind: stamped\nnumber: {{number}}\ndate: 2025-01-15\nto: ผู้ทดสอบ\nsender: {SENDER}\n"
               f"seal: {SENDER}\n",
    "memo": "kind: memo\nnumber: {number}\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\n"
            "to: นายอำเภอบ้านลาด\nsigner: district-chief\n",
    "certificate": "kind: certificate\nnumber: {number}\ndate: 2025-01-15\nsigner: district-chief\n",
    "order": "kind: order\nnumber: {number}\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\n"
             "signer: district-chief\n",
    "announcement": "kind: announcement\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\nsigner: district-chief\n",
    "regulation": "kind: regulation\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\nsigner: district-chief\n",
    "bylaw": "kind: bylaw\nissuer: คณะกรรมการทดสอบ\ndate: 2025-01-15\nsubject: ทดสอบการแบ่งหน้า\n"
             "signer: district-chief\n",
    "minutes": "kind: minutes\ntitle: คณะกรรมการทดสอบ\nsession: {number}\ndate: 2025-01-15\n"
               "place: ห้องประชุมที่ว่าการอำเภอบ้านลาด\nstart: 09:30\nend: 12:00\n"
               "present:\n  - {{name: นางสาววิสนีย์ จงใจจักร, position: นายอำเภอบ้านลาด}}\n"
               "  - {{name: นายสมชาย ใจดี, position: ปลัดอำเภอ}}\n"
               "recorder:\n  name: นางสาวรัตนา บุญมา\n  position: ปลัดอำเภอ\n"
               "checker:\n  name: นายสมชาย ใจดี\n  position: ปลัดอำเภอ\n",
}
# Letters that end their body with a one-line paragraph (จึงเรียนมา…), as real ones do.
_CLOSING_LINE_KINDS = {"external", "stamped", "memo"}
# Kinds whose numbers run in the office's shared series (the others have their own).
_SHARED_SERIES = {"external", "stamped", "memo", "certificate"}


def body_text(kind: str, units: int) -> str:
    paragraphs = []
    while units > 0:
        size = min(PARAGRAPH, units)
        paragraphs.append((UNIT * size).strip())
        units -= size
    if kind in _CLOSING_LINE_KINDS:
        paragraphs.append(CLOSING_LINE)
    return "\n\n".join(paragraphs)


def letter_yaml(kind: str, units: int, number: int) -> str:
    body = textwrap.indent(body_text(kind, units), "  " if kind != "minutes" else "      ")
    head = _HEAD[kind].format(number=number)
    if kind == "minutes":
        return head + "agenda:\n  - title: เรื่องเพื่อพิจารณา\n    text: |\n" + body + "\n"
    return head + "body: |\n" + body + "\n"


def write_letters(folder: Path, lengths: dict[str, list[int]]) -> dict[str, tuple[str, int]]:
    """One letter per kind and length under ``folder``; returns {relative name: (kind, units)}."""
    folder.mkdir(parents=True, exist_ok=True)
    counters: dict[str, int] = {}
    written = {}
    for kind, units_list in lengths.items():
        for units in units_list:
            series = "shared" if kind in _SHARED_SERIES else kind
            counters[series] = counters.get(series, 0) + 1
            name = f"{kind}-{units:03d}"
            (folder / f"{name}.yaml").write_text(letter_yaml(kind, units, counters[series]), encoding="utf-8")
            written[name] = (kind, units)
    return written


def _plain(text: str) -> str:
    return text.translate(_INVISIBLE)


@dataclass
class Pagination:
    """What the rule needs from one rendered letter."""

    pages: int
    sign_off: Line
    body: list[Line]                         # the body's lines, in order

    def body_lines_on(self, page: int, above: float | None = None) -> list[Line]:
        return [line for line in self.body if line.page == page and (above is None or line.baseline < above)]

    def paragraphs(self) -> list[list[Line]]:
        """The body's lines grouped into paragraphs (a paragraph's first line is indented)."""
        groups: list[list[Line]] = []
        for line in self.body:
            if not groups or abs(line.x0 - BODY_INDENT_X) < 3:
                groups.append([])
            groups[-1].append(line)
        return groups


def read_pagination(kind: str, units: int, lines: list[Line], pages: int) -> Pagination:
    """The sign-off's line and the body's lines (lines whose text is part of the body's text)."""
    body_text_plain = _plain(body_text(kind, units))
    body = [line for line in lines if len(_plain(line.text)) > 3 and _plain(line.text) in body_text_plain]
    want = _plain(SIGN_OFF[kind])
    sign_off = next(line for line in lines if _plain(line.text).startswith(want))
    return Pagination(pages, sign_off, body)


def rule_problems(result: Pagination, units: int) -> list[str]:
    """Where the letter breaks the rule: a sign-off without the body's last two lines above it on
    its page, a paragraph with one line alone at a page's foot or head, a page after the sign-off."""
    problems = []
    above = result.body_lines_on(result.sign_off.page, result.sign_off.baseline)
    if len(above) < 2 and len(result.body) >= 2:
        problems.append(f"{len(above)} body line(s) above the sign-off on page {result.sign_off.page}")
    if result.sign_off.page != result.pages:
        problems.append(f"the sign-off is on page {result.sign_off.page} of {result.pages}")
    for paragraph in result.paragraphs():
        pages = [line.page for line in paragraph]
        for page in sorted(set(pages)):
            if len(set(pages)) > 1 and pages.count(page) < 2:
                problems.append(f"a paragraph ({len(paragraph)} lines) leaves {pages.count(page)} line on page {page}")
    return problems
