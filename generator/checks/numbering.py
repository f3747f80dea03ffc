"""Letter numbers across letters: no number twice in a series, no gaps, the year matches the date.

A series is an agency code's normal letters, its circulars (ว) or a yearly kind (orders, minutes),
in one calendar year (see :mod:`generator.registers.numbering`). A duplicate is an error on both letters,
naming the other file and line: in a pull request CI runs ``saraban check`` on the merge result,
so a number issued on two branches is caught before the second one lands.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from generator.checks._common import rule
from generator.errors import Problem
from generator.kinds import all_kinds
from generator.kinds.numbers import Entry, Series, series_of
from generator.letter.parts import PARTS
from generator.letter.schema import SeriesNumber
from generator.text import thai


def _entries(letters: list) -> list[Entry]:
    kinds = all_kinds()
    entries = []
    for resolved in letters:
        kind = kinds.get(resolved.kind)
        if kind is None or resolved.letter is None:
            continue
        entry = Entry(resolved.file, kind, resolved.letter, resolved.agency, resolved.source,
                      series_of(resolved.letter, kind, resolved.agency))
        if entry.series is not None and isinstance(entry.number, int):
            entries.append(entry)
    return entries


RULES = {
    "SB301": ("duplicate-number", "two letters share a number in one series and year"),
    "SB302": ("number-gap", "numbers missing between the lowest and highest of a series (warning)"),
    "SB303": ("number-year", "an N/พ.ศ. number whose year is not the year of the letter's date"),
    "SB304": ("issued-year", "`issued:` in another year than the letter's date (warning)"),
}


def _problem(entry: Entry, rule_id: str, message: str, hint: str | None = None, severity: str = "error",
             key: str = "number") -> Problem:
    return Problem(entry.file, entry.source.line_of((key,)), key, PARTS[key], message, hint, severity,
                   rule=rule(rule_id))


def _where(entry: Entry) -> str:
    return f"{entry.file}:{entry.line}" if entry.line else str(entry.file)


def duplicates(by_series: dict[Series, list[Entry]]) -> Iterable[Problem]:
    for series, entries in by_series.items():
        by_number: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_number[int(entry.number)].append(entry)
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
        numbers = {int(e.number) for e in entries}
        first = {}
        for entry in sorted(entries, key=lambda e: int(e.number)):
            first.setdefault(int(entry.number), entry)
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
        if isinstance(entry.number, SeriesNumber) and entry.number.year != year:
            yield _problem(entry, "SB303", f"the number's year {entry.number.year} is not the year of the letter's "
                           f"date (พ.ศ. {year})", "a series runs from 1 in each calendar year: correct the "
                           "date, or set `number: auto` and issue it again")
        if entry.issued is not None and thai.buddhist_year(entry.issued.year) != year:
            yield _problem(entry, "SB304", f"issued in พ.ศ. {thai.buddhist_year(entry.issued.year)} but the letter is "
                           f"dated in พ.ศ. {year}, whose series the number belongs to",
                           "check the date; a letter dated in a new year needs a new number "
                           "(`number: auto`, then `saraban issue`)", "warning", key="issued")


def check_letters(letters: list) -> list[Problem]:
    entries = _entries(letters)
    by_series: dict[Series, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_series[entry.series].append(entry)
    return [*duplicates(by_series), *gaps(by_series), *years(entries)]
