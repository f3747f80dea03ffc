"""Properties of generator.text.thai's digits and dates, for any text (hypothesis).

hypothesis is in the `test` extra; without it this module is reported as skipped, not hidden.
"""
from __future__ import annotations

import datetime as dt

import pytest

from generator.text import thai
from tests.test_thai import MONTHS

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the `test` extra: pip install -e '.[test]'")
given, st = hypothesis.given, hypothesis.strategies

# Thai letters, both kinds of digit, Latin letters and the punctuation of URLs and e-mail.
PROSE = st.text(alphabet="กขคงจนมยรลวสอะาิีเแ่้ ๐๑๒๓๔๕๖๗๘๙0123456789abcXYZ-./@:_ \n", max_size=60)


@given(st.text(alphabet=st.characters(blacklist_characters=thai.THAI_DIGITS)))
def test_arabic_after_thai_round_trips(text):
    assert thai.arabic_digits(thai.thai_digits(text)) == text


@given(st.text(alphabet=st.characters(blacklist_characters="0123456789")))
def test_thai_after_arabic_round_trips(text):
    assert thai.thai_digits(thai.arabic_digits(text)) == text


@given(PROSE)
def test_digits_in_prose_leaves_no_arabic_digit_in_prose(text):
    assert not thai.has_arabic_digits_in_prose(thai.digits_in_prose(text))


@given(PROSE)
def test_digits_in_prose_changes_only_digits(text):
    converted = thai.digits_in_prose(text)
    assert len(converted) == len(text)
    assert thai.arabic_digits(converted) == thai.arabic_digits(text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2399, 12, 31)))
def test_thai_date_shape(day):
    text = thai.thai_date(day)
    d, month, year = text.split(" ")
    assert thai.arabic_digits(d) == str(day.day)
    assert month == MONTHS[day.month - 1]
    assert int(thai.arabic_digits(year)) == day.year + 543
    assert not any(c in "0123456789" for c in text)
