"""Preview: render one letter, open its PDF, and render it again whenever it is saved.

Watching polls the modification times of the letter and of every agency.yaml above it
(the files a clerk edits while writing) twice a second: a handful of files, no
dependency, and it works the same on every system and on network drives, where change
notifications often do not arrive.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from generator.build.pipeline import build
from generator.build.results import LetterResult
from generator.letter.tree import PROFILE_NAME, folders_between, letters_root

INTERVAL = 0.5


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
    ok, shown = _render(letter, out, engine, report), False
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
        last, done = now, done + 1
        ok = _render(letter, out, engine, report)
        if ok and show is not None and not shown:
            show(_pdf(letter, out))
            shown = True
    return ok


def _render(letter: Path, out: Path, engine: str, report) -> bool:
    summary = build([letter], out, engine=engine, report=report)
    return summary.ok


def _pdf(letter: Path, out: Path) -> Path:
    root = letters_root(letter)
    return out / letter.resolve().relative_to(root).with_suffix(".pdf")
