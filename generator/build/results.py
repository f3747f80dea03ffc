"""What became of each letter of a command, and the whole run. Standard library only."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


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
