"""Problems found in a user's files: where they are and what to do about them."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


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


class TimeLimit(Exception):
    """A letter's stage ran longer than its time limit (:func:`time_limit`)."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`TimeLimit` in the block after ``seconds`` (a hostile template that loops
    10¹⁰ times). A SIGALRM timer: it costs nothing, interrupts Python code between bytecodes,
    and exists only in the main thread on POSIX; elsewhere the block runs unlimited."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expired(signum, frame):
        raise TimeLimit(f"{what} took longer than {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def crash_report(exc: BaseException, doing: str) -> Path:
    """Write ``exc``'s full traceback to a log in the system's temporary folder; its path.
    A bug in saraban is reported in one line and this file, never as a traceback on screen."""
    import traceback
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log = Path(tempfile.gettempdir()) / f"saraban-crash-{stamp}-{os.getpid()}.log"
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"saraban {_version()} on Python {sys.version.split()[0]}, {sys.platform}\n"
                  f"while {doing}:\n{text}\n")
    return log


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version("saraban")
    except metadata.PackageNotFoundError:
        return "(not installed)"
