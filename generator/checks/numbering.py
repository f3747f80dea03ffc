"""Letter numbers across letters: no number twice in a series, no gaps, the year matches the date.

A series is an agency code's normal letters, its circulars (ว) or a yearly kind (orders, minutes),
in one calendar year (see :mod:`generator.registers.numbering`). A duplicate is an error on both letters,
naming the other file and line: in a pull request CI runs ``saraban check`` on the merge result,
so a number issued on two branches is caught before the second one lands.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from generator.checks import Facts
from generator.checks._common import rule
from generator.errors import Problem
from generator.kinds import all_kinds
from generator.kinds.numbers import Series, series_of
from generator.letter.parts import PARTS
from generator.text import thai


def letter_facts(resolved) -> dict[str, Any] | None:
    """The letter's series, number (with the year written in it, N/พ.ศ.), when it was issued,
    its status and date, and the lines of ``number`` and ``issued``: None for a letter without a
    number (a kind without numbers, a draft)."""
    kind = all_kinds().get(resolved.kind)
    if kind is None or resolved.letter is None:
        return None
    letter = resolved.letter
    series, number = series_of(letter, kind, resolved.agency), getattr(letter, "number", None)
    if series is None or not isinstance(number, int):
        return None
    issued, date = getattr(letter, "issued", None), getattr(letter, "date", None)
    return {"series": [series.code, series.name, series.year], "number": int(number),
            "number_year": getattr(number, "year", None),
            "issued_year": thai.buddhist_year(issued.year) if issued is not None else None,
            "status": getattr(letter, "status", None), "date": str(date) if date is not None else None,
            "lines": {key: resolved.source.line_of((key,)) for key in ("number", "issued")},
            "digits": getattr(letter, "digits", None) or resolved.agency.profile.digits}


class Entry(NamedTuple):
    """One numbered letter, from its facts (a tuple: 10,000 of them are made for each build)."""

    file: Path
    series: Series
    number: int
    number_year: int | None
    issued_year: int | None
    lines: dict[str, int | None]
    digits: str = "thai"             # the letter's own: messages show its numbers as it prints them

    @property
    def line(self) -> int | None:
        return self.lines.get("number")


def _entries(letters: list[Facts]) -> list[Entry]:
    series: dict[tuple, Series] = {}            # a few series shared by thousands of letters
    entries = []
    for one in letters:
        facts = one.facts
        key = tuple(facts["series"])
        if key not in series:
            series[key] = Series(*key)
        entries.append(Entry(one.file, series[key], facts["number"], facts.get("number_year"),
                             facts.get("issued_year"), facts.get("lines") or {}, facts.get("digits") or "thai"))
    return entries


RULES = {
    "SB301": ("duplicate-number", "two letters share a number in one series and year"),
    "SB302": ("number-gap", "numbers missing between the lowest and highest of a series (warning)"),
    "SB303": ("number-year", "an N/พ.ศ. number whose year is not the year of the letter's date"),
    "SB304": ("issued-year", "`issued:` in another year than the letter's date (warning)"),
}


def _problem(entry: Entry, rule_id: str, message: str, hint: str | None = None, severity: str = "error",
             key: str = "number") -> Problem:
    return Problem(entry.file, entry.lines.get(key), key, PARTS[key], message, hint, severity, rule=rule(rule_id))


def _where(entry: Entry) -> str:
    return f"{entry.file}:{entry.line}" if entry.line else str(entry.file)


def duplicates(by_series: dict[Series, list[Entry]]) -> Iterable[Problem]:
    for series, entries in by_series.items():
        by_number: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_number[entry.number].append(entry)
        for number, same in by_number.items():
            if len(same) < 2:
                continue
            for entry in same:
                others = ", ".join(_where(other) for other in same if other is not entry)
                shown = thai.number(number, entry.digits)
                yield _problem(entry, "SB301", f"number {shown} of {series.describe(entry.digits)} is also used by {others}",
                               "a number is issued once: set `number: auto` in the newer letter and run "
                               "`saraban issue` on it")


def gaps(by_series: dict[Series, list[Entry]]) -> Iterable[Problem]:
    """Numbers missing between the lowest and the highest of a series (the register may have
    begun on paper before the lowest one)."""
    for series, entries in by_series.items():
        numbers = {e.number for e in entries}
        first = {}
        for entry in sorted(entries, key=lambda e: e.number):
            first.setdefault(entry.number, entry)
        ordered = sorted(numbers)
        for low, high in zip(ordered, ordered[1:]):
            if high - low > 1:
                entry = first[high]
                described, number = series.describe(entry.digits), lambda n: thai.number(n, entry.digits)
                message = (f"number {number(low + 1)} of {described} is missing before this one" if high - low == 2
                           else f"numbers {number(low + 1)}–{number(high - 1)} of {described} are missing before this one")
                yield _problem(entry, "SB302", message, "a number is never reused: keep a cancelled letter with "
                               "`status: cancelled` so the register shows it", "warning")


def years(entries: list[Entry]) -> Iterable[Problem]:
    for entry in entries:
        year = entry.series.year
        if entry.number_year is not None and entry.number_year != year:
            yield _problem(entry, "SB303", f"the number's year {entry.number_year} is not the year of the letter's "
                           f"date (พ.ศ. {year})", "a series runs from 1 in each calendar year: correct the "
                           "date, or set `number: auto` and issue it again")
        if entry.issued_year is not None and entry.issued_year != year:
            yield _problem(entry, "SB304", f"issued in พ.ศ. {entry.issued_year} but the letter is "
                           f"dated in พ.ศ. {year}, whose series the number belongs to",
                           "check the date; a letter dated in a new year needs a new number "
                           "(`number: auto`, then `saraban issue`)", "warning", key="issued")


def check_facts(letters: list[Facts]) -> list[Problem]:
    entries = _entries(letters)
    by_series: dict[Series, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_series[entry.series].append(entry)
    return [*duplicates(by_series), *gaps(by_series), *years(entries)]
