"""The minutes (รายงานการประชุม) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from tests.conftest import CM, LETTERS, find, pdf_lines
from tests.helpers_pdf import (
    BODY_INDENT,
    LEFT,
    TOL,
    assert_a4,
    assert_page_numbers,
    assert_rule_under,
    assert_signature_gap,
    assert_thai_digits_only,
    assert_thai_font_embedded,
    assert_title,
    column_texts,
    images,
    in_order,
)

MINUTES = "2568/minutes-district-heads-1"
SOURCE = YAML(typ="safe").load((LETTERS / f"{MINUTES}.yaml").read_text(encoding="utf-8"))
THAI = "๐๑๒๓๔๕๖๗๘๙"
CELL = 0.1 * CM                            # the cells' inner margin: text lines up with the margin
NUMBER_COLUMN = (LEFT - CELL, LEFT - CELL + 1.0 * CM)
NAME_COLUMN = (NUMBER_COLUMN[1], NUMBER_COLUMN[1] + 4.5 * CM)
SIGNATURE_CENTRE = LEFT + (3 + 16) / 2 * CM   # centred between 3 cm from the margin and the right margin


def thai(number: int) -> str:
    return "".join(THAI[int(d)] for d in str(number))


@pytest.fixture(scope="module")
def minutes(built):
    return pdf_lines(built.pdf(MINUTES))


def test_the_minutes_build_on_three_a4_pages(built):
    """Three: the last agenda item, the closing time and both signatures keep together
    (docs/letters.md#pagination), and page 2 has no room for all of them."""
    assert built.result(MINUTES).status == "built", built.result(MINUTES).problems
    assert assert_a4(built.pdf(MINUTES)) == 3


def test_plain_paper_centred_bold_title_and_rule(built, minutes):
    assert images(built.pdf(MINUTES)) == []                      # no emblem on minutes
    title = assert_title(minutes, ["รายงานการประชุมหัวหน้าส่วนราชการประจำอำเภอบ้านลาด", "ครั้งที่ ๑/๒๕๖๘",
                                   "เมื่อวันที่ ๒๐ มกราคม ๒๕๖๘", "ณ ห้องประชุมที่ว่าการอำเภอบ้านลาด"])
    assert title[0].top == pytest.approx(1.5 * CM, abs=6)         # the first line at the top margin
    assert_rule_under(built.pdf(MINUTES), title[-1], find(minutes, "ผู้มาประชุม"))


def test_parts_in_order(minutes):
    parts = [find(minutes, text) for text in (
        "รายงานการประชุม", "ผู้มาประชุม", "ผู้ไม่มาประชุม", "ผู้เข้าร่วมประชุม", "เริ่มประชุมเวลา ๐๙.๓๐ น.",
        "ระเบียบวาระที่ ๑", "ระเบียบวาระที่ ๒", "ระเบียบวาระที่ ๓", "ระเบียบวาระที่ ๔",
        "เลิกประชุมเวลา ๑๒.๐๐ น.", "(นางสาวรัตนา บุญมา)", "ผู้จดรายงานการประชุม",
        "(นายสมชาย ใจดี)", "ผู้ตรวจรายงานการประชุม")]
    assert in_order(*parts)
    for label in parts[1:5] + parts[9:10]:
        assert label.x0 == pytest.approx(LEFT, abs=TOL), label.text


@pytest.mark.parametrize("label, key, following", [
    ("ผู้มาประชุม", "present", "ผู้ไม่มาประชุม"),
    ("ผู้ไม่มาประชุม", "absent", "ผู้เข้าร่วมประชุม"),
    ("ผู้เข้าร่วมประชุม", "attending", "เริ่มประชุมเวลา"),
])
def test_each_table_has_a_bold_header_and_numbered_rows_in_order(built, minutes, label, key, following):
    heading, after = find(minutes, label), find(minutes, following)
    assert "Bold" in heading.font and heading.page == after.page == 1
    header = [l for l in minutes if heading.baseline < l.baseline < heading.baseline + 25 and l.page == 1]
    assert [l.text for l in header] == ["ที่", "ชื่อ - สกุล", "ตำแหน่ง", "หมายเหตุ"]
    assert all("Bold" in l.font for l in header)
    people = SOURCE[key]
    numbers = column_texts(built.pdf(MINUTES), 1, *NUMBER_COLUMN, header[0].baseline + 1, after.top)
    assert [text for _, text, _, _ in numbers] == [thai(n) for n in range(1, len(people) + 1)]
    for _, _, left, right in numbers:                              # centred in their column
        assert (left + right) / 2 == pytest.approx(sum(NUMBER_COLUMN) / 2, abs=TOL)
    names = {baseline: (text, left) for baseline, text, left, _ in
             column_texts(built.pdf(MINUTES), 1, *NAME_COLUMN, header[0].baseline + 1, after.top)}
    for (baseline, *_), person in zip(numbers, people):
        text, left = names[baseline]                               # on the number's line
        assert text == person["name"]
        assert left == pytest.approx(NAME_COLUMN[0] + CELL, abs=TOL)


def test_the_pdf_numbers_twelve_present_and_four_agenda_items(built, minutes):
    """The example shows a long table (more than ten rows) and several agenda items: counted in the PDF."""
    heading, after = find(minutes, "ผู้มาประชุม"), find(minutes, "ผู้ไม่มาประชุม")
    numbers = column_texts(built.pdf(MINUTES), 1, *NUMBER_COLUMN, heading.baseline + 1, after.top)
    assert [text for _, text, _, _ in numbers] == ["ที่"] + [thai(n) for n in range(1, 13)]
    agenda = [l.text.split("เรื่อง")[0] for l in minutes if l.text.startswith("ระเบียบวาระที่")]
    assert agenda == [f"ระเบียบวาระที่ {thai(n)}" for n in range(1, 5)]


def test_agenda_items_numbered_bold_with_their_text_indented(built, minutes):
    for number, item in enumerate(SOURCE["agenda"], start=1):
        heading = find(minutes, f"ระเบียบวาระที่ {thai(number)}")
        assert "Bold" in heading.font and heading.x0 == pytest.approx(LEFT, abs=TOL)
        assert heading.text.replace(" ", "").startswith(f"ระเบียบวาระที่{thai(number)}{item['title'][:8]}".replace(" ", ""))
    first = find(minutes, "ประธานกล่าวเปิดประชุม")
    assert first.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    resolution = find(minutes, "มติที่ประชุม รับทราบ")
    assert "Bold" in resolution.font


def test_recorder_and_checker_centred_under_room_to_sign(minutes):
    end = find(minutes, "เลิกประชุมเวลา")
    recorder = [find(minutes, "(นางสาวรัตนา บุญมา)")]
    recorder += [l for l in minutes if l.page == recorder[0].page and 0 < l.baseline - recorder[0].baseline < 40]
    checker = [find(minutes, "(นายสมชาย ใจดี)"), find(minutes, "ผู้ตรวจรายงานการประชุม")]
    assert [l.text for l in recorder] == ["(นางสาวรัตนา บุญมา)", "ปลัดอำเภอ", "ผู้จดรายงานการประชุม"]
    for line in recorder + checker:
        assert line.centre == pytest.approx(SIGNATURE_CENTRE, abs=TOL), line.text
    # a part's blank line, then three to sign in
    assert_signature_gap(end, recorder[0], blank_lines=4)
    assert_signature_gap(recorder[-1], checker[0], blank_lines=4)


def test_page_two_number_thai_digits_and_font(built, minutes):
    assert_page_numbers(built.pdf(MINUTES), minutes)
    assert_thai_digits_only(minutes)
    assert_thai_font_embedded(built.pdf(MINUTES))
