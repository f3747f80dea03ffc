"""Thai line breaking a proofreader accepts: no break inside a word or a unit that belongs together.

Thai has no spaces between words, so a layout engine breaks Thai lines with a dictionary. LibreOffice
uses ICU's, which splits compounds (ราย|ละเอียด, งบ|ประมาณ) and Latin terms at a hyphen ((e-|LAAS)).
:func:`keep_together` finds the words with the newmm segmenter (nlpo3's, on PyThaiNLP's word list plus
the government vocabulary of ``generator/data/thai_words.txt``) and the units that belong together
(dates, พ.ศ. and its year, times, letter numbers, amounts with their unit, ID and phone numbers, a
person's title, first name and surname, short Latin terms in parentheses), asks ICU where the layout
could break, and fixes only those places:

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
import importlib.util
import itertools
import os
import re
import tempfile
from pathlib import Path
from typing import Callable

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
def dictionary() -> frozenset[str]:
    """Every word the segmenter knows: PyThaiNLP's word list plus the government vocabulary."""
    return frozenset(_pythainlp_words()) | frozenset(vocabulary())


def _pythainlp_words() -> list[str]:
    """PyThaiNLP's word list (62,000 words), read from its package without importing PyThaiNLP
    (which takes a moment to load); through ``thai_words()`` if the file is not where it was."""
    spec = importlib.util.find_spec("pythainlp")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    if folder is not None and (folder / "corpus" / _PYTHAINLP_WORDS).is_file():
        text = (folder / "corpus" / _PYTHAINLP_WORDS).read_text(encoding="utf-8-sig")
        return [line for line in text.splitlines() if line]      # as thai_words(): lines, not stripped
    _pythainlp_quiet()
    from pythainlp.corpus import thai_words
    return list(thai_words())


_PYTHAINLP_WORDS = "words_th.txt"


def _pythainlp_quiet() -> None:
    """PyThaiNLP is told not to create ~/pythainlp-data nor to download anything: its word list
    ships in the package."""
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


def load_now() -> None:
    """Load the dictionary and the patterns of units, titles and words now, not at the first
    letter: a resident saraban (generator.resident) loads them once for all its runs. They are
    made from the package's own data only, so every run may share them."""
    _segmenter()
    _data_patterns()


@functools.lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], list[str]]:
    """The newmm segmenter over :func:`dictionary`: nlpo3's (newmm in Rust: its dictionary loads in
    a quarter of the time PyThaiNLP builds its trie, and it cuts a text several times faster), else
    PyThaiNLP's own. Imported here: only rendering needs it."""
    try:
        import nlpo3
    except ImportError:
        return _pythainlp_segmenter()
    try:             # nlpo3 reads its dictionary from a file: one word a line
        fd, name = tempfile.mkstemp(prefix="saraban-words-", suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write("\n".join(dictionary()))
            dictionary_name = f"saraban-{next(_LOADS)}"     # nlpo3 keeps a name's first dictionary
            _, loaded = nlpo3.load_dict(name, dictionary_name)
        finally:
            os.unlink(name)
    except OSError:  # no temporary folder to write to
        loaded = False
    if not loaded:
        return _pythainlp_segmenter()
    return functools.partial(_nlpo3_words, functools.partial(nlpo3.segment, dict_name=dictionary_name))


_LOADS = itertools.count(1)
# A run of what PyThaiNLP's newmm takes as one non-Thai token (a Latin word, a number, brackets, a
# slash): it always cuts before and after one, and starts afresh after it. nlpo3 goes on through
# such a run as through unknown Thai (/ว, (ว), as one token, and the next words cut otherwise), and
# over many of them it cuts the next Thai words short (สี|ส้ม for สีส้ม after an English sentence).
_OTHER = re.compile("[^\u0e00-\u0e7f \t\r\n]+")
_THAI = re.compile("[\u0e00-\u0e7f]")
_HAS_LETTER = re.compile(f"[{_THAI_LETTER}]")
_HAS_THAI = re.compile(f"[{_THAI_LETTER}\u0e50-\u0e59]")        # a Thai letter or digit
# A token of nlpo3's that holds Thai letters and other characters: PyThaiNLP cuts there.
_MIXED = re.compile(f"[{_THAI_LETTER}][^{_THAI_LETTER}]|[^{_THAI_LETTER}][{_THAI_LETTER}]")
_LETTERS_OR_NOT = re.compile(f"[{_THAI_LETTER}]+|[^{_THAI_LETTER}]+")


@functools.lru_cache(maxsize=1)
def _words_with_others() -> dict[str, list[tuple[str, int]]]:
    """The dictionary words that hold such a run (พ.ศ., ส.ค.1, ว/ด/ป), by the two characters where
    the run starts: each word with the run's offset in it."""
    found: dict[str, list[tuple[str, int]]] = {}
    for word in _words_with_other_characters():
        for run in _OTHER.finditer(word):
            if run.start():                 # every dictionary word starts with a Thai character
                found.setdefault(word[run.start() - 1:run.start() + 1], []).append((word, run.start()))
    return found


def _words_with_other_characters() -> set[str]:
    """The few hundred dictionary words holding a character that is neither Thai nor a space,
    found by one scan of the whole list (not a pattern run on each of 62,000 words)."""
    text = "\n".join(dictionary())
    found = set()
    for match in _OTHER.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        found.add(text[start:end if end >= 0 else len(text)])
    return found


def _in_a_word(text: str, at: int) -> bool:
    """Whether the run at ``at`` may be inside a dictionary word (the ``.`` of พ.ศ.)."""
    return at > 0 and any(text.startswith(word, at - offset)
                          for word, offset in _words_with_others().get(text[at - 1:at + 1], ()))


def _nlpo3_words(segment, text: str) -> list[str]:
    """nlpo3's words, cut where PyThaiNLP's newmm cuts, so that the same hints come out: nlpo3 is
    given the text between the runs PyThaiNLP takes as non-Thai tokens, each run is one token, and
    a token of Thai letters and other characters that is no dictionary word is cut between them."""
    out, at = [], 0
    for run in [*_OTHER.finditer(text), None]:
        if run is not None and _in_a_word(text, run.start()):
            continue
        end = run.start() if run else len(text)
        if at < end:
            between = text[at:end]
            if _THAI.search(between):
                _add_nlpo3(out, segment(between))
            else:
                out.append(between)
        if run is not None:
            out.append(run.group())
            at = run.end()
    return out


def _add_nlpo3(out: list[str], tokens: list[str]) -> None:
    known = dictionary()
    for token in tokens:
        if _MIXED.search(token) and token not in known:
            out += _LETTERS_OR_NOT.findall(token)
        else:
            out.append(token)


def _pythainlp_segmenter() -> Callable[[str], list[str]]:
    _pythainlp_quiet()
    from pythainlp.tokenize import newmm
    from pythainlp.util import Trie

    trie = Trie(dictionary())
    return lambda text: newmm.segment(text, custom_dict=trie)


def words(text: str) -> list[str]:
    """``text`` cut into words by newmm (with the government vocabulary); they join back to it.
    A phrase longer than :data:`LONGEST_WORD` comes as the words it is made of."""
    if not text:
        return []
    return [part for word in _segmenter()(text) for part in (_parts(word) if len(word) > LONGEST_WORD else [word])]


def _parts(phrase: str) -> list[str]:
    """A long phrase as its words: at each place the longest dictionary word no longer than
    :data:`LONGEST_WORD`, else ICU's next word."""
    known = dictionary()
    parts, at = [], 0
    while at < len(phrase):
        part = next((phrase[at:end] for end in range(min(at + LONGEST_WORD, len(phrase)), at, -1)
                     if phrase[at:end] in known), None) or wordbreak.words(phrase[at:])[0]
        parts.append(part)
        at += len(part)
    return parts


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word and unit a line must not break inside."""
    spans, cuts, at = [], {0, len(text)}, 0
    for word in words(text):
        end = at + len(word)
        if end > at + 1 and _HAS_LETTER.search(word):
            spans.append((at, end))
        at = end
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
    return "".join(_kept_once(text))


def keep_runs_together(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """:func:`keep_together` over a paragraph's runs as one text (a unit may span a bold run)."""
    pieces = _kept_once("".join(text for text, _ in runs))
    out, at = [], 0
    for text, bold in runs:
        out.append(("".join(pieces[at:at + len(text)]), bold))
        at += len(text)
    return out


@functools.lru_cache(maxsize=4096)
def _kept_once(text: str) -> tuple[str, ...]:
    """:func:`_kept`, once per text in a process: the agency's name and address, the signer's
    block, the salutation and the closing come back in letter after letter."""
    return tuple(_kept(text))


def _kept(text: str) -> list[str]:
    """Each character of ``text``, a no-break space for a space inside a unit, and a joiner
    before it where ICU would break inside one."""
    pieces = list(text)
    if not _HAS_THAI.search(text):
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
