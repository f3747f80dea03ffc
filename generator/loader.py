"""Load YAML into plain Python data, remembering the line of every key and item."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator import deps
from generator.errors import LetterError, Problem

Path_ = tuple  # a key path such as ("enclosures", 0, "title")


@dataclass
class Source:
    """A YAML file's data and the 1-based line of each key path in it."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _BadDate(ConstructorError):
    """A value shaped like a date that is no date (2024-02-30)."""


class _Constructor(RoundTripConstructor):
    """Round-trip loading, but an impossible date is an error with its line."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise _BadDate(None, None, f"{node.value} is not a real date ({exc})", node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _line(node: CommentedMap | CommentedSeq, key: Any, fallback: int) -> int:
    """The 1-based line of a key or item; keys merged in with ``<<:`` have none of their own."""
    position = node.lc.data.get(key)
    return position[0] + 1 if position else fallback


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            lines[path + (str(key),)] = _line(node, key, lines.get(path, 1))
            out[str(key)] = _plain(value, path + (str(key),), lines)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for index, value in enumerate(node):
            lines[path + (index,)] = _line(node, index, lines.get(path, 1))
            out.append(_plain(value, path + (index,), lines))
        return out
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        return node
    if isinstance(node, dt.date):
        return dt.date(node.year, node.month, node.day)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


def load_yaml(file: Path) -> Source:
    """Read ``file``; syntax errors become a :class:`LetterError` with the line."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise LetterError([Problem(file, None, None, None, f"cannot read the file ({exc.strerror})")]) from None
    deps.note_file(file, raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LetterError([Problem(file, line, None, None, "the file is not UTF-8 text",
                                   "save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")]) from None
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        node = yaml.load(text)
    except DuplicateKeyError as exc:
        raise LetterError([_duplicate_key(file, exc)]) from None
    except _BadDate as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise LetterError([Problem(file, line, None, None, str(exc.problem),
                                   "write a date that exists, as YYYY-MM-DD (Christian era), e.g. 2024-09-02")]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "not valid YAML"
        raise LetterError([Problem(file, line, None, None, f"YAML syntax error: {what}",
                                   "check the indentation and quote text that contains ': ' or starts with a symbol")]) from None
    except YAMLError as exc:
        raise LetterError([Problem(file, None, None, None, f"YAML syntax error: {exc}")]) from None
    lines: dict[Path_, int] = {(): 1}
    data = _plain(node, (), lines)
    if data is None:
        raise LetterError([Problem(file, 1, None, None, "the file is empty",
                                   "start from `saraban new external`")])
    if not isinstance(data, dict):
        raise LetterError([Problem(file, 1, None, None, "expected a mapping of keys (kind:, subject:, …) at the top level")])
    return Source(file, data, lines)


def _duplicate_key(file: Path, exc: DuplicateKeyError) -> Problem:
    """A key written twice in one mapping: name it, and its Thai part."""
    from generator.schema import PARTS   # schema imports this module
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    found = re.search(r'duplicate key "([^"]*)"', exc.problem or "")
    key = found.group(1) if found else None
    return Problem(file, line, key, PARTS.get(key or ""), "this key appears more than once here",
                   "keep one of them: YAML would otherwise silently use only one")
