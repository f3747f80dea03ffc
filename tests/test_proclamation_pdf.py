"""Announcements, regulations and by-laws (ประกาศ, ระเบียบ, ข้อบังคับ) as rendered to PDF, measured
against ../shared/reference/standard.md. The three share one layout (generator/render/builders/proclamation.py)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import find, pdf_lines
from tests.helpers_pdf import (
    BODY_INDENT,
    LEFT,
    TOL,
    assert_clauses,
    assert_garuda_document,
    assert_thai_digits_only,
    in_order,
)


@dataclass(frozen=True)
class Example:
    relative: str
    title: list[str]
    first_body: str
    date_phrase: str
    signature: list[str]
    clauses: int = 0                   # ข้อ ๑ … ข้อ N after the preamble
    keep_digits: tuple[str, ...] = ()  # texts where Arabic digits stay (URLs)


ANNOUNCEMENT = Example(
    "2568/announcement-job-applications",
    ["ประกาศอำเภอบ้านลาด",
     "เรื่อง รับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานราชการทั่วไป ตำแหน่งเจ้าพนักงานธุรการ"],
    "ด้วยอำเภอบ้านลาด", "ประกาศ ณ วันที่ ๓ กุมภาพันธ์ พ.ศ. ๒๕๖๘",
    ["(นางสาววิสนีย์ จงใจจักร)", "นายอำเภอบ้านลาด"],
    keep_digits=("https://banlad.example.go.th",))
REGULATION = Example(                  # a title with its ว่าด้วย line and year
    "2568/regulation-official-vehicles",
    ["ระเบียบอำเภอบ้านลาด", "ว่าด้วยการใช้และรักษารถราชการ", "พ.ศ. ๒๕๖๘"],
    "โดยที่เป็นการสมควร", "ประกาศ ณ วันที่ ๑ เมษายน พ.ศ. ๒๕๖๘",
    ["(นางสาววิสนีย์ จงใจจักร)", "นายอำเภอบ้านลาด"],
    clauses=7)
BYLAW = Example(                       # a signer written out in the letter
    "2568/bylaw-women-fund-meetings",
    ["ข้อบังคับคณะกรรมการกองทุนพัฒนาบทบาทสตรีอำเภอบ้านลาด", "ว่าด้วยการประชุมคณะกรรมการ", "พ.ศ. ๒๕๖๘"],
    "อาศัยอำนาจตาม", "ประกาศ ณ วันที่ ๒๐ พฤษภาคม พ.ศ. ๒๕๖๘",
    ["(นางสมศรี รักถิ่น)", "ประธานคณะกรรมการกองทุนพัฒนาบทบาทสตรีอำเภอบ้านลาด"],
    clauses=4)
EXAMPLES = [pytest.param(example, id=example.relative.split("/")[1].split("-")[0])
            for example in (ANNOUNCEMENT, REGULATION, BYLAW)]


@pytest.fixture(scope="module")
def lines(built):
    return {example.relative: pdf_lines(built.pdf(example.relative))
            for example in (ANNOUNCEMENT, REGULATION, BYLAW)}


@pytest.mark.parametrize("example", EXAMPLES)
def test_garuda_page_centred_title_date_phrase_and_signer(built, lines, example):
    assert built.result(example.relative).status == "built", built.result(example.relative).problems
    assert_garuda_document(built.pdf(example.relative), lines[example.relative], example.title,
                           example.first_body, example.date_phrase, example.signature)


@pytest.mark.parametrize("example", EXAMPLES)
def test_clauses_and_thai_digits(lines, example):
    found = lines[example.relative]
    if example.clauses:
        clauses = assert_clauses(found, example.clauses)
        assert find(found, example.first_body).baseline < clauses[0].baseline
    assert_thai_digits_only(found, keep=example.keep_digits)


def test_regulation_names_itself_in_clause_one(lines):
    clause = find(lines[REGULATION.relative], "ข้อ ๑ ")
    assert clause.text.startswith('ข้อ ๑ ระเบียบนี้เรียกว่า "ระเบียบอำเภอบ้านลาดว่าด้วย')


def test_announcement_numbered_items_in_order_at_the_paragraph_indent(lines):
    announcement = lines[ANNOUNCEMENT.relative]
    items = [find(announcement, f"{digit}. ") for digit in "๑๒๓"]
    assert in_order(find(announcement, "ด้วยอำเภอบ้านลาด"), *items, find(announcement, "ผู้สนใจสอบถาม"))
    for item in items:
        assert item.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)


def test_announcement_phone_number_in_thai_digits(lines):
    assert "โทร. ๐ ๓๒๔๙ ๑๒๓๔" in find(lines[ANNOUNCEMENT.relative], "ผู้สนใจสอบถาม").text
