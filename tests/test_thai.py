"""generator.text.thai: digits, Buddhist-era years, month names, dates and times."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.text import thai

MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
          "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


# ----------------------------------------------------------------- digits

def test_thai_digits_maps_every_digit():
    assert thai.thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_arabic_digits_maps_every_digit():
    assert thai.arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_digit_conversion_leaves_other_text_alone():
    assert thai.thai_digits("ที่ พบ 0023.10/ว 2737") == "ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗"
    assert thai.arabic_digits("ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗") == "ที่ พบ 0023.10/ว 2737"
    assert thai.thai_digits("ไม่มีตัวเลข") == "ไม่มีตัวเลข"


@pytest.mark.parametrize("style, text, expected", [
    ("thai", "ปี 2567 ข้อ ๓", "ปี ๒๕๖๗ ข้อ ๓"),
    ("arabic", "ปี ๒๕๖๗ ข้อ 3", "ปี 2567 ข้อ 3"),
])
def test_digits_both_styles(style, text, expected):
    assert thai.digits(text, style) == expected


def test_digits_default_style_is_thai():
    assert thai.digits("12") == "๑๒"


@pytest.mark.parametrize("style", ["roman", "Thai", "", "latin"])
def test_digits_unknown_style(style):
    with pytest.raises(ValueError, match="unknown digit style"):
        thai.digits("1", style)


@pytest.mark.parametrize("text", [
    "http://www.oldaasreport.dla.go.th/2567/doc1.pdf",
    "https://banlad.example.go.th/docs/2568/flood-project.pdf",
    "www.dla.go.th/2024/a1",
    "saraban2567@example.go.th",
    "first.last+2024@mail-1.example.go.th",
    "e-LAAS",
    "ISO9001",
    "COVID-19",
    "A4",
])
def test_digits_in_prose_keeps_arabic_in_urls_emails_and_latin_words(text):
    assert thai.digits_in_prose(text) == text
    assert thai.digits_in_prose(f"ดู {text} ข้อ 2") == f"ดู {text} ข้อ ๒"


@pytest.mark.parametrize("text, expected", [
    ("ปีงบประมาณ พ.ศ. 2568", "ปีงบประมาณ พ.ศ. ๒๕๖๘"),
    ("พ.ศ.2567", "พ.ศ.๒๕๖๗"),
    ("รวม 4,350 ไร่", "รวม ๔,๓๕๐ ไร่"),
    ("ระยะทาง 3.5 กิโลเมตร", "ระยะทาง ๓.๕ กิโลเมตร"),
    ("เวลา 12.00 น.", "เวลา ๑๒.๐๐ น."),
    ("โทร. 0 3254 7202", "โทร. ๐ ๓๒๕๔ ๗๒๐๒"),
    ("ที่ พบ 0023.10/ว 2737", "ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗"),
    ("ครั้งที่ 1/2567", "ครั้งที่ ๑/๒๕๖๗"),
    ("ข้อ2", "ข้อ๒"),
    ("ระบบ e-LAAS ปี 2567", "ระบบ e-LAAS ปี ๒๕๖๗"),
    ("ไฟล์ PDF 2 ฉบับ", "ไฟล์ PDF ๒ ฉบับ"),
    ("ดาวน์โหลดที่ http://www.x.go.th/a1 ภายใน 7 วัน", "ดาวน์โหลดที่ http://www.x.go.th/a1 ภายใน ๗ วัน"),
    ("ติดต่อ a1@x.go.th โทร 1111", "ติดต่อ a1@x.go.th โทร ๑๑๑๑"),
    ("ปี ๒๕๖๗ แล้ว", "ปี ๒๕๖๗ แล้ว"),
])
def test_digits_in_prose_converts_thai_text(text, expected):
    assert thai.digits_in_prose(text) == expected


def test_digits_in_prose_arabic_style_converts_thai_digits_back():
    assert thai.digits_in_prose("ปี ๒๕๖๗ ข้อ 3 e-LAAS", "arabic") == "ปี 2567 ข้อ 3 e-LAAS"


def test_digits_in_prose_unknown_style():
    with pytest.raises(ValueError):
        thai.digits_in_prose("ปี 1", "roman")


@pytest.mark.parametrize("text, expected", [
    ("ปี 2567", True),
    ("ข้อ 1 ของ e-LAAS", True),
    ("ปี ๒๕๖๗", False),
    ("e-LAAS ISO9001 COVID-19", False),
    ("ดูที่ https://x.go.th/2567/1.pdf", False),
    ("เขียนถึง a1@x.go.th", False),
    ("", False),
])
def test_has_arabic_digits_in_prose(text, expected):
    assert thai.has_arabic_digits_in_prose(text) is expected


# ----------------------------------------------------------------- years, months, dates

@pytest.mark.parametrize("year, expected", [(2024, 2567), (2025, 2568), (1957, 2500), (2000, 2543)])
def test_buddhist_year(year, expected):
    assert thai.buddhist_year(year) == expected


@pytest.mark.parametrize("value, style, expected", [
    (2737, "thai", "๒๗๓๗"), (2737, "arabic", "2737"), (10000, "thai", "๑๐๐๐๐")])
def test_number(value, style, expected):
    assert thai.number(value, style) == expected


@pytest.mark.parametrize("month, name", list(enumerate(MONTHS, start=1)))
def test_thai_date_every_month(month, name):
    assert thai.month_name(month) == name
    assert thai.thai_date(dt.date(2024, month, 15)) == f"๑๕ {name} ๒๕๖๗"


def test_thai_date_seed_letter():
    assert thai.thai_date(dt.date(2024, 9, 2)) == "๒ กันยายน ๒๕๖๗"


def test_thai_date_day_has_no_leading_zero():
    assert thai.thai_date(dt.date(2025, 1, 1)) == "๑ มกราคม ๒๕๖๘"


def test_thai_date_leap_day():
    assert thai.thai_date(dt.date(2024, 2, 29)) == "๒๙ กุมภาพันธ์ ๒๕๖๗"


def test_thai_date_arabic_style():
    assert thai.thai_date(dt.date(2024, 9, 2), "arabic") == "2 กันยายน 2567"


def test_thai_date_last_day_of_year():
    assert thai.thai_date(dt.date(2024, 12, 31)) == "๓๑ ธันวาคม ๒๕๖๗"


@pytest.mark.parametrize("year, month, style, expected", [
    (2024, 9, "thai", "กันยายน ๒๕๖๗"),
    (2025, 3, "thai", "มีนาคม ๒๕๖๘"),
    (2025, 3, "arabic", "มีนาคม 2568"),
])
def test_thai_month_year(year, month, style, expected):
    assert thai.thai_month_year(year, month, style) == expected


@pytest.mark.parametrize("hour, minute, style, expected", [
    (13, 40, "thai", "๑๓.๔๐ น."),
    (12, 0, "thai", "๑๒.๐๐ น."),
    (23, 59, "thai", "๒๓.๕๙ น."),
    (13, 40, "arabic", "13.40 น."),
])
def test_thai_time(hour, minute, style, expected):
    assert thai.thai_time(hour, minute, style) == expected


@pytest.mark.parametrize("hour, minute", [(24, 0), (0, 60), (-1, 0), (12, -5)])
def test_thai_time_rejects_impossible_times(hour, minute):
    with pytest.raises(ValueError, match="not a time of day"):
        thai.thai_time(hour, minute)


@pytest.mark.parametrize("month", [0, 13, -1, 100])
def test_month_name_out_of_range(month):
    with pytest.raises(ValueError, match="1–12"):
        thai.month_name(month)


def test_month_name_short():
    assert thai.month_name(9, short=True) == "ก.ย."
    assert len(thai.MONTHS_SHORT) == 12


def test_thai_month_year_bad_month():
    with pytest.raises(ValueError):
        thai.thai_month_year(2024, 13)
