"""What the commands print: one line per letter, its problems, a summary. Shared by every command."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from generator.build import LetterResult, Summary
from generator.errors import Problem, SetupError

EXIT_OK, EXIT_LETTERS, EXIT_USAGE, EXIT_SETUP = 0, 1, 2, 3


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
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
            out.print(f"[green]✓ {verb:<7}[/green] {escape(shown(result.file))}{detail}")
        for problem in sorted(result.problems, key=lambda p: p.line or 0):
            out.print(problem_line(problem))
    return report


def summary_line(out: Console, summary: Summary, done: str) -> None:
    failed = summary.count("failed")
    warnings = sum(len(r.warnings) for r in summary.results)
    total = len(summary.results)
    text = (f"{total} letter{'s' if total != 1 else ''}: {summary.count(done)} {done}, {failed} failed, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({summary.seconds:.1f} s)")
    out.print(f"[{'red' if failed else 'green'}]{text}[/]")


def letter_paths(values: list[str]) -> list[Path]:
    """The PATH arguments of a command, default ``letters/``; a missing one is a set-up error."""
    paths = [Path(v) for v in values] or [Path("letters")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise SetupError(f"no such file or folder: {', '.join(map(str, missing))}")
    return paths
