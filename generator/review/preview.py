"""Preview: render one letter, open its PDF, and render it again whenever it is saved.

Watching polls the modification times of the letter and of every agency.yaml above it
(the files a clerk edits while writing) four times a second: a handful of files, no
dependency, and it works the same on every system and on network drives, where change
notifications often do not arrive.

LibreOffice is started once and kept running while watching (a session of the engine, as a build
of many letters keeps it), and this process keeps what it loaded (the libraries, the Thai
dictionary, the templates): a save costs the letter's rendering and conversion, not a start-up.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from generator.build.pipeline import build
from generator.build.results import LetterResult
from generator.deps import listing_hash
from generator.letter.tree import (
    PROFILE_NAME,
    folders_between,
    font_folders,
    letters_root,
)
from generator.pdf.engines import start_session

INTERVAL = 0.25
SETTLE = 0.05          # a save is over when nothing changed for this long


def watched_files(letter: Path) -> list[Path]:
    """The letter and the profiles it inherits (those that exist now)."""
    folders = folders_between(letters_root(letter), letter.parent)
    return [letter, *(f / PROFILE_NAME for f in folders if (f / PROFILE_NAME).is_file())]


def snapshot(files: list[Path]) -> dict[Path, tuple[int, int]]:
    state = {}
    for file in files:
        try:
            info = file.stat()
        except FileNotFoundError:
            continue
        state[file] = (info.st_mtime_ns, info.st_size)
    return state


def open_file(path: Path) -> None:
    """Open ``path`` in the system's viewer, without waiting for it."""
    if sys.platform.startswith("win"):
        os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    if shutil.which(opener) is None:
        raise FileNotFoundError(f"{opener} is not installed: open {path} yourself")
    subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True)


def preview(letter: Path, out: Path, engine: str = "auto", show: Callable[[Path], None] | None = open_file,
            watch: bool = True, report: Callable[[LetterResult], None] | None = None,
            interval: float = INTERVAL, timeout: float | None = None, renders: int | None = None) -> bool:
    """Render ``letter`` into ``out`` and ``show`` its PDF; with ``watch``, render again on every save
    until interrupted, ``timeout`` seconds have passed, or ``renders`` more renders were made.
    Returns whether the last render succeeded."""
    started = time.monotonic()
    last, done = snapshot(watched_files(letter)), 0         # before rendering: a save meanwhile counts
    with _Warm(engine if watch else None) as warm:
        ok, shown = _render(letter, out, warm.engine(letter) or engine, report), False
        if ok and show is not None:
            show(_pdf(letter, out))
            shown = True
        if not watch:
            return ok
        while (renders is None or done < renders) and (timeout is None or time.monotonic() - started < timeout):
            time.sleep(interval)
            now = snapshot(watched_files(letter))
            if now == last:
                continue
            now = _settled(letter, now)
            last, done = now, done + 1
            ok = _render(letter, out, warm.engine(letter) or engine, report)
            if ok and show is not None and not shown:
                show(_pdf(letter, out))
                shown = True
    return ok


def _settled(letter: Path, now: dict) -> dict:
    """The files once a save is over: an editor may empty a file and write it in two steps, and
    rendering in between would show (and count) a letter that was never saved."""
    while True:
        time.sleep(SETTLE)
        again = snapshot(watched_files(letter))
        if again == now:
            return now
        now = again


class _Warm:
    """LibreOffice kept running between renders: a session of the engine for the letter's font
    folders, started again when what it was started with changes (a ``fonts/`` folder added or
    removed, a font file added to or replaced in one, LibreOffice itself updated): a running
    LibreOffice keeps the fonts it found at its start, and the cache records the fonts and the
    program files as they are now. Without one (no engine given, or one without sessions) each
    render starts its own."""

    def __init__(self, engine: str | None):
        self.name, self.started_with, self.started = engine, None, None
        self.running = contextlib.ExitStack()

    def __enter__(self) -> "_Warm":
        return self

    def __exit__(self, *exc) -> bool | None:
        return self.running.__exit__(*exc)       # an interruption stops LibreOffice at once

    def engine(self, letter: Path):
        if self.name is None:
            return None
        folders = font_folders([(letter, letters_root(letter))])
        now = (folders, [listing_hash(folder) for folder in folders], self._program())
        if now != self.started_with:
            self.running.close()
            self.started = start_session(self.name, folders, 1, self.running)
            self.started_with = (*now[:2], self._program())
        return self.started[1] if self.started else None

    def _program(self) -> dict | None:
        """The running engine's own files (LibreOffice's program, the substitute's sources)."""
        engine = self.started[0] if self.started else None
        return engine.dependencies() if hasattr(engine, "dependencies") else None


def _render(letter: Path, out: Path, engine, report) -> bool:
    summary = build([letter], out, engine=engine, report=report)
    return summary.ok


def _pdf(letter: Path, out: Path) -> Path:
    root = letters_root(letter)
    return out / letter.resolve().relative_to(root).with_suffix(".pdf")
