"""The stamped letter (หนังสือประทับตรา) as rendered to PDF, against ../shared/reference/standard.md."""
from __future__ import annotations

import re

import pytest

from tests.conftest import CM, find, pdf_lines
from tests.helpers_pdf import (
    ASCENT,
    BODY_INDENT,
    DATE_X,
    DESCENT,
    LEFT,
    LINE,
    RED,
    RIGHT,
    SIZE,
    TOL,
    URGENCY_SIZE,
    assert_number_at_emblem_foot,
    assert_thai_digits_only,
    assert_thai_font_embedded,
    assert_thai_font_in_every_slot,
    assert_urgency,
    in_order,
    seal_ink,
)

STAMPED = "2568/stamped-data-request"
ARABIC = "extra/stamped-arabic"
INITIALS = 3 * CM                  # room for the official's initials right of the seal, to the margin
SEAL_CELL_MARGIN = 0                 # the seal picture starts at the date column


@pytest.fixture(scope="module")
def stamped(built):
    return pdf_lines(built.pdf(STAMPED))


def test_stamped_examples_build(built):
    for relative in (STAMPED, ARABIC):
        assert built.result(relative).status == "built", built.result(relative).problems


def test_emblem_three_cm_top_centre_and_number_at_its_foot(built, stamped):
    assert_number_at_emblem_foot(built.pdf(STAMPED), stamped, "ที่ พบ ๐๐๒๓.๑๐/๔๑๓")


def test_parts_in_order_and_no_signature(built, stamped):
    number, to = find(stamped, "ที่ พบ"), find(stamped, "ถึง")
    body = find(stamped, "ด้วยอำเภอบ้านลาดจะรวบรวม")
    sender = find(stamped, "อำเภอบ้านลาด")
    seal = seal_ink(built.pdf(STAMPED)).box
    date = find(stamped, "๑๒ มีนาคม ๒๕๖๘")
    unit, phone = find(stamped, "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด"), find(stamped, "โทร. ๐ ๓๒๕๔ ๗๒๐๒")
    assert in_order(number, to, body, sender) and sender.baseline < seal.y0 < seal.y1 < date.top
    assert in_order(date, unit, phone)
    assert find(stamped, "องค์การบริหารส่วนตำบลท่าเสน").baseline == pytest.approx(to.baseline, abs=0.5)
    assert to.x0 == pytest.approx(LEFT, abs=TOL) and body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    assert sender.x0 == pytest.approx(DATE_X, abs=TOL) and date.x0 == pytest.approx(DATE_X, abs=TOL)
    assert unit.x0 == pytest.approx(LEFT, abs=TOL) and phone.x0 == pytest.approx(LEFT, abs=TOL)
    text = " ".join(l.text for l in stamped)
    assert "ขอแสดงความนับถือ" not in text and "เรียน" not in text and "(" not in text


def assert_seal_as_regulation_draws_it(ink) -> None:
    """ข้อ 72: two red circles 4.5 and 3.5 cm across, the Garuda inside, the name in the band's
    lower half."""
    assert ink.box.width == pytest.approx(4.5 * CM, abs=1) and ink.box.height == pytest.approx(4.5 * CM, abs=1)
    assert ink.ring_cover[22.2] > 0.97 and ink.ring_cover[17.5] > 0.97     # both circles, closed
    assert ink.inside > 2000                                              # the Garuda, in red ink
    assert ink.band_below > 300 and ink.band_above == 0                   # the name along the lower edge


def test_seal_two_red_circles_garuda_inside_name_below_room_for_initials(built, stamped):
    ink = seal_ink(built.pdf(STAMPED))
    assert_seal_as_regulation_draws_it(ink)
    box = ink.box
    assert box.x0 == pytest.approx(DATE_X + SEAL_CELL_MARGIN, abs=TOL)
    # Room for the official's initials: nothing printed beside the seal, 3 cm and more to the margin.
    assert RIGHT - box.x1 >= INITIALS
    assert not [l for l in stamped if l.x0 > box.x0 and box.y0 <= l.baseline <= box.y1]
    sender, date = find(stamped, "อำเภอบ้านลาด"), find(stamped, "๑๒ มีนาคม ๒๕๖๘")
    # The name is text too, in the sender line above (what search and copy find).
    assert sender.color != RED and sender.baseline < box.y0 and box.y1 < date.baseline
    # a blank line between the sender's name and the seal, and between the seal and the date
    assert box.y0 == pytest.approx(sender.baseline + DESCENT * SIZE + LINE * SIZE, abs=TOL + 1)
    assert date.baseline == pytest.approx(box.y1 + LINE * SIZE + ASCENT * SIZE, abs=TOL + 1)


def test_thai_digits_and_font(built, stamped):
    assert_thai_digits_only(stamped)
    assert "ภายในวันที่ ๓๑ มีนาคม ๒๕๖๘" in " ".join(l.text for l in stamped)
    for relative in (STAMPED, ARABIC):
        assert_thai_font_embedded(built.pdf(relative))
        assert_thai_font_in_every_slot(built.docx(relative))


def test_arabic_digits_own_sender_and_seal_and_urgency(built):
    lines = pdf_lines(built.pdf(ARABIC))
    find(lines, "ที่ พบ 0023.10/15")
    find(lines, "1 เมษายน 2568")
    assert not re.search("[๐-๙]", " ".join(l.text for l in lines))
    sender = find(lines, "ที่ทำการปกครองอำเภอบ้านลาด")
    assert sender.color != RED and sender.x0 == pytest.approx(DATE_X, abs=TOL)
    reds = [l for l in lines if l.color == RED]
    urgency = find(lines, "ด่วนมาก")
    assert_urgency(urgency)
    number = find(lines, "ที่ พบ")
    assert urgency.baseline == pytest.approx(number.baseline - DESCENT * URGENCY_SIZE - ASCENT * SIZE, abs=TOL)
    assert urgency.x0 == pytest.approx(LEFT, abs=TOL)
    assert reds == [urgency]                                          # the seal is a picture, not text
    assert_seal_as_regulation_draws_it(seal_ink(built.pdf(ARABIC)))
