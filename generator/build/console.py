"""What the commands print: one line per letter, its problems, progress, a summary. Shared by
every command. Light to import: a build with nothing to do prints through this alone."""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.markup import escape

from generator.build.results import LetterResult, Progress, Summary
from generator.errors import Problem, SetupError

#: Without a terminal (CI logs), a plain progress line at most this often.
PLAIN_PROGRESS_SECONDS = 5.0

EXIT_OK, EXIT_LETTERS, EXIT_USAGE, EXIT_SETUP, EXIT_BUG = 0, 1, 2, 3, 4


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when below it. A symlink
    is shown by its own name, never by where it leads (that may be outside the letters tree)."""
    path, cwd = Path(path), Path.cwd()
    try:
        return str(Path(os.path.abspath(path)).relative_to(cwd))
    except ValueError:
        pass
    if path.is_symlink():
        return str(path)
    try:
        return str(path.resolve().relative_to(cwd))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def problem_line(problem: Problem) -> str:
    colour = "red" if problem.severity == "error" else "yellow"
    where = f"{shown(problem.file)}:{problem.line}" if problem.line else shown(problem.file)
    return f"    [{colour}]{problem.severity}[/{colour}] {escape(where)}: {escape(problem.what())}"


def reporter(out: Console, verb: str):
    def report(result: LetterResult) -> None:
        if result.status == "failed":
            out.print(f"[red]✗ failed [/red] {escape(shown(result.file))}")
        else:
            outputs = ", ".join(shown(p) for p in result.outputs)
            pages = f" ({result.pages} page{'s' if result.pages != 1 else ''})" if result.pages else ""
            detail = f" → {escape(outputs)}{pages}" if outputs else ""
            shown_verb = "unchanged" if result.status == "unchanged" else verb
            out.print(f"[green]✓ {shown_verb:<7}[/green] {escape(shown(result.file))}{detail}")
        for problem in sorted(result.problems, key=lambda p: p.line or 0):
            out.print(problem_line(problem))
    return report


def summary_line(out: Console, summary: Summary, done: str) -> None:
    failed = summary.count("failed")
    warnings = sum(len(r.warnings) for r in summary.results)
    total = len(summary.results)
    unchanged = summary.count("unchanged")
    counts = f"{summary.count(done)} {done}, " + (f"{unchanged} unchanged, " if unchanged else "")
    text = (f"{total} letter{'s' if total != 1 else ''}: {counts}{failed} failed, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({summary.seconds:.1f} s)")
    out.print(f"[{'red' if failed else 'green'}]{text}[/]")


@contextlib.contextmanager
def progress(out: Console, what: str = "building",
             plain_every: float = PLAIN_PROGRESS_SECONDS) -> Iterator[Progress]:
    """A ``progress(done, total)`` callback: a bar on a terminal (gone when done), otherwise
    a plain line at most every ``plain_every`` seconds (CI logs stay readable)."""
    if out.is_terminal:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bar

        with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                 TextColumn("letters"), TimeElapsedColumn(), console=out, transient=True) as bar:
            task = bar.add_task(what, total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)
        return
    last = time.monotonic()

    def plain(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= plain_every or (done == total and plain_every <= 0):
            last = now
            out.print(f"{what}: {done}/{total} letters ({100 * done // max(total, 1)}%)", markup=False)
    yield plain


def letter_paths(values: list[str]) -> list[Path]:
    """The PATH arguments of a command, default ``letters/``; a missing one is a set-up error."""
    paths = [Path(v) for v in values] or [Path("letters")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise SetupError(f"no such file or folder: {', '.join(map(str, missing))}")
    return paths
