"""Load YAML into plain Python data, remembering the line of every key and item."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator import deps
from generator.errors import LetterError, Problem
from generator.letter.parts import PARTS
from generator.letter.thaikeys import translate

Path_ = tuple  # a key path such as ("enclosures", 0, "title")

# What one file may make a build do: a letter nests a few levels and holds a few hundred values;
# these bounds stop hostile YAML (issue 13) long before Python's recursion or memory give out.
MAX_DEPTH = 40              # mappings and lists inside each other
MAX_VALUES = 100_000        # values once every alias (*name) is expanded
MAX_NUMBER_DIGITS = 30      # digits of a YAML number (Python refuses over 4,300)
# Characters no letter text may hold: C0 controls but tab, newline and CR; DEL; C1 controls;
# surrogates (only "\ud800" escapes make them); the noncharacters XML 1.0 forbids.
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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


    def construct_yaml_int(self, node: Any) -> Any:
        if sum(c.isdigit() for c in str(node.value)) > MAX_NUMBER_DIGITS:
            raise _Refused(node.start_mark, f"a number of more than {MAX_NUMBER_DIGITS} digits",
                           "no letter needs one: write it in quotes if it is text")
        return super().construct_yaml_int(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Refused(Exception):
    """Input a letter may not hold (too deep, too large, a control character), at a position."""

    def __init__(self, mark: Any, message: str, hint: str | None = None):
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None
        self.message, self.hint = message, hint


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


def _bounded_nesting(yaml: YAML, text: str) -> None:
    """Refuse YAML nested deeper than :data:`MAX_DEPTH`, before it is composed (composing is
    recursive: 50,000 levels crash the interpreter). The events are read only when the text
    could nest that deep: each level takes a bracket or two more columns of indentation."""
    indent = max((len(m.group()) for m in re.finditer(r"(?m)^[ ?:-]*", text)), default=0)
    if 2 * indent + text.count("[") + text.count("{") + 2 <= MAX_DEPTH:
        return
    depth = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _too_deep(mark: Any) -> _Refused:
    return _Refused(mark, f"lists and mappings nested more than {MAX_DEPTH} levels deep",
                    "a letter needs only a few levels")


class _Walk:
    """The state of one file's conversion: values made so far and the nodes being made
    (an alias of one of them is a recursive alias)."""

    def __init__(self, constructor: _Constructor, lines: dict[Path_, int]):
        self.constructor, self.lines = constructor, lines
        self.values = 0
        self.open: set[int] = set()

    def enter(self, node: Any, depth: int) -> None:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(node.start_mark, f"the file expands to more than {MAX_VALUES:,} values",
                           "aliases (*name) repeat what they name: repeat less, or write it out")
        if depth > MAX_DEPTH:
            raise _too_deep(node.start_mark)
        if id(node) in self.open:
            raise _Refused(node.start_mark, "an alias (*name) inside the very value it names",
                           "such a value never ends: name another value")


def _plain(node: Any, path: Path_, walk: _Walk) -> Any:
    """Plain Python data from a composed node, recording the 1-based line of every key and item."""
    walk.enter(node, len(path))
    if isinstance(node, (MappingNode, SequenceNode)):
        walk.open.add(id(node))
        try:
            return _mapping(node, path, walk) if isinstance(node, MappingNode) else _sequence(node, path, walk)
        finally:
            walk.open.discard(id(node))
    return _scalar(walk.constructor.construct_object(node, deep=True), node)


def _mapping(node: MappingNode, path: Path_, walk: _Walk) -> dict:
    constructor = walk.constructor
    _no_duplicates(node, constructor)
    _merged_safely(node, walk)
    constructor.flatten_mapping(node)              # `<<:` merge keys; the later key wins
    out = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise _Refused(key_node.start_mark, "a key must be a word, not a list or a mapping")
        key = _text(str(constructor.construct_object(key_node, deep=True)), key_node)
        walk.lines[path + (key,)] = key_node.start_mark.line + 1
        out[key] = _plain(value_node, path + (key,), walk)
    return out


def _sequence(node: SequenceNode, path: Path_, walk: _Walk) -> list:
    out = []
    for index, item in enumerate(node.value):
        walk.lines[path + (index,)] = item.start_mark.line + 1
        out.append(_plain(item, path + (index,), walk))
    return out


def _merged_safely(node: MappingNode, walk: _Walk, seen: frozenset = frozenset()) -> None:
    """Refuse a `<<:` merge that reaches back into itself (ruamel would merge it forever)."""
    seen = seen | {id(node)}
    for key_node, value_node in node.value:
        if key_node.tag != "tag:yaml.org,2002:merge":
            continue
        for merged in value_node.value if isinstance(value_node, SequenceNode) else [value_node]:
            walk.enter(merged, 0)
            if id(merged) in seen or id(merged) in walk.open:
                raise _Refused(merged.start_mark, "a merge (<<: *name) of the very mapping it is in",
                               "such a mapping never ends: merge another one")
            if isinstance(merged, MappingNode):
                _merged_safely(merged, walk, seen)


def _no_duplicates(node: MappingNode, constructor: _Constructor) -> None:
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, ScalarNode):
            continue
        key = str(constructor.construct_object(key_node, deep=True))
        if key in seen:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        seen.add(key)


def _scalar(value: Any, node: Any) -> Any:
    if isinstance(value, str):
        return _text(value, node)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def character_name(char: str) -> str:
    """``U+0085``, with the character's Unicode name where it has one."""
    import unicodedata
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _text(value: str, node: Any) -> str:
    """A value's text, refused when it holds a control character (written as an escape such
    as "\\x85" in quotes: a character typed into the file is refused with the file's text)."""
    found = FORBIDDEN_CHARACTER.search(value)
    if found:
        raise _Refused(node.start_mark, f"the value holds the control character {character_name(found.group())} "
                                        f"at character {found.start() + 1} of the value", _CONTROL_HINT)
    return value


_CONTROL_HINT = "delete it: it prints nothing or a box, and may break the DOCX"


def _forbidden_characters(file: Path, text: str) -> None:
    """The first control character of the file, by line and column."""
    found = FORBIDDEN_CHARACTER.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        raise LetterError([Problem(file, line, None, None,
                                   f"the control character {character_name(found.group())} at column {column}", _CONTROL_HINT)])


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
    _forbidden_characters(file, text)
    yaml = _parser()
    lines: dict[Path_, int] = {(): 1}
    try:
        _bounded_nesting(yaml, text)
        node = yaml.compose(text)
        data = _plain(node, (), _Walk(yaml.constructor, lines)) if node is not None else None
    except _Refused as exc:
        where = f" (column {exc.column})" if exc.column else ""
        raise LetterError([Problem(file, exc.line, None, None, exc.message + where, exc.hint)]) from None
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
