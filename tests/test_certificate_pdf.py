"""The certificate (หนังสือรับรอง) as rendered to PDF, against ../shared/reference/standard.md."""
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
    PAGE_W,
    RED,
    SENDER_X,
    SIGNATURE_CENTRE,
    SIZE,
    TEXT_CENTRE,
    TOL,
    assert_number_at_emblem_foot,
    assert_signature_gap,
    assert_thai_digits_only,
    assert_thai_font_embedded,
    assert_thai_font_in_every_slot,
    images,
    in_order,
)

CERTIFICATE = "2568/certificate-employment"
ARABIC = "extra/certificate-arabic"
TITLE_SIZE = 20                                   # หนังสือรับรอง: bold, larger than the body
PHOTO_CENTRE = LEFT + 2.5 * CM                    # the photo centred in a 5 cm column at the left margin


@pytest.fixture(scope="module")
def certificate(built):
    return pdf_lines(built.pdf(CERTIFICATE))


def test_certificate_examples_build(built):
    for relative in (CERTIFICATE, ARABIC):
        assert built.result(relative).status == "built", built.result(relative).problems


def test_emblem_three_cm_top_centre_number_left_office_right(built, certificate):
    emblem, number = assert_number_at_emblem_foot(built.pdf(CERTIFICATE), certificate, "ที่ พบ ๐๐๒๓.๑๐/๔๑๔")
    office = find(certificate, "ถนนสายสุทธิ")
    assert emblem[2] < SENDER_X and PAGE_W / 2 < SENDER_X          # right of the emblem and of the page centre
    assert office.x0 == pytest.approx(SENDER_X, abs=TOL) and office.baseline == pytest.approx(number.baseline, abs=1)


def test_parts_in_order_title_centred_date_phrase(certificate):
    number, title = find(certificate, "ที่ พบ"), find(certificate, "หนังสือรับรอง")
    body = find(certificate, "หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า นางสาวสมศรี มีสุข")
    date = find(certificate, "ให้ไว้ ณ วันที่")
    name, position = find(certificate, "(นางสาววิสนีย์ จงใจจักร)"), find(certificate, "นายอำเภอบ้านลาด")
    holder = find(certificate, "(นางสาวสมศรี มีสุข)")
    assert in_order(number, title, body, date, name, position, holder)
    assert "Bold" in title.font and title.size == pytest.approx(TITLE_SIZE, abs=0.1)
    assert title.centre == pytest.approx(TEXT_CENTRE, abs=TOL)
    assert body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    assert date.text == "ให้ไว้ ณ วันที่ ๑๔ มีนาคม ๒๕๖๘" and date.x0 == pytest.approx(DATE_X, abs=TOL)
    assert_signature_gap(date, name)
    for line in (name, position):
        assert line.centre == pytest.approx(SIGNATURE_CENTRE, abs=TOL)


def test_photo_four_by_six_cm_bottom_left_signed_under(built, certificate):
    pictures = images(built.pdf(CERTIFICATE))
    assert len(pictures) == 2
    x0, y0, x1, y1 = pictures[1]
    assert x1 - x0 == pytest.approx(4 * CM, abs=1) and y1 - y0 == pytest.approx(6 * CM, abs=1)
    assert (x0 + x1) / 2 == pytest.approx(PHOTO_CENTRE, abs=TOL)      # at the left
    position = find(certificate, "นายอำเภอบ้านลาด")
    # under the signature, after a blank line
    assert y0 == pytest.approx(position.baseline + DESCENT * SIZE + LINE * SIZE, abs=TOL)
    holder = find(certificate, "(นางสาวสมศรี มีสุข)")
    # two blank lines' room to sign under the photo
    assert holder.baseline == pytest.approx(y1 + 2 * LINE * SIZE + ASCENT * SIZE, abs=TOL)
    assert holder.centre == pytest.approx((x0 + x1) / 2, abs=TOL)


def test_thai_digits_font_and_no_marks(built, certificate):
    assert_thai_digits_only(certificate)
    assert "เดือนละ ๒๘,๗๕๐ บาท" in " ".join(l.text for l in certificate)
    assert not [l for l in certificate if l.color == RED]
    for relative in (CERTIFICATE, ARABIC):
        assert_thai_font_embedded(built.pdf(relative))
        assert_thai_font_in_every_slot(built.docx(relative))


def test_arabic_digits_and_no_photo(built):
    lines = pdf_lines(built.pdf(ARABIC))
    find(lines, "ที่ พบ 0023.10/7")
    find(lines, "ให้ไว้ ณ วันที่ 2 เมษายน 2568")
    assert "มาแล้ว 12 ปี" in " ".join(l.text for l in lines)
    assert not re.search("[๐-๙]", " ".join(l.text for l in lines))
    assert len(images(built.pdf(ARABIC))) == 1                         # the emblem only
