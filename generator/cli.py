"""The ``saraban`` command: parses arguments, calls the library, prints one line per letter."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from generator import __version__
from generator.build import LetterResult, Summary, build, check
from generator.engines import ENGINE_NAMES
from generator.errors import Problem, SetupError
from generator.kinds import all_kinds

EXIT_OK, EXIT_LETTERS, EXIT_USAGE, EXIT_SETUP = 0, 1, 2, 3


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _problem_line(problem: Problem) -> str:
    colour = "red" if problem.severity == "error" else "yellow"
    where = f"{_shown(problem.file)}:{problem.line}" if problem.line else _shown(problem.file)
    return f"    [{colour}]{problem.severity}[/{colour}] {escape(where)}: {escape(problem.what())}"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def reporter(console: Console, verb: str):
    def report(result: LetterResult) -> None:
        if result.status == "failed":
            console.print(f"[red]✗ failed [/red] {escape(_shown(result.file))}")
        else:
            outputs = ", ".join(_shown(p) for p in result.outputs)
            pages = f" ({result.pages} page{'s' if result.pages != 1 else ''})" if result.pages else ""
            detail = f" → {escape(outputs)}{pages}" if outputs else ""
            console.print(f"[green]✓ {verb:<7}[/green] {escape(_shown(result.file))}{detail}")
        for problem in result.problems:
            console.print(_problem_line(problem))
    return report


def _summary_line(console: Console, summary: Summary, done: str) -> None:
    failed = summary.count("failed")
    warnings = sum(len(r.warnings) for r in summary.results)
    total = len(summary.results)
    text = (f"{total} letter{'s' if total != 1 else ''}: {summary.count(done)} {done}, {failed} failed, "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({summary.seconds:.1f} s)")
    console.print(f"[{'red' if failed else 'green'}]{text}[/]")


def _paths(values: list[str]) -> list[Path]:
    paths = [Path(v) for v in values] or [Path("letters")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise SetupError(f"no such file or folder: {', '.join(map(str, missing))}")
    return paths


def cmd_build(args: argparse.Namespace) -> int:
    console = _console()
    summary = build(_paths(args.paths), Path(args.out), pdf=not args.no_pdf, engine=args.engine,
                    report=reporter(console, "built"))
    _summary_line(console, summary, "built")
    return EXIT_OK if summary.ok else EXIT_LETTERS


def cmd_check(args: argparse.Namespace) -> int:
    console = _console()
    summary = check(_paths(args.paths), report=reporter(console, "ok"))
    _summary_line(console, summary, "checked")
    return EXIT_OK if summary.ok else EXIT_LETTERS


def cmd_new(args: argparse.Namespace) -> int:
    kinds = all_kinds()
    if args.kind not in kinds:
        raise SetupError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds))}")
    text = kinds[args.kind].starter.read_text(encoding="utf-8")
    if args.file is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.file)
    if target.exists():
        raise SetupError(f"{target} already exists; choose another name (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _console().print(f"[green]✓ wrote[/green] {escape(str(target))}: fill in the parts, then `saraban build {escape(str(target))}`")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="saraban", description="Thai official letters (หนังสือราชการ) from YAML to DOCX and PDF.")
    top.add_argument("--version", action="version", version=f"saraban {__version__}")
    sub = top.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="render letters to DOCX and PDF")
    b.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    b.add_argument("--out", default="out", help="output folder (default: out/)")
    b.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    b.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine (default: auto = Word where available, else LibreOffice)")
    b.set_defaults(run=cmd_build)

    c = sub.add_parser("check", help="validate letters without rendering")
    c.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    c.set_defaults(run=cmd_check)

    n = sub.add_parser("new", help="write a commented starter letter")
    n.add_argument("kind", help=f"kind of document ({', '.join(sorted(all_kinds()))})")
    n.add_argument("file", nargs="?", help="where to write it (default: print it)")
    n.set_defaults(run=cmd_new)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SetupError as exc:
        Console(stderr=True, highlight=False).print(f"[red]error:[/red] {escape(str(exc))}")
        return EXIT_SETUP
    except KeyboardInterrupt:
        return 130
