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
    red_drawing_box,
)

STAMPED = "2568/stamped-data-request"
ARABIC = "extra/stamped-arabic"
INITIALS = 3.5 * CM                # room for the official's initials right of the seal, to the margin
RULE_TOL = TOL + 1                 # the double red rule is drawn a little outside the seal's cell


@pytest.fixture(scope="module")
def stamped(built):
    return pdf_lines(built.pdf(STAMPED))


def test_stamped_examples_build(built):
    for relative in (STAMPED, ARABIC):
        assert built.result(relative).status == "built", built.result(relative).problems


def test_emblem_three_cm_top_centre_and_number_at_its_foot(built, stamped):
    assert_number_at_emblem_foot(built.pdf(STAMPED), stamped, "ที่ พบ ๐๐๒๓.๑๐/๔๑๓")


def test_parts_in_order_and_no_signature(stamped):
    number, to = find(stamped, "ที่ พบ"), find(stamped, "ถึง")
    body = find(stamped, "ด้วยอำเภอบ้านลาดจะรวบรวม")
    sender = find(stamped, "อำเภอบ้านลาด")
    seal = next(l for l in stamped if l.color == RED)
    date = find(stamped, "๑๒ มีนาคม ๒๕๖๘")
    unit, phone = find(stamped, "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด"), find(stamped, "โทร. ๐ ๓๒๕๔ ๗๒๐๒")
    assert in_order(number, to, body, sender, seal, date, unit, phone)
    assert find(stamped, "องค์การบริหารส่วนตำบลท่าเสน").baseline == pytest.approx(to.baseline, abs=0.5)
    assert to.x0 == pytest.approx(LEFT, abs=TOL) and body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    assert sender.x0 == pytest.approx(DATE_X, abs=TOL) and date.x0 == pytest.approx(DATE_X, abs=TOL)
    assert unit.x0 == pytest.approx(LEFT, abs=TOL) and phone.x0 == pytest.approx(LEFT, abs=TOL)
    text = " ".join(l.text for l in stamped)
    assert "ขอแสดงความนับถือ" not in text and "เรียน" not in text and "(" not in text


def test_red_seal_box_holds_the_office_name_with_room_for_initials(built, stamped):
    seal = [l for l in stamped if l.color == RED]
    assert [l.text for l in seal] == ["อำเภอบ้านลาด"]                # real text in the Thai font, red
    text = seal[0]
    assert "Bold" in text.font and text.size == pytest.approx(16, abs=0.1)
    box = red_drawing_box(built.pdf(STAMPED))
    assert box is not None                                            # the ring/box is drawn in red
    assert box.x0 < text.x0 and text.x1 < box.x1 and box.y0 < text.top and text.bottom < box.y1
    assert box.width == pytest.approx(4.5 * CM, abs=0.3 * CM) and box.height == pytest.approx(2 * CM, abs=0.3 * CM)
    assert (box.x0 + box.x1) / 2 == pytest.approx(text.centre, abs=TOL)
    assert box.x0 == pytest.approx(DATE_X, abs=RULE_TOL)
    # Room for the official's initials: nothing printed beside the seal, 3.5 cm to the margin.
    assert RIGHT - box.x1 == pytest.approx(INITIALS, abs=RULE_TOL)
    assert not [l for l in stamped if l.x0 > box.x1 and box.y0 <= l.baseline <= box.y1]
    sender, date = find(stamped, "อำเภอบ้านลาด"), find(stamped, "๑๒ มีนาคม ๒๕๖๘")
    # a blank line between the sender's name and the seal, and between the seal and the date
    assert box.y0 == pytest.approx(sender.baseline + DESCENT * SIZE + LINE * SIZE, abs=RULE_TOL)
    assert date.baseline == pytest.approx(box.y1 + LINE * SIZE + ASCENT * SIZE, abs=RULE_TOL)


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
    seal = [l for l in reds if l is not urgency]                      # a long name wraps inside the seal
    assert "".join(l.text for l in seal) == "ที่ทำการปกครองอำเภอบ้านลาด"
    box = red_drawing_box(built.pdf(ARABIC))
    assert all(box.x0 < l.x0 and l.x1 < box.x1 and box.y0 < l.top and l.bottom < box.y1 for l in seal)
