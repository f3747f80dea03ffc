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
    if args.kind and args.kind not in kinds:
        raise UsageError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds))}")
    name = args.kind or kind_of_name(path.stem, kinds)
    out = ui.console()
    if name:
        problems, note = check_template(path, name, context_names(kinds[name])), ""
    else:
        problems, note = _against_every_kind(path, kinds)
    errors = [p for p in problems if p.severity == "error"]
    mark = "[red]✗ failed [/red]" if errors else "[green]✓ ok     [/green]"
    out.print(f"{mark} {escape(ui.shown(path))}{escape(note)}")
    for problem in problems:
        out.print(ui.problem_line(problem))
    return ui.EXIT_LETTERS if errors else ui.EXIT_OK


def kind_of_name(stem: str, kinds: dict) -> str | None:
    """The kind a file's name says: ``external.docx`` or its Thai name, ``หนังสือภายนอก.docx``."""
    if stem in kinds:
        return stem
    return next((name for name, kind in kinds.items() if kind.thai == stem), None)


def _against_every_kind(path: Path, kinds: dict) -> tuple[list, str]:
    """A template whose name is no kind: fine when some kind provides all its variables (the note
    names them); else the problems of the kind it comes closest to."""
    checked = {name: check_template(path, name, context_names(kind)) for name, kind in sorted(kinds.items())}
    unknown = {name: [p for p in found if p.rule_id == "SB203"] for name, found in checked.items()}
    fits = [name for name, found in unknown.items() if not found]
    if fits:
        return checked[fits[0]], f" (its variables are those of: {', '.join(fits)}; give --kind to check one)"
    closest = min(unknown, key=lambda name: len(unknown[name]))
    return checked[closest], f" (no kind provides all its variables; closest: {closest}; give --kind)"
