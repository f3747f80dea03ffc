"""Thai key names: a letter (or agency.yaml) may name every key as a clerk names the part.

Right after loading, every Thai key becomes its English key and every Thai value of an enumeration
its English value (tables in generator/data/thai_keys.yaml, kind names from each kind's ``thai``), with
the line of every key kept; the rest of the pipeline sees English keys only. One mapping may not hold
both names of one key.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from generator.data import table
from generator.errors import LetterError, Problem
from generator.letter.parts import PARTS

RULE = "SB002 mixed-key-names"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict]:
    data = table("thai_keys")
    values = {key: dict(rows) for key, rows in (data.get("values") or {}).items()}
    return dict(data.get("keys") or {}), {k: dict(v) for k, v in (data.get("under") or {}).items()}, values


@lru_cache(maxsize=1)
def thai_names() -> dict[str | None, dict[str, str]]:
    """Thai name → key: ``None`` for the top level, else by the key that holds the mapping
    (one table for the process: read it, do not change it)."""
    top, under, _ = _tables()
    return {None: top, **under}


def inner_holder(key: str, holder: str | None) -> str | None:
    """Whose Thai names apply inside ``key``'s value: ``key``'s own, when the table names the keys
    under it (``signer`` → ชื่อ is ``name``), else those of the mapping around it (``holder``)."""
    return key if key in thai_names() else holder


def names_in(holder: str | None, top_level: bool = False) -> dict[str, str]:
    """Thai name → key in one mapping: the top level's; inside a mapping, those under its
    ``holder`` (see :func:`inner_holder`), none when no holder names them."""
    names = thai_names()
    if top_level:
        return names[None]
    return names.get(holder, {}) if holder else {}


def thai_names_of(key: str, holder: str | None = None, top_level: bool = True) -> list[str]:
    """The Thai names of ``key`` at one level (``number`` → ที่, เลขที่ at the top level)."""
    return [thai for thai, english in names_in(holder, top_level).items() if english == key]


def thai_values(more: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Thai value → value, by key: the table's, and ``more`` (the kinds' Thai names, which only the
    kinds know: :func:`generator.kinds.kind_values`)."""
    _, _, values = _tables()
    merged = dict(values)
    for key, rows in (more or {}).items():
        merged[key] = {**rows, **values.get(key, {})}
    return merged


def translate(source, values: dict[str, dict[str, Any]] | None = None):
    """``source`` with English keys and values (the table's, and ``values``); a
    :class:`LetterError` if a key has both names."""
    if not isinstance(source.data, dict):
        return source
    lines: dict[tuple, int] = {(): source.lines.get((), 1)}
    problems: list[Problem] = []
    walker = _Walker(source, lines, problems, thai_values(values))
    data = walker.walk(source.data, (), (), None)
    if problems:
        raise LetterError(problems)
    return type(source)(source.file, data, lines, source.text)


class _Walker:
    def __init__(self, source, lines, problems, values):
        self.source, self.lines, self.problems, self.values = source, lines, problems, values

    def walk(self, node: Any, old: tuple, new: tuple, holder: str | None) -> Any:
        if isinstance(node, dict):
            return self._mapping(node, old, new, holder)
        if isinstance(node, list):
            out = []
            for index, item in enumerate(node):
                self._line(old + (index,), new + (index,))
                out.append(self.walk(item, old + (index,), new + (index,), holder))
            return out
        return node

    def _mapping(self, node: dict, old: tuple, new: tuple, holder: str | None) -> dict:
        names = names_in(holder, top_level=not new)
        out: dict[str, Any] = {}
        written: dict[str, str] = {}           # English key → the name the file used
        for key, value in node.items():
            english = names.get(key, key)
            if english in written:
                self._both_names(old, written[english], key, english)
                continue
            written[english] = key
            self._line(old + (key,), new + (english,))
            inner = inner_holder(english, holder)
            value = self.walk(value, old + (key,), new + (english,), inner)
            if isinstance(value, str) and value.strip() in self.values.get(english, {}):
                value = self.values[english][value.strip()]
            out[english] = value
        return out

    def _line(self, old: tuple, new: tuple) -> None:
        if old in self.source.lines:
            self.lines[new] = self.source.lines[old]

    def _both_names(self, old: tuple, first: str, second: str, english: str) -> None:
        line_first, line_second = self.source.lines.get(old + (first,)), self.source.lines.get(old + (second,))
        self.problems.append(Problem(
            self.source.file, line_second, english, PARTS.get(english),
            f"written twice, as `{first}` (line {line_first}) and as `{second}` (line {line_second})",
            "keep one of them: Thai and English names of one key may not be mixed", rule=RULE))
