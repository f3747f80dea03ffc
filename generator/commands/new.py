"""``saraban new KIND [FILE]``: write a commented starter letter."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.markup import escape

from generator import console as ui
from generator.errors import SetupError
from generator.kinds import all_kinds

ORDER = 30


def add(sub) -> None:
    n = sub.add_parser("new", help="write a commented starter letter")
    n.add_argument("kind", help=f"kind of document ({', '.join(sorted(all_kinds()))})")
    n.add_argument("file", nargs="?", help="where to write it (default: print it)")
    n.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    kinds = all_kinds()
    if args.kind not in kinds:
        raise SetupError(f"unknown kind {args.kind!r}; expected one of: {', '.join(sorted(kinds))}")
    text = kinds[args.kind].starter.read_text(encoding="utf-8")
    if args.file is None:
        sys.stdout.write(text)
        return ui.EXIT_OK
    target = Path(args.file)
    if target.exists():
        raise SetupError(f"{target} already exists; choose another name (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    ui.console().print(f"[green]✓ wrote[/green] {escape(str(target))}: "
                       f"fill in the parts, then `saraban build {escape(str(target))}`")
    return ui.EXIT_OK
