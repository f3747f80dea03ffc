"""Thai line breaking a proofreader accepts: no break inside a word or a unit that belongs together.

Thai has no spaces between words, so a layout engine breaks Thai lines with a dictionary. LibreOffice
uses ICU's, which splits compounds (ราย|ละเอียด, งบ|ประมาณ) and Latin terms at a hyphen ((e-|LAAS)).
:func:`keep_together` finds the words with PyThaiNLP's segmenter (its word list plus the government
vocabulary of ``generator/data/thai_words.txt``) and the units that belong together (dates, พ.ศ. and
its year, times, letter numbers, amounts with their unit, ID and phone numbers, a person's title, first
name and surname, short Latin terms in parentheses), asks ICU where the layout could break, and fixes
only those places:

- a ZERO WIDTH NO-BREAK SPACE (U+FEFF) where ICU would break inside a word or a unit: invisible,
  Unicode's line-break class WJ (no break on either side), and left out of the PDF's text layer by
  LibreOffice, so a search there still finds the word. (U+2060 WORD JOINER, the same class, makes
  LibreOffice 7.4 push a word ending in ที่ past the right margin: measured, see the docs.)
- a NO-BREAK SPACE (U+00A0) for a space inside a unit (``๒\u00a0กันยายน\u00a0๒๕๖๗``): LibreOffice
  breaks after a space whatever follows it, so a joiner after the space would not hold.

docs/line-breaking.md tells why these two and what was measured.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from generator.text import wordbreak

JOINER = "\ufeff"            # ZERO WIDTH NO-BREAK SPACE: no line break on either side
NO_BREAK_SPACE = "\u00a0"
# What keep_together adds or puts for a space; undone, the letter's own text comes back.
INSERTED = str.maketrans({JOINER: None, NO_BREAK_SPACE: " "})
DATA = Path(__file__).resolve().parents[1] / "data"

_THAI_LETTER = "\u0e01-\u0e4e"
_D = "[0-9\u0e50-\u0e59]"
_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม"
           "|พฤศจิกายน|ธันวาคม|ม\\.ค\\.|ก\\.พ\\.|มี\\.ค\\.|เม\\.ย\\.|พ\\.ค\\.|มิ\\.ย\\.|ก\\.ค\\."
           "|ส\\.ค\\.|ก\\.ย\\.|ต\\.ค\\.|พ\\.ย\\.|ธ\\.ค\\.")
_SPACE = "[ \u00a0]"
_ERA = f"(?:พ\\.ศ\\.|ค\\.ศ\\.){_SPACE}?{_D}{{4}}"
# Units whose every match is kept whole; units and names are built from the data files below.
_UNITS = re.compile("|".join([
    # ๒ กันยายน ๒๕๖๗, ๑ ตุลาคม พ.ศ. ๒๕๕๖, ๖ มกราคม, ก.ย. ๖๗, กันยายน ๒๕๖๗ (a draft's blank day is NBSPs)
    f"(?:{_D}{{1,2}}|\u00a0+){_SPACE}?(?:{_MONTHS})(?:{_SPACE}(?:{_ERA}|{_D}{{2,4}}))?",
    f"(?:{_MONTHS}){_SPACE}(?:{_ERA}|{_D}{{4}})",
    _ERA,                                                        # พ.ศ. ๒๕๖๘
    f"{_D}{{1,2}}[.:]{_D}{{2}}{_SPACE}?น\\.",                    # ๑๓.๔๐ น.
    # ที่ พบ ๐๐๒๓.๕/ว ๑๒๓๒๒, มท ๐๘๐๘.๔/ว ๓๔๒๐
    f"(?:(?<![{_THAI_LETTER}])ที่{_SPACE})?(?<![{_THAI_LETTER}])[ก-ฮ]{{1,4}}\\.?{_SPACE}?{_D}+(?:\\.{_D}+)*"
    f"/(?:ว{_SPACE}?)?{_D}+",
    f"{_D}{{1,5}}(?:[ \u00a0-]{_D}{{1,5}}){{2,4}}",              # ๑ ๒๓๔๕ ๖๗๘๙๐ ๑๒ ๓, ๐ ๓๒๕๔ ๗๒๐๒
    r"\([A-Za-z0-9][^()\s/]{0,18}\)",                            # (e-LAAS)
]))
# A dictionary "word" longer than this is a phrase (องค์กรปกครองส่วนท้องถิ่น, ขอแสดงความนับถือ): kept
# whole it would leave a long gap in a justified line, so it breaks between the words it is made of.
LONGEST_WORD = 14
_GROUPED_DIGITS = 9          # a run of digit groups is an ID or phone number from this many digits
_ID_DIGITS = 13              # … and up to this many (a Thai ID number): a longer run may break


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """The government vocabulary (``generator/data/thai_words.txt``), longest first."""
    return tuple(sorted(set(_lines("thai_words.txt")), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _data_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    alternatives = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # noqa: E731
    amount = re.compile(f"{_D}[0-9\u0e50-\u0e59,]*(?:\\.{_D}+)?{_SPACE}?(?:{alternatives(_lines('thai_units.txt'))})")
    name = re.compile(f"(?:{alternatives(_lines('thai_titles.txt'))})(?P<names>{_SPACE}?"
                      f"[{_THAI_LETTER}]{{2,30}}{_SPACE}[{_THAI_LETTER}]{{2,30}})")
    words = re.compile(alternatives(vocabulary()))
    return amount, name, words


@functools.lru_cache(maxsize=1)
def _segmenter():
    """PyThaiNLP's newmm segmenter with its word list plus the government vocabulary (imported here:
    PyThaiNLP takes a moment to load, and only rendering needs it). Its word list ships in the
    package: PyThaiNLP is told not to create ~/pythainlp-data nor to download anything."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import newmm
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | set(vocabulary()))
    return trie, lambda text: newmm.segment(text, custom_dict=trie)


def words(text: str) -> list[str]:
    """``text`` cut into words by PyThaiNLP (with the government vocabulary); they join back to it.
    A phrase longer than :data:`LONGEST_WORD` comes as the words it is made of."""
    if not text:
        return []
    trie, segment = _segmenter()
    return [part for word in segment(text) for part in (_parts(word, trie) if len(word) > LONGEST_WORD else [word])]


def _parts(phrase: str, trie) -> list[str]:
    """A long phrase as its words: at each place the longest dictionary word no longer than
    :data:`LONGEST_WORD`, else ICU's next word."""
    parts, at = [], 0
    while at < len(phrase):
        fits = [w for w in trie.prefixes(phrase[at:at + LONGEST_WORD]) if len(w) <= LONGEST_WORD]
        part = max(fits, key=len) if fits else wordbreak.words(phrase[at:])[0]
        parts.append(part)
        at += len(part)
    return parts


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word and unit a line must not break inside."""
    spans, cuts, at = [], {0, len(text)}, 0
    for word in words(text):
        if re.search(f"[{_THAI_LETTER}]", word) and len(word) > 1:
            spans.append((at, at + len(word)))
        at += len(word)
        cuts.add(at)
    amount, name, vocabulary_word = _data_patterns()
    for match in vocabulary_word.finditer(text):
        if match.start() in cuts:
            spans.append(match.span())
    for start in sorted(cuts):
        match = name.match(text, start)
        if match and match.start("names") in cuts:     # นาย|วีระ, not นายก|เทศมนตรี
            spans.append(match.span())
    for pattern in (_UNITS, amount):
        for match in pattern.finditer(text):
            if pattern is amount and match.end() not in cuts:
                continue                  # ๓ คนละ…: the "unit" is the start of a longer word
            if pattern is _UNITS and _too_few_digits(match.group()):
                continue
            spans.append(match.span())
    return spans


def _too_few_digits(unit: str) -> bool:
    """A run of digit groups that is neither an ID nor a phone number (๑ ๒ ๓)."""
    if not re.fullmatch(f"{_D}+(?:[ \u00a0-]{_D}+)+", unit):
        return False
    return not _GROUPED_DIGITS <= len(re.findall(_D, unit)) <= _ID_DIGITS


def layout_breaks(text: str) -> set[int]:
    """Where LibreOffice may break a line of ``text``: ICU's line breaks (string indices); without
    ICU, every boundary of Thai character clusters (a stricter guess)."""
    breaks = wordbreak.line_breaks(text)
    if breaks is not None:
        return set(breaks)
    found, at = set(), 0
    for piece in wordbreak.cluster_words(text):
        at += len(piece)
        found.add(at)
    return found


def keep_together(text: str) -> str:
    """``text`` with joiners where a line could break inside a word or unit, and no-break spaces
    inside units; nothing else changes."""
    return "".join(_kept(text))


def keep_runs_together(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """:func:`keep_together` over a paragraph's runs as one text (a unit may span a bold run)."""
    pieces = _kept("".join(text for text, _ in runs))
    out, at = [], 0
    for text, bold in runs:
        out.append(("".join(pieces[at:at + len(text)]), bold))
        at += len(text)
    return out


def _kept(text: str) -> list[str]:
    """Each character of ``text``, a no-break space for a space inside a unit, and a joiner
    before it where ICU would break inside one."""
    pieces = list(text)
    if not re.search(f"[{_THAI_LETTER}\u0e50-\u0e59]", text):
        return pieces
    spans = protected_spans(text)
    if not spans:
        return pieces
    inside = [False] * (len(text) + 1)         # inside[i]: a break before text[i] splits a span
    for start, end in spans:
        for i in range(start + 1, end):
            inside[i] = True
    for i, char in enumerate(text):
        if char == " " and inside[i] and inside[i + 1]:
            pieces[i] = NO_BREAK_SPACE
    for i in sorted(layout_breaks(text)):
        if 0 < i < len(text) and inside[i] and pieces[i - 1] != NO_BREAK_SPACE and text[i - 1] != NO_BREAK_SPACE:
            pieces[i] = JOINER + pieces[i]
    return pieces
