"""Load YAML into plain Python data, remembering the line of every key and item."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator import deps
from generator.errors import LetterError, Problem
from generator.letter.parts import PARTS
from generator.letter.thaikeys import translate

Path_ = tuple  # a key path such as ("enclosures", 0, "title")


@dataclass
class Source:
    """A YAML file's data and the 1-based line of each key path in it."""

    file: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    text: str = ""                      # the file as read, for checks that point inside a value

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


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


class _Constructor(SafeConstructor):
    """YAML 1.2 scalars (ruamel's safe constructor), but an impossible date is an error with its line."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as exc:
            raise _BadDate(None, None, f"{node.value} is not a real date ({exc})", node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


_YAML: YAML | None = None


def _parser() -> YAML:
    """ruamel's YAML 1.2 with libyaml's parser (ruamel.yaml.clib) where installed: composing nodes,
    which carry their lines, is about ten times faster than round-trip loading in pure Python.
    One instance serves every file (making one costs more than parsing a letter)."""
    global _YAML
    if _YAML is None:
        _YAML = YAML(typ="safe", pure=False)
        _YAML.Constructor = _Constructor
    constructor = _YAML.constructor
    constructor.constructed_objects, constructor.recursive_objects = {}, {}
    return _YAML


def _plain(node: Any, path: Path_, lines: dict[Path_, int], constructor: _Constructor) -> Any:
    """Plain Python data from a composed node, recording the 1-based line of every key and item."""
    if isinstance(node, MappingNode):
        _no_duplicates(node, constructor)
        constructor.flatten_mapping(node)              # `<<:` merge keys; the later key wins
        out = {}
        for key_node, value_node in node.value:
            key = str(constructor.construct_object(key_node, deep=True))
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _plain(value_node, path + (key,), lines, constructor)
        return out
    if isinstance(node, SequenceNode):
        out = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            out.append(_plain(item, path + (index,), lines, constructor))
        return out
    return _scalar(constructor.construct_object(node, deep=True))


def _no_duplicates(node: MappingNode, constructor: _Constructor) -> None:
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, ScalarNode):
            continue
        key = str(constructor.construct_object(key_node, deep=True))
        if key in seen:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        seen.add(key)


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, (str, bool)) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def load_yaml(file: Path, values: dict[str, dict[str, str]] | None = None) -> Source:
    """Read ``file``, Thai key names made English; syntax errors become a :class:`LetterError` with
    the line. ``values``: more Thai values by key (the kinds' Thai names, which the kinds know:
    :func:`generator.kinds.load_letter`)."""
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
    yaml = _parser()
    lines: dict[Path_, int] = {(): 1}
    try:
        node = yaml.compose(text)
        data = _plain(node, (), lines, yaml.constructor) if node is not None else None
    except _DuplicateKey as exc:
        raise LetterError([_duplicate_key(file, exc.key, exc.line)]) from None
    except _BadDate as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise LetterError([Problem(file, line, None, None, str(exc.problem),
                                   "write a date that exists, as YYYY-MM-DD (Christian era), e.g. 2024-09-02")]) from None
    except MarkedYAMLError as exc:
        raise LetterError([_syntax_problem(file, text, exc)]) from None
    except YAMLError as exc:
        raise LetterError([Problem(file, None, None, None, f"YAML syntax error: {exc}")]) from None
    if data is None:
        raise LetterError([Problem(file, 1, None, None, "the file is empty",
                                   "start from `saraban new external`")])
    if not isinstance(data, dict):
        raise LetterError([Problem(file, 1, None, None, "expected a mapping of keys (kind:, subject:, …) at the top level")])
    return translate(Source(file, data, lines, text), values)


# What the parser was reading when it failed → what the writer probably did, said at the line where
# that began (the parser notices only lines later: at the next key, or at the end of the file).
_LIKELY = {
    "while scanning a simple key": ("a key without a space after its colon (`subject:text`)",
                                    "write a space after the colon: `subject: text`"),
    "while scanning a quoted scalar": ("a quote opened here is never closed",
                                       "close the quote at the end of the text, or remove it"),
    "while parsing a flow sequence": ("a `[` opened here is never closed",
                                      "close the list with `]` on this line, or write one `- item` per line"),
    "while parsing a flow mapping": ("a `{` opened here is never closed",
                                     "close it with `}` on this line, or write one `key: value` per line"),
}


def _syntax_problem(file: Path, text: str, exc: MarkedYAMLError) -> Problem:
    """A YAML syntax error at the line where the broken construct started, in words."""
    likely = _LIKELY.get(exc.context or "")
    if likely and exc.context_mark is not None:
        line = exc.context_mark.line + 1
        if exc.context == "while scanning a simple key" and not _missing_space(text, line):
            likely = None
        else:
            message, hint = likely
            return Problem(file, line, None, None, f"YAML syntax error: {message}", hint)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    what = exc.problem or exc.context or "not valid YAML"
    return Problem(file, line, None, None, f"YAML syntax error: {what}",
                   "check the indentation and quote text that contains ': ' or starts with a symbol")


def _missing_space(text: str, line: int) -> bool:
    """Whether ``line`` reads ``key:value``: a colon followed by text rather than a space."""
    lines = text.splitlines()
    content = lines[line - 1] if 0 < line <= len(lines) else ""
    head, colon, rest = content.partition(":")
    return bool(colon) and bool(head.strip()) and " " not in head.strip() and bool(rest) and not rest[0].isspace()


def _duplicate_key(file: Path, key: str, line: int) -> Problem:
    """A key written twice in one mapping: name it, and its Thai part."""
    return Problem(file, line, key, PARTS.get(key), "this key appears more than once here",
                   "keep one of them: YAML would otherwise silently use only one")
