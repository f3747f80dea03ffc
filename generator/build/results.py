"""What became of each letter of a command, and the whole run. Standard library only."""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from generator.errors import Problem


@dataclass
class LetterResult:
    """What became of one letter."""

    file: Path
    relative: Path                      # its path below the letters root, without suffix
    status: str = "pending"             # checked | built | unchanged | failed
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: int | None = None
    deps: dict = field(default_factory=dict)   # files it was made from (generator.deps)
    facts: dict | None = None           # what the checks across letters need (generator.checks)
    across: list[Problem] = field(default_factory=list)   # of its problems, those found across letters

    @property
    def own_problems(self) -> list[Problem]:
        """Its problems found on it alone (kept in the cache; those across letters are found again)."""
        across = {id(p) for p in self.across}
        return [p for p in self.problems if id(p) not in across]

    def outlines(self) -> list["Outline"]:
        """Each of its problems, in order, as the console groups and counts them."""
        return [outline(p, p.file is self.file or p.file == self.file) for p in self.problems]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class Outline(NamedTuple):
    """What the console needs of a problem to group and count it, without the problem itself (a
    build of 10,000 unchanged letters makes a Problem only for what it prints)."""

    severity: str
    template: tuple            # :func:`warning_template`: "the same" warning in other letters
    exact: tuple               # what it prints (key, part, message, hint, rule), letter and line aside
    shared: tuple | None       # a problem of a shared file (agency.yaml): said once by this key; None: the letter's own


def outline(problem: Problem, own: bool) -> Outline:
    return Outline(problem.severity, warning_template(problem),
                   (problem.key, problem.part, problem.message, problem.hint, problem.rule),
                   None if own else (os.path.abspath(problem.file), problem.line, problem.rule, problem.message))


def warning_template(problem: Problem) -> tuple:
    """What makes two warnings "the same" across letters: the rule, the key, the message and the
    hint with their numbers (Thai or Arabic digits) left out. Generic: any warning, any language."""
    return template(problem.rule, problem.key, problem.message, problem.hint)


@functools.lru_cache(maxsize=1 << 16)         # the same warning in thousands of letters
def template(rule: str | None, key: str | None, message: str, hint: str | None) -> tuple:
    return rule.split()[0] if rule else None, key, _blank(message), _blank(hint)


@functools.lru_cache(maxsize=1 << 16)         # the same message in thousands of letters
def _blank(text: str | None) -> str:
    return re.sub(r"[0-9๐-๙]+", "#", text or "")


@dataclass
class Summary:
    results: list[LetterResult]
    seconds: float
    notes: list[str] = field(default_factory=list)     # about the run, not a letter (a cache not saved)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)


Report = Callable[[LetterResult], None]
#: progress(done, total): called as letters finish
Progress = Callable[[int, int], None]
