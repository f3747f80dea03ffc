"""The order (คำสั่ง) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import pytest

from tests.conftest import find, pdf_lines
from tests.helpers_pdf import (
    ASCENT,
    BODY_INDENT,
    LEFT,
    TITLE_SIZE,
    TOL,
    assert_a4,
    assert_centred,
    assert_emblem_top_centre,
    assert_rule_under,
    assert_signature_gap,
    assert_thai_digits_only,
    assert_thai_font_embedded,
    assert_title,
    in_order,
)

ORDER = "2568/order-flood-committee"
ARABIC = "extra/order-arabic"
TITLE = ["คำสั่งอำเภอบ้านลาด", "ที่ ๔๕/๒๕๖๘", "เรื่อง แต่งตั้งคณะกรรมการป้องกันและแก้ไขปัญหาอุทกภัยอำเภอบ้านลาด"]


@pytest.fixture(scope="module")
def order(built):
    return pdf_lines(built.pdf(ORDER))


def test_the_order_builds_on_one_a4_page(built):
    assert built.result(ORDER).status == "built", built.result(ORDER).problems
    assert assert_a4(built.pdf(ORDER)) == 1


def test_emblem_then_centred_bold_title_then_rule(built, order):
    emblem = assert_emblem_top_centre(built.pdf(ORDER))
    title = assert_title(order, TITLE)
    assert title[0].baseline == pytest.approx(emblem[3] + ASCENT * TITLE_SIZE, abs=TOL)   # right under the emblem
    assert_rule_under(built.pdf(ORDER), title[-1], find(order, "เพื่อให้การป้องกัน"))


def test_parts_in_order(order):
    parts = [find(order, text) for text in (
        "คำสั่งอำเภอบ้านลาด", "ที่ ๔๕/๒๕๖๘", "เรื่อง แต่งตั้ง", "เพื่อให้การป้องกัน", "๑. นายอำเภอบ้านลาด",
        "๗. ปลัดอำเภอผู้รับผิดชอบ", "ให้คณะกรรมการมีหน้าที่", "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป",
        "สั่ง ณ วันที่ ๑๐ มีนาคม พ.ศ. ๒๕๖๘", "(นางสาววิสนีย์ จงใจจักร)", "นายอำเภอบ้านลาด")]
    assert in_order(*parts)


def test_body_items_and_effective_line_at_the_paragraph_indent(order):
    numbers = [find(order, f"{digit}. ") for digit in "๑๒๓๔๕๖๗"]
    assert in_order(*numbers)
    for line in numbers + [find(order, "เพื่อให้การป้องกัน"), find(order, "ทั้งนี้ ตั้งแต่")]:
        assert line.x0 == pytest.approx(LEFT + BODY_INDENT, abs=2.5), line.text


def test_date_phrase_and_signer_centred(order):
    date = find(order, "สั่ง ณ วันที่")
    name = find(order, "(นางสาววิสนีย์ จงใจจักร)")
    position = find(order, "นายอำเภอบ้านลาด", page=name.page)
    assert date.text == "สั่ง ณ วันที่ ๑๐ มีนาคม พ.ศ. ๒๕๖๘"
    assert_centred(date, name, position)
    assert_signature_gap(date, name)


def test_thai_digits_and_the_thai_font(built, order):
    assert_thai_digits_only(order)
    assert_thai_font_embedded(built.pdf(ORDER))


def test_arabic_digits_blank_number_and_a_date_as_effective_day(built):
    lines = pdf_lines(built.pdf(ARABIC))
    number = find(lines, "ที่")
    assert number.text.replace("\u00a0", " ").split() == ["ที่", "/2568"]     # a blank for the clerk
    assert_centred(number)
    assert find(lines, "ทั้งนี้").text == "ทั้งนี้ ตั้งแต่วันที่ 1 กุมภาพันธ์ พ.ศ. 2568 เป็นต้นไป"
    assert find(lines, "สั่ง ณ").text == "สั่ง ณ วันที่ 5 มกราคม พ.ศ. 2568"
    assert find(lines, "1. นายวีระ").x0 == pytest.approx(LEFT + BODY_INDENT, abs=2.5)
    signature = [find(lines, text) for text in ("(นายสมชาย ใจดี)", "ปลัดอำเภอ (หัวหน้า", "ปฏิบัติราชการแทน")]
    assert_centred(*signature)
    assert not [l for l in lines if any(d in l.text for d in "๐๑๒๓๔๕๖๗๘๙")]
