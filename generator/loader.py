"""Load YAML into plain Python data, remembering the line of every key and item."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

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


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            line = node.lc.key(key)[0] + 1
            lines[path + (str(key),)] = line
            out[str(key)] = _plain(value, path + (str(key),), lines)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for index, value in enumerate(node):
            lines[path + (index,)] = node.lc.item(index)[0] + 1
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
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LetterError([Problem(file, None, None, None,
                                   "the file is not UTF-8 text", "save it as UTF-8")]) from None
    except OSError as exc:
        raise LetterError([Problem(file, None, None, None, f"cannot read the file ({exc.strerror})")]) from None
    yaml = YAML(typ="rt")
    try:
        node = yaml.load(text)
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
