"""The memo (บันทึกข้อความ) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import re

import docx
import pymupdf
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt

from tests.conftest import CM, find, pdf_lines
from tests.helpers_pdf import (
    BODY_INDENT,
    DATE_X,
    DESCENT,
    LEFT,
    PAGE_H,
    PAGE_W,
    RED,
    RIGHT,
    SIGNATURE_CENTRE,
    TEXT_CENTRE,
    TOL,
    assert_page_numbers,
    assert_secrecy_marks,
    assert_thai_digits_only,
    assert_thai_font_embedded,
    assert_thai_font_in_every_slot,
    assert_urgency,
    images,
    in_order,
)

MEMO = "2568/memo-training"
ARABIC = "extra/memo-arabic"
LEADER_TOL = 3                     # points: the dotted leaders end at the right margin
TITLE_SIZE = 29                    # บันทึกข้อความ


@pytest.fixture(scope="module")
def memo(built):
    return pdf_lines(built.pdf(MEMO))


def test_memo_examples_build(built):
    for relative in (MEMO, ARABIC):
        assert built.result(relative).status == "built", built.result(relative).problems
    with pymupdf.open(str(built.pdf(MEMO))) as doc:
        assert doc.page_count == 2
        assert all(p.rect.width == pytest.approx(PAGE_W, abs=1) and p.rect.height == pytest.approx(PAGE_H, abs=1)
                   for p in doc)


def test_emblem_one_and_a_half_cm_high_top_left(built):
    x0, y0, x1, y1 = images(built.pdf(MEMO))[0]
    assert y1 - y0 == pytest.approx(1.5 * CM, abs=1)
    assert y0 == pytest.approx(1.5 * CM, abs=TOL)
    assert x0 == pytest.approx(LEFT, abs=TOL)


def test_title_bold_29pt_centred_beside_the_emblem(built, memo):
    title = find(memo, "บันทึกข้อความ")
    _, y0, x1, y1 = images(built.pdf(MEMO))[0]
    assert title.size == pytest.approx(TITLE_SIZE, abs=0.1) and "Bold" in title.font
    assert title.centre == pytest.approx(TEXT_CENTRE, abs=TOL)
    assert title.x0 > x1                                                   # beside the emblem …
    assert title.baseline == pytest.approx(y1 - DESCENT * TITLE_SIZE, abs=TOL)   # … its line's foot at the emblem's


def test_header_labels_bold_20pt_with_dotted_leaders_to_the_right_margin(built, memo):
    unit, number, subject = find(memo, "ส่วนราชการ"), find(memo, "ที่ พบ"), find(memo, "เรื่อง")
    for line in (unit, number, subject):
        assert line.size == pytest.approx(20, abs=0.1) and "Bold" in line.font and line.x0 == pytest.approx(LEFT, abs=TOL)
    assert unit.text.startswith("ส่วนราชการ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด โทร. ๐ ๓๒๕๔ ๗๒๐๒")
    assert unit.baseline < number.baseline < subject.baseline
    with pymupdf.open(str(built.pdf(MEMO))) as doc:
        page = doc[0]
        for line in (unit, number, subject):
            words = [w for w in page.get_text("words") if abs(w[3] - line.bottom) < 6 and w[1] > line.top - 6]
            last = max(words, key=lambda w: w[2])
            assert re.fullmatch(r"\S*\.{10,}", last[4]), last[4]            # the line ends in dots …
            assert last[2] == pytest.approx(RIGHT, abs=LEADER_TOL)          # … at the right margin
        date_label = next(r for r in page.search_for("วันที่") if abs(r.y1 - number.bottom) < 6)
    # ที่ and วันที่ on one line: dots after the number up to วันที่ in the date's column.
    assert "๐๐๒๓.๑๐/๔๑๒....." in number.text.replace(" ", "")
    assert "วันที่ ๑๐ มีนาคม ๒๕๖๘" in number.text
    assert date_label.x0 == pytest.approx(DATE_X, abs=TOL)


def test_parts_in_order_without_a_closing(memo):
    title, unit, number = find(memo, "บันทึกข้อความ"), find(memo, "ส่วนราชการ"), find(memo, "ที่ พบ")
    subject, to = find(memo, "เรื่อง"), find(memo, "เรียน")
    body, last = find(memo, "ด้วยสำนักงานส่งเสริม"), find(memo, "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ")
    name, position = find(memo, "(นายประยุทธ สุขสวัสดิ์)"), find(memo, "ท้องถิ่นอำเภอบ้านลาด", page=2)
    assert in_order(title, unit, number, subject, to, body, last, name, position)
    addressee = find(memo, "นายอำเภอบ้านลาด")
    assert to.x0 == pytest.approx(LEFT, abs=TOL) and addressee.baseline == pytest.approx(to.baseline, abs=0.5)
    assert not [l for l in memo if l.text.startswith("ขอแสดงความนับถือ")]
    assert body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    assert find(memo, "๑. นางสาวสมศรี มีสุข").x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    for line in (name, position):
        assert line.centre == pytest.approx(SIGNATURE_CENTRE, abs=TOL)


def test_urgency_red_bold_32pt_between_the_emblem_and_the_title(built, memo):
    urgency, title = find(memo, "ด่วน"), find(memo, "บันทึกข้อความ")
    _, _, emblem_right, _ = images(built.pdf(MEMO))[0]
    assert urgency.page == 1
    assert_urgency(urgency)
    assert emblem_right < urgency.x0 and urgency.x1 < title.x0               # the typing guide's place
    assert urgency.baseline == pytest.approx(title.baseline, abs=TOL)         # on the title's line


def test_title_centred_without_an_urgency_too(built):
    lines = pdf_lines(built.pdf(ARABIC))
    assert not [l for l in lines if l.color == RED and l.text == "ด่วน"]
    title = find(lines, "บันทึกข้อความ")
    assert title.centre == pytest.approx(TEXT_CENTRE, abs=TOL)


def test_title_line_exactly_35pt_in_the_docx(built):
    head = docx.Document(str(built.docx(MEMO))).tables[0]
    title = next(p for cell in head.rows[0].cells for p in cell.paragraphs if p.text == "บันทึกข้อความ")
    assert title.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert title.paragraph_format.line_spacing == Pt(35)


def test_page_numbers_from_page_two(built, memo):
    assert_page_numbers(built.pdf(MEMO), memo)


def test_thai_digits_and_font(built, memo):
    assert_thai_digits_only(memo)
    text = " ".join(l.text for l in memo)
    assert "๗,๒๐๐ บาท" in text and "ระหว่างวันที่ ๒๔ - ๒๖ มีนาคม ๒๕๖๘" in text
    for relative in (MEMO, ARABIC):
        assert_thai_font_embedded(built.pdf(relative))
        assert_thai_font_in_every_slot(built.docx(relative))
    assert not [l for l in memo if l.color == RED and l.text != "ด่วน"]


def test_arabic_digits_own_unit_draft_date_and_secrecy(built):
    lines = pdf_lines(built.pdf(ARABIC))
    unit, number = find(lines, "ส่วนราชการ"), find(lines, "ที่ พบ")
    assert unit.text.startswith("ส่วนราชการ กลุ่มงานบริหารงานปกครอง โทร. 0 3254 7100.....")
    assert number.text.replace(" ", "").replace("\u00a0", "").startswith("ที่พบ0023.10/....")
    assert "เมษายน 2568" in number.text and not re.search(r"วันที่\s*\d", number.text)   # the day left blank
    find(lines, "รายงานผลการตรวจเยี่ยม 3 ตำบล...")
    assert not re.search("[๐-๙]", " ".join(l.text for l in lines))
    assert_secrecy_marks(built.pdf(ARABIC), lines, "ลับ")
