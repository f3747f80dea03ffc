"""``saraban check-template FILE.docx [--kind KIND]``: find what Word broke in a template."""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import UsageError
from generator.kinds import all_kinds
from generator.kinds.prepare import context_names
from generator.render.templatecheck import check_template

ORDER = 25


def add(sub) -> None:
    c = sub.add_parser("check-template", help="check a Word template (tags split by Word, blocks, variables, Thai fonts)")
    c.add_argument("file", metavar="FILE.docx")
    c.add_argument("--kind", help="the kind it renders (default: the file's name, e.g. external.docx → external)")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    kinds = all_kinds()
    name = args.kind or path.stem
    if args.kind and args.kind not in kinds:
        raise UsageError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds))}")
    kind = kinds.get(name)
    out = ui.console()
    problems = check_template(path, name if kind else None, context_names(kind))
    errors = [p for p in problems if p.severity == "error"]
    mark = "[red]✗ failed [/red]" if errors else "[green]✓ ok     [/green]"
    note = "" if kind else f" (variables not checked: give --kind, one of {', '.join(sorted(kinds))})"
    out.print(f"{mark} {escape(ui.shown(path))}{escape(note)}")
    for problem in problems:
        out.print(ui.problem_line(problem))
    return ui.EXIT_LETTERS if errors else ui.EXIT_OK
