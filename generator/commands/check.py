"""``saraban check``: validate letters without rendering."""
from __future__ import annotations

import argparse

from generator import console as ui

ORDER = 20


def add(sub) -> None:
    c = sub.add_parser("check", help="validate letters without rendering")
    c.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build import check   # the pipeline, imported when used: `saraban build` stays quick

    out = ui.console()
    summary = check(ui.letter_paths(args.paths), report=ui.reporter(out, "ok"))
    ui.summary_line(out, summary, "checked")
    return ui.EXIT_OK if summary.ok else ui.EXIT_LETTERS
