"""How letters are numbered (ที่): series, drafts, the number as printed.

A series is one agency code's normal letters, its circulars (ว), or one yearly kind (orders,
minutes: N/พ.ศ.), in one calendar year of the letters' dates (พ.ศ.). ``Kind.numbering`` says which
a kind uses. The letters are the single source of truth: a series' numbers are the numbers written
in its letters. Issuing them is :mod:`generator.registers.numbering`'s; checking them across letters
is :mod:`generator.checks.numbering`'s.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.agency.profile import AgencyContext
from generator.kinds import Kind, load_letter
from generator.letter.loader import Source
from generator.letter.schema import AUTO, DraftDate
from generator.text import thai

CIRCULAR = "ว"


@dataclass(frozen=True, order=True)
class Series:
    """One run of numbers: an agency code's normal letters, its circulars (ว), or a yearly kind."""

    code: str            # the agency code, digits and spaces normalised (พบ 0023.10)
    name: str            # "" normal letters, "ว" circulars, else the yearly kind's name (order, minutes)
    year: int            # Buddhist era (พ.ศ.) of the letters' dates

    @property
    def yearly(self) -> bool:
        return self.name not in ("", CIRCULAR)

    def describe(self, digits: str = "arabic") -> str:
        """``พบ 0023.10/ว … พ.ศ. 2568`` (``พบ ๐๐๒๓.๑๐/ว … พ.ศ. ๒๕๖๘`` in Thai digits), for messages."""
        if self.yearly:
            text = f"{self.name} {self.code} …/{self.year}".replace("  ", " ")
        else:
            prefix = f"{CIRCULAR} " if self.name == CIRCULAR else ""
            text = f"{self.code}/{prefix}… พ.ศ. {self.year}"
        return thai.digits_in_prose(text, digits)


@dataclass
class Entry:
    """One letter as its number sees it."""

    file: Path
    kind: Kind
    letter: Any                       # the validated model
    agency: AgencyContext
    source: Source
    series: Series | None             # None: the kind is not numbered

    @property
    def number(self) -> int | str | None:
        return getattr(self.letter, "number", None)

    @property
    def issued(self) -> dt.date | None:
        return getattr(self.letter, "issued", None)

    @property
    def digits(self) -> str:
        """The letter's digit style (``thai`` or ``arabic``): its own, else its profile's."""
        return getattr(self.letter, "digits", None) or self.agency.profile.digits

    @property
    def cancelled(self) -> bool:
        return getattr(self.letter, "status", None) == "cancelled"

    @property
    def draft(self) -> bool:
        return is_draft(self.letter)

    @property
    def line(self) -> int | None:
        self.source = with_lines(self.source)
        return self.source.line_of(("number",))


def normal_code(code: str | None) -> str:
    return " ".join(thai.arabic_digits(code or "").split())


def is_draft(letter: Any) -> bool:
    """A letter whose number is ``auto`` and not yet issued: rendered with a blank number and ร่าง."""
    return getattr(letter, "number", None) == AUTO


def not_final(letter: Any) -> str:
    """Why the letter may not be signed yet ("" when it may): a number still ``auto`` or blank,
    a date without its day. The finish stage records it in the PDF for `saraban sign`."""
    if is_draft(letter):
        return "number: auto (not yet issued)"
    if "number" in type(letter).model_fields and not getattr(letter, "number", None):
        return "number: blank"
    if isinstance(getattr(letter, "date", None), DraftDate):
        return "date: without its day"
    return ""


def series_of(letter: Any, kind: Kind, agency: AgencyContext | None) -> Series | None:
    """The series a letter's number belongs to, or None for a kind without numbers."""
    if kind.numbering == "none" or getattr(letter, "date", None) is None:
        return None
    code = normal_code(getattr(letter, "code", None) or (agency.profile.code if agency else None))
    year = thai.buddhist_year(letter.date.year)
    if kind.numbering == "yearly":
        return Series(code, kind.name, year)
    return Series(code, CIRCULAR if getattr(letter, "circular", False) else "", year)


def printed_number(entry: Entry, digits: str = "thai") -> str:
    """ที่ as the register prints it: ``พบ ๐๐๒๓.๑๐/ว ๒๗๓๗``, or ``๑๒/๒๕๖๘`` for a yearly kind."""
    if entry.series is None or not isinstance(entry.number, int):
        return ""
    number = thai.number(int(entry.number), digits)
    if entry.series.yearly:
        return f"{number}/{thai.number(entry.series.year, digits)}"
    code = getattr(entry.letter, "code", None) or entry.agency.profile.code or ""
    prefix = f"{CIRCULAR} " if entry.series.name == CIRCULAR else ""
    return thai.digits(f"{code}/{prefix}", digits) + number


def with_lines(source: Source) -> Source:
    """``source`` with the line of every key (a quick load has none)."""
    return source if source.lines else load_letter(source.file)
