"""Problems found in a user's files: where they are and what to do about them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One error or warning, located in a file, named by YAML key and Thai part."""

    file: Path
    line: int | None
    key: str | None
    part: str | None          # the Thai name of the part (เรื่อง, เรียน, …)
    message: str
    hint: str | None = None
    severity: str = "error"   # "error" | "warning"
    rule: str | None = None   # stable rule id and name, e.g. "SB101 salutation-table"

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def what(self) -> str:
        """``key (Thai part): message; hint``, the parts that exist."""
        label = ""
        if self.key:
            label = f"{self.key} ({self.part})" if self.part else self.key
        elif self.part:
            label = self.part
        text = f"{label}: {self.message}" if label else self.message
        text = f"{text}; {self.hint}" if self.hint else text
        return f"{text} [{self.rule}]" if self.rule else text

    @property
    def rule_id(self) -> str | None:
        """``SB101`` of ``SB101 salutation-table``."""
        return self.rule.split()[0] if self.rule else None

    def __str__(self) -> str:
        return f"{self.where()}: {self.severity}: {self.what()}"


class LetterError(Exception):
    """A letter (or its profile) cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class EngineError(Exception):
    """The PDF engine is missing, failed, or produced an unacceptable PDF."""


class SetupError(Exception):
    """Something the machine must provide is missing (a program, a font)."""


class UsageError(Exception):
    """The command was asked for something it cannot do as given (exit code 2): a file that does
    not exist, an unknown kind, a file that would be overwritten."""
