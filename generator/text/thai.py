"""Thai formatting: digits, Buddhist-era years, month names, dates and times.

Pure functions; every other module formats Thai numbers and dates through here.
"""
from __future__ import annotations

import datetime as _dt
import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")

BUDDHIST_ERA_OFFSET = 543

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

DIGIT_STYLES = ("thai", "arabic")

# Runs of text where digits stay Arabic: URLs, e-mail addresses and words
# written with Latin letters (e-LAAS, ISO9001, COVID-19). Each alternative starts only where its
# run of characters starts (the lookbehinds): tried inside a run, it would scan the rest of the
# run again at every position, and 20,000 Thai letters without a space took 10 s.
_KEEP_ARABIC = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![A-Za-z0-9_./-])[A-Za-z0-9_./-]*[A-Za-z][A-Za-z0-9_./-]*",
)


def thai_digits(text: str) -> str:
    """Every Arabic digit in ``text`` as a Thai digit."""
    return text.translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Every Thai digit in ``text`` as an Arabic digit."""
    return text.translate(_TO_ARABIC)


def digits(text: str, style: str = "thai") -> str:
    """``text`` with its digits in ``style`` ("thai" or "arabic"), everywhere."""
    if style == "thai":
        return thai_digits(text)
    if style == "arabic":
        return arabic_digits(text)
    raise ValueError(f"unknown digit style {style!r}; expected one of {DIGIT_STYLES}")


def digits_in_prose(text: str, style: str = "thai") -> str:
    """Like :func:`digits`, but URLs, e-mail addresses and Latin words keep Arabic digits."""
    if style == "arabic":
        return arabic_digits(text)
    out, last = [], 0
    for match in _KEEP_ARABIC.finditer(text):
        out.append(digits(text[last:match.start()], style))
        out.append(match.group())
        last = match.end()
    out.append(digits(text[last:], style))
    return "".join(out)


def has_arabic_digits_in_prose(text: str) -> bool:
    """True when ``text`` has Arabic digits outside URLs, e-mail addresses and Latin words."""
    return bool(re.search(r"[0-9]", _KEEP_ARABIC.sub(" ", text)))


def buddhist_year(year: int) -> int:
    """The Buddhist-era year (พ.ศ.) of a Gregorian year: 2024 → 2567."""
    return year + BUDDHIST_ERA_OFFSET


def number(value: int, style: str = "thai") -> str:
    """An integer written in ``style`` digits, without grouping: 2737 → ๒๗๓๗."""
    return digits(str(value), style)


def month_name(month: int, short: bool = False) -> str:
    """The Thai name of month 1–12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, got {month}")
    return (MONTHS_SHORT if short else MONTHS)[month - 1]


def thai_date(day: _dt.date, style: str = "thai") -> str:
    """A date as official letters write it: 2024-09-02 → ๒ กันยายน ๒๕๖๗."""
    return digits(f"{day.day} {month_name(day.month)} {buddhist_year(day.year)}", style)


def thai_month_year(year: int, month: int, style: str = "thai") -> str:
    """Month and Buddhist-era year, for a draft whose day is left blank: กันยายน ๒๕๖๗."""
    return digits(f"{month_name(month)} {buddhist_year(year)}", style)


def thai_time(hour: int, minute: int, style: str = "thai") -> str:
    """A time as official letters write it: 13:40 → ๑๓.๔๐ น."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"not a time of day: {hour}:{minute}")
    return digits(f"{hour:02d}.{minute:02d} น.", style)
