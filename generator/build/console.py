"""What the commands print: one line per letter, its problems, progress, a summary. Shared by
every command. Light to import: a build with nothing to do prints through this alone."""
from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.markup import escape

from generator.build import messages
from generator.build.results import LetterResult, Progress, Summary
from generator.errors import Problem, UsageError

#: Without a terminal (CI logs), a plain progress line at most this often.
PLAIN_PROGRESS_SECONDS = 5.0

EXIT_OK, EXIT_LETTERS, EXIT_USAGE, EXIT_SETUP, EXIT_BUG = 0, 1, 2, 3, 4

#: A warning given to at least this many letters is said once, with the count and the first files.
SUMMARISE_FROM = 4
FIRST_FILES = 3


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when below it. A symlink
    is shown by its own name, never by where it leads (that may be outside the letters tree)."""
    absolute, cwd = os.path.abspath(path), os.getcwd()
    if absolute.startswith(cwd.rstrip(os.sep) + os.sep):      # without a system call per folder
        return absolute[len(cwd.rstrip(os.sep)) + 1:]
    path = Path(path)
    if path.is_symlink():
        return str(path)
    try:
        return str(path.resolve().relative_to(cwd))
    except (ValueError, OSError, RuntimeError):
        return str(path)


SEVERITY_TH = {"error": "ผิดพลาด", "warning": "คำเตือน"}


def problem_line(problem: Problem) -> str:
    """``    error FILE:LINE: key (ส่วน): message; hint [rule]`` in the language that comes first, and
    below it the message and hint in the other (when the catalog has them)."""
    colour = "red" if problem.severity == "error" else "yellow"
    where = f"{shown(problem.file)}:{problem.line}" if problem.line else shown(problem.file)
    message, other_message = messages.both(problem.message)
    hint, other_hint = messages.both(problem.hint) if problem.hint else (None, None)
    first = dataclasses.replace(problem, message=message, hint=hint).what()
    severity = SEVERITY_TH.get(problem.severity, problem.severity) if messages.thai_first() else problem.severity
    line = f"    [{colour}]{severity}[/{colour}] {escape(where)}: {escape(first)}"
    if other_message is None and other_hint is None:
        return line
    second = "; ".join(text for text in (other_message or problem.message, other_hint or problem.hint) if text)
    return f"{line}\n        {escape(second)}"


def say(english: str) -> str:
    """A line of the commands' own (not a letter's problem) in both languages, first one first."""
    first, second = messages.both(english)
    return first if second is None else f"{first}\n    {second}"


def _said_elsewhere(problem: Problem, result: LetterResult, seen: set) -> bool:
    """A problem of a shared file (the agency.yaml without an emblem) already said for another
    letter of this run: it is said once."""
    if problem.file is result.file or problem.file == result.file:
        return False
    key = (os.path.abspath(problem.file), problem.line, problem.rule, problem.message)
    if key in seen:
        return True
    seen.add(key)
    return False


def distinct_warnings(results: list[LetterResult]) -> int:
    """The warnings of these letters, a shared file's counted once."""
    seen: set = set()
    count = 0
    for result in results:
        for line in result.outlines():
            if line.severity == "warning" and not (line.shared is not None and (line.shared in seen or seen.add(line.shared))):
                count += 1
    return count


def reporter(out: Console, verb: str):
    seen: set = set()

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
            if not _said_elsewhere(problem, result, seen):
                out.print(problem_line(problem))
    return report


def report_all(out: Console, results: list[LetterResult], verb: str, verbose: bool = False) -> None:
    """Every letter that was made now, failed, or has a problem of its own to show, with its
    problems; then each warning that repeats across letters once (:func:`repeated_warnings`).
    ``verbose``: every letter and every problem, one by one."""
    groups = [] if verbose else repeated_warnings(results)
    summarised: dict[int, set[int]] = defaultdict(set)
    for group in groups:
        for result, at, _ in group:
            summarised[id(result)].add(at)
    report, said, none = reporter(out, verb), set(), frozenset()
    for result in results:
        told = summarised.get(id(result), none)
        shown_at = [at for at, line in enumerate(result.outlines()) if at not in told
                    and not (line.shared is not None and (line.shared in said or said.add(line.shared)))]
        if verbose or shown_at or result.status in ("built", "failed"):
            own = [result.problems[at] for at in shown_at]
            report(LetterResult(result.file, result.relative, result.status, result.outputs, own, result.pages))
    for group in groups:
        out.print(group_lines(group))


def repeated_warnings(results: list[LetterResult]) -> list[list[tuple[LetterResult, int, tuple]]]:
    """The warnings that repeat (by :func:`~generator.build.results.warning_template`) in
    :data:`SUMMARISE_FROM` letters or more, grouped, in the order first met: each as its letter,
    its place among the letter's problems and what it prints. A warning about a shared file (an
    agency.yaml's missing emblem) is not one of them: the reporter says it once, at that file."""
    groups: dict[tuple, list[tuple[LetterResult, int, tuple]]] = defaultdict(list)
    for result in results:
        for at, line in enumerate(result.outlines()):
            if line.severity == "warning" and line.shared is None:
                groups[line.template].append((result, at, line.exact))
    return [group for group in groups.values() if len({id(r) for r, _, _ in group}) >= SUMMARISE_FROM]


def group_lines(group: list[tuple[LetterResult, int, tuple]]) -> str:
    """``warning in 1,999 letters: …`` and the first few files."""
    first = group[0][0].problems[group[0][1]]
    same = all(exact == group[0][2] for _, _, exact in group)
    files = list(dict.fromkeys(result.file for result, _, _ in group))
    letters = len(files)
    named = ", ".join(escape(shown(f)) for f in files[:FIRST_FILES])
    more = f" and {letters - FIRST_FILES:,} more" if letters > FIRST_FILES else ""
    example = "" if same else "e.g. "
    return (f"[yellow]warning[/yellow] in {letters:,} letters: {example}{escape(first.what())}\n"
            f"    in {named}{more} (--verbose lists every one)")


def summary_line(out: Console, summary: Summary, done: str) -> None:
    print_counts(out, summary_counts(summary, done), done, summary.seconds)


def summary_counts(summary: Summary, done: str) -> dict[str, int]:
    return {"total": len(summary.results), "done": summary.count(done), "unchanged": summary.count("unchanged"),
            "failed": summary.count("failed"), "warnings": distinct_warnings(summary.results)}


def print_counts(out: Console, counts: dict[str, int], done: str, seconds: float) -> None:
    """``200 letters: 1 built, 199 unchanged, 0 failed, 3 warnings (1.2 s)``, in Thai first when
    Thai comes first."""
    total, failed, warnings, unchanged = counts["total"], counts["failed"], counts["warnings"], counts["unchanged"]
    shown = f"{counts['done']} {done}, " + (f"{unchanged} unchanged, " if unchanged else "")
    text = (f"{total} letter{'s' if total != 1 else ''}: {shown}{failed} failed, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({seconds:.1f} s)")
    colour = "red" if failed else "green"
    if messages.thai_first():         # the Thai above the English (English-first output is unchanged)
        thai = (f"หนังสือ {total} ฉบับ: {DONE_TH.get(done, done)} {counts['done']}, "
                + (f"ไม่เปลี่ยนแปลง {unchanged}, " if unchanged else "")
                + f"ไม่สำเร็จ {failed}, คำเตือน {warnings} ({seconds:.1f} วินาที)")
        out.print(f"[{colour}]{thai}[/]")
    out.print(f"[{colour}]{text}[/]")


class Recorder:
    """A console that also keeps what was printed (markup), for :mod:`generator.build.quick`."""

    def __init__(self, out: Console):
        self.out, self.lines = out, []

    def print(self, text: str) -> None:
        self.lines.append(text)
        self.out.print(text)


DONE_TH = {"built": "สร้างแล้ว", "checked": "ตรวจแล้ว"}


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
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    return paths
