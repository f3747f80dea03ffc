"""``saraban issue PATH ...``: give each ``number: auto`` letter the next number of its series."""
from __future__ import annotations

import argparse
import datetime as dt

from rich.markup import escape

from generator.build import console as ui
from generator.errors import UsageError
from generator.letter.tree import discover
from generator.registers.numbering import issue
from generator.text import thai

ORDER = 25


def add(sub) -> None:
    i = sub.add_parser("issue", help="give each `number: auto` letter its number (ออกเลขที่หนังสือ)",
                       description="Write the next number of its series and the date of issue into each "
                                   "letter with `number: auto`, keeping the file's comments and layout.")
    i.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders to issue (default: letters/)")
    i.add_argument("--date", type=_iso_date, default=None,
                   help="the date of issue (วันที่ลงทะเบียนส่ง), default today, as YYYY-MM-DD")
    i.set_defaults(run=run)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(thai.arabic_digits(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-01-05") from None


def run(args: argparse.Namespace) -> int:
    out = ui.console()
    targets = discover(ui.letter_paths(args.paths))
    if not targets:
        raise UsageError("no letters found in " + ", ".join(args.paths or ["letters"]))
    results = issue(targets, args.date)
    issued = failed = kept = 0
    for result in results:
        if not result.ok:
            failed += 1
            out.print(f"[red]✗ failed [/red] {escape(ui.shown(result.file))}")
        elif result.number is not None and result.series is not None:
            number = escape(result.series.describe().replace('…', str(result.number)))
            if result.fresh:
                issued += 1
                out.print(f"[green]✓ issued [/green] {escape(ui.shown(result.file))} → {number}")
            else:
                kept += 1
                out.print(f"[green]✓ kept   [/green] {escape(ui.shown(result.file))}: already numbered {number}; "
                          "nothing written (เลขที่เดิม ไม่ได้เขียนทับ)")
        for problem in result.problems:
            out.print(ui.problem_line(problem))
    out.print(f"[{'red' if failed else 'green'}]{len(results)} letter{'s' if len(results) != 1 else ''}: "
              f"{issued} issued, " + (f"{kept} already numbered, " if kept else "") + f"{failed} failed[/]")
    return ui.EXIT_OK if not failed else ui.EXIT_LETTERS

