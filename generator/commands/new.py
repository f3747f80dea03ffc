"""``saraban new KIND [FILE]``: write a commented starter letter."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import UsageError
from generator.kinds import all_kinds
from generator.kinds.schemas import SCHEMA_FOLDER, schema_file

ORDER = 30


def add(sub) -> None:
    n = sub.add_parser("new", help="write a commented starter letter")
    n.add_argument("kind", help=f"kind of document ({', '.join(sorted(all_kinds()))})")
    n.add_argument("file", nargs="?", help="where to write it (default: print it)")
    n.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kinds = all_kinds()
    if args.kind not in kinds:
        raise UsageError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds))}")
    text = starter_text(kinds[args.kind].starter.read_text(encoding="utf-8"), dt.date.today())
    if args.file is None:
        sys.stdout.write(text)
        return ui.EXIT_OK
    target = Path(args.file)
    if target.exists():
        raise UsageError(f"{target} already exists; choose another name (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_line(target, args.kind) + text, encoding="utf-8")
    ui.console().print(f"[green]✓ wrote[/green] {escape(str(target))}: "
                       f"fill in the parts, then `saraban build {escape(str(target))}`")
    return ui.EXIT_OK


def starter_text(text: str, today: dt.date) -> str:
    """A starter as of ``today``: its example dates (2025-03-10, 2025-03) become today's, and a
    พ.ศ. year the year's (the starters are written with fixed dates so that the tests can read them)."""
    text = re.sub(r"\b20\d\d-\d\d-\d\d\b", today.isoformat(), text)
    text = re.sub(r"\b20\d\d-\d\d\b(?!-)", f"{today:%Y-%m}", text)
    return re.sub(r"พ\.ศ\. 25\d\d", f"พ.ศ. {today.year + 543}", text)


def schema_folder(start: Path) -> Path | None:
    """The nearest ``schema/`` folder holding saraban's schemas, from ``start`` upwards."""
    for folder in [start, *start.parents]:
        if (folder / SCHEMA_FOLDER / schema_file(None)).is_file():
            return folder / SCHEMA_FOLDER
    return None


def schema_line(target: Path, kind: str) -> str:
    """``# yaml-language-server: $schema=../../schema/external.schema.json``: the path from the new
    letter to its kind's schema, which VS Code's YAML extension reads; nothing when no ``schema/``
    folder is above the letter (``saraban schema --write`` makes one: `new` writes only the letter)."""
    folder = schema_folder(target.parent.resolve())
    if folder is None:
        return ""
    relative = os.path.relpath(folder / schema_file(kind), target.parent.resolve())
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}\n"
