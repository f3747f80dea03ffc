"""The announcement (ประกาศ) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import pytest

from tests.conftest import find, pdf_lines
from tests.helpers_kinds import BODY_INDENT, LEFT, assert_garuda_document, assert_thai_digits_only, in_order

ANNOUNCEMENT = "2568/announcement-job-applications"


@pytest.fixture(scope="module")
def announcement(built):
    return pdf_lines(built.pdf(ANNOUNCEMENT))


def test_the_announcement_builds(built):
    assert built.result(ANNOUNCEMENT).status == "built", built.result(ANNOUNCEMENT).problems


def test_garuda_page_centred_title_date_phrase_and_signer(built, announcement):
    assert_garuda_document(
        built.pdf(ANNOUNCEMENT), announcement,
        ["ประกาศอำเภอบ้านลาด",
         "เรื่อง รับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานราชการทั่วไป ตำแหน่งเจ้าพนักงานธุรการ"],
        "ด้วยอำเภอบ้านลาด", "ประกาศ ณ วันที่ ๓ กุมภาพันธ์ พ.ศ. ๒๕๖๘",
        ["(นางสาววิสนีย์ จงใจจักร)", "นายอำเภอบ้านลาด"])


def test_numbered_items_in_order_at_the_paragraph_indent(announcement):
    items = [find(announcement, f"{digit}. ") for digit in "๑๒๓"]
    assert in_order(find(announcement, "ด้วยอำเภอบ้านลาด"), *items, find(announcement, "ผู้สนใจสอบถาม"))
    for item in items:
        assert item.x0 == pytest.approx(LEFT + BODY_INDENT, abs=2.5)


def test_thai_digits_except_in_the_web_address(announcement):
    assert_thai_digits_only(announcement, keep=("https://banlad.example.go.th",))
    assert "โทร. ๐ ๓๒๔๙ ๑๒๓๔" in find(announcement, "ผู้สนใจสอบถาม").text
