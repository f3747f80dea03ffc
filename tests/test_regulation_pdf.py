"""The regulation (ระเบียบ) as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import pytest

from tests.conftest import find, pdf_lines
from tests.helpers_kinds import assert_clauses, assert_garuda_document, assert_thai_digits_only

REGULATION = "2568/regulation-official-vehicles"


@pytest.fixture(scope="module")
def regulation(built):
    return pdf_lines(built.pdf(REGULATION))


def test_the_regulation_builds(built):
    assert built.result(REGULATION).status == "built", built.result(REGULATION).problems


def test_garuda_page_title_with_wa_duay_and_year_date_phrase_and_signer(built, regulation):
    assert_garuda_document(
        built.pdf(REGULATION), regulation,
        ["ระเบียบอำเภอบ้านลาด", "ว่าด้วยการใช้และรักษารถราชการ", "พ.ศ. ๒๕๖๘"],
        "โดยที่เป็นการสมควร", "ประกาศ ณ วันที่ ๑ เมษายน พ.ศ. ๒๕๖๘",
        ["(นางสาววิสนีย์ จงใจจักร)", "นายอำเภอบ้านลาด"])


def test_preamble_then_clauses_kho_1_to_7(regulation):
    clauses = assert_clauses(regulation, 7)
    assert find(regulation, "โดยที่เป็นการสมควร").baseline < clauses[0].baseline
    assert clauses[0].text.startswith('ข้อ ๑ ระเบียบนี้เรียกว่า "ระเบียบอำเภอบ้านลาดว่าด้วย')


def test_thai_digits(regulation):
    assert_thai_digits_only(regulation)
