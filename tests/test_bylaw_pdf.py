"""The by-law (ข้อบังคับ) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import pytest

from tests.conftest import pdf_lines
from tests.helpers_kinds import assert_clauses, assert_garuda_document, assert_thai_digits_only

BYLAW = "2568/bylaw-women-fund-meetings"


@pytest.fixture(scope="module")
def bylaw(built):
    return pdf_lines(built.pdf(BYLAW))


def test_the_bylaw_builds(built):
    assert built.result(BYLAW).status == "built", built.result(BYLAW).problems


def test_garuda_page_title_clauses_date_phrase_and_a_written_out_signer(built, bylaw):
    assert_garuda_document(
        built.pdf(BYLAW), bylaw,
        ["ข้อบังคับคณะกรรมการกองทุนพัฒนาบทบาทสตรีอำเภอบ้านลาด", "ว่าด้วยการประชุมคณะกรรมการ", "พ.ศ. ๒๕๖๘"],
        "อาศัยอำนาจตาม", "ประกาศ ณ วันที่ ๒๐ พฤษภาคม พ.ศ. ๒๕๖๘",
        ["(นางสมศรี รักถิ่น)", "ประธานคณะกรรมการกองทุนพัฒนาบทบาทสตรีอำเภอบ้านลาด"])
    assert_clauses(bylaw, 4)
    assert_thai_digits_only(bylaw)
