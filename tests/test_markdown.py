"""generator.render.markdown: the body's paragraphs, numbered items and **bold**."""
from __future__ import annotations

import pytest

from generator.render.markdown import Paragraph, parse_body, parse_runs


def texts(body: str) -> list[tuple[int | None, str]]:
    return [(p.number, p.text) for p in parse_body(body)]


def test_lines_of_a_paragraph_are_joined_with_a_space():
    assert texts("ตามที่จังหวัดแจ้ง\nให้อำเภอดำเนินการ\nนั้น") == [(None, "ตามที่จังหวัดแจ้ง ให้อำเภอดำเนินการ นั้น")]


def test_surrounding_whitespace_of_each_line_is_dropped():
    assert texts("   ก   \n\tข  ") == [(None, "ก ข")]


def test_blank_lines_split_paragraphs():
    assert texts("ย่อหน้าแรก\n\nย่อหน้าที่สอง\n \n\n\nย่อหน้าที่สาม") == [
        (None, "ย่อหน้าแรก"), (None, "ย่อหน้าที่สอง"), (None, "ย่อหน้าที่สาม")]


def test_empty_body_has_no_paragraphs():
    assert parse_body("") == []
    assert parse_body("\n\n  \n") == []


@pytest.mark.parametrize("body", [
    "1. ข้อแรก\n2. ข้อสอง\n3. ข้อสาม",
    "๑. ข้อแรก\n๒. ข้อสอง\n๓. ข้อสาม",
    "1) ข้อแรก\n2) ข้อสอง\n3) ข้อสาม",
    "  1.  ข้อแรก\n  2.  ข้อสอง\n  3.  ข้อสาม",
])
def test_numbered_items(body):
    assert texts(body) == [(1, "ข้อแรก"), (2, "ข้อสอง"), (3, "ข้อสาม")]


def test_items_are_renumbered_from_the_first_item():
    assert [n for n, _ in texts("1. ก\n1. ข\n1. ค")] == [1, 2, 3]
    assert [n for n, _ in texts("3. ก\n7. ข\n1. ค")] == [3, 4, 5]
    assert [n for n, _ in texts("๑๐. ก\n๑. ข")] == [10, 11]


def test_a_blank_line_between_items_keeps_the_writers_numbers():
    assert [n for n, _ in texts("1. ก\n\n2. ข\n\n3. ค")] == [1, 2, 3]


def test_a_paragraph_between_lists_restarts_numbering():
    assert texts("1. ก\n2. ข\n\nคั่น\n\n1. ค") == [(1, "ก"), (2, "ข"), (None, "คั่น"), (1, "ค")]


def test_continuation_lines_belong_to_their_item():
    body = "1. ขุดลอกคลองส่งน้ำ\n   ในช่วงฤดูฝน\n2. ก่อสร้างประตูระบายน้ำ\n   พร้อมระบบเตือนภัย"
    assert texts(body) == [(1, "ขุดลอกคลองส่งน้ำ ในช่วงฤดูฝน"), (2, "ก่อสร้างประตูระบายน้ำ พร้อมระบบเตือนภัย")]


def test_an_item_directly_after_a_paragraph_line():
    assert texts("ขอให้ดำเนินการ ดังนี้\n1. ข้อแรก\n2. ข้อสอง") == [
        (None, "ขอให้ดำเนินการ ดังนี้"), (1, "ข้อแรก"), (2, "ข้อสอง")]


@pytest.mark.parametrize("line", [
    "3.5 กิโลเมตร เป็นระยะทาง",       # a decimal, not an item
    "2567 เป็นปีงบประมาณ",            # a number without a dot
    "1.ติดกัน",                       # no space after the dot
])
def test_lines_that_only_look_like_items(line):
    assert texts(line) == [(None, line)]


def test_bold_runs():
    assert parse_runs("ก **ข** ค") == [("ก ", False), ("ข", True), (" ค", False)]
    assert parse_runs("**ทั้งหมด**") == [("ทั้งหมด", True)]
    assert parse_runs("**ก** และ **ข**") == [("ก", True), (" และ ", False), ("ข", True)]


def test_bold_may_span_the_lines_of_a_paragraph():
    [paragraph] = parse_body("ก **ข\nค** ง")
    assert paragraph.runs == [("ก ", False), ("ข ค", True), (" ง", False)]


def test_unclosed_bold_prints_literally():
    assert parse_runs("ราคา **100 บาท") == [("ราคา **100 บาท", False)]


def test_bold_inside_an_item():
    [item] = parse_body("1. ให้ **ถือปฏิบัติโดยเคร่งครัด**")
    assert item.number == 1
    assert item.runs == [("ให้ ", False), ("ถือปฏิบัติโดยเคร่งครัด", True)]


def test_paragraph_text_joins_its_runs():
    assert Paragraph([("ก ", False), ("ข", True)]).text == "ก ข"
