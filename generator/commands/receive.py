"""``saraban receive FILE ...``: number received PDFs (เลขรับ), stamp a copy (ตรารับ), record them."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import SetupError
from generator.text import thai

ORDER = 26


def add(sub) -> None:
    r = sub.add_parser("receive", help="receive letters: เลขรับ, the receiving stamp (ตรารับ) and a record",
                       description="Give each received PDF the next receiving number of the calendar year, "
                                   "write a stamped copy and its record under received/<พ.ศ.>/ in the letters tree.")
    r.add_argument("files", nargs="+", metavar="FILE", help="the received PDF files (never changed)")
    r.add_argument("--letters", default="letters", metavar="DIR",
                   help="the letters tree whose agency.yaml names the receiving office (default: letters/)")
    r.add_argument("--at", type=_when, default=None, metavar='"YYYY-MM-DD HH:MM"',
                   help='the date and time received, "YYYY-MM-DD HH:MM" (default: now)')
    r.add_argument("--from", dest="sender", default=None, metavar="OFFICE", help="จาก: the sending office (overrides what is read)")
    r.add_argument("--subject", default=None, metavar="TEXT", help="เรื่อง (overrides what is read)")
    r.add_argument("--number", default=None, metavar="TEXT", help="ที่: the sender's number (overrides what is read)")
    r.add_argument("--to", default=None, metavar="TEXT", help="เรียน/ถึง (overrides what is read)")
    r.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD", help="ลงวันที่ of the letter, YYYY-MM-DD (overrides what is read)")
    r.add_argument("--force", action="store_true", help="receive a file again although its content was received before")
    r.set_defaults(run=run)


def _when(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(" ".join(thai.arabic_digits(text).split()), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time such as \"2024-09-05 13:40\"") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(thai.arabic_digits(text.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2024-09-02") from None


def run(args: argparse.Namespace) -> int:
    from generator.receiving.receive import receive

    out = ui.console()
    root = Path(args.letters)
    if not root.is_dir():
        raise SetupError(f"no letters tree at {root} (give it with --letters)")
    overrides = {"sender": args.sender, "subject": args.subject, "number": args.number, "to": args.to,
                 "date": args.date}
    receipts = receive([Path(f) for f in args.files], root, args.at, overrides, args.force)
    done = failed = skipped = 0
    for receipt in receipts:
        if receipt.error:
            failed += 1
            out.print(f"[red]✗ not received[/red] {escape(receipt.error)}; no number was used")
        elif receipt.duplicate_of:
            skipped += 1
            out.print(f"[yellow]! already received[/yellow] {escape(ui.shown(receipt.file))}: same content as "
                      f"{escape(ui.shown(receipt.duplicate_of))}; nothing done (--force receives it again)")
        else:
            done += 1
            out.print(f"[green]✓ received[/green] {escape(ui.shown(receipt.file))} → เลขรับ {receipt.number}/"
                      f"{receipt.year}: {escape(ui.shown(receipt.stamped))}, stamp {escape(receipt.place.describe())}")
            if receipt.missing:
                out.print(f"    [yellow]to fill in {escape(ui.shown(receipt.record))}:[/yellow] "
                          f"{', '.join(receipt.missing)} (not read from the letter)")
    out.print(f"[{'red' if failed else 'green'}]{len(receipts)} file{'s' if len(receipts) != 1 else ''}: "
              f"{done} received, {skipped} already received, {failed} failed[/]")
    return ui.EXIT_OK if not failed else ui.EXIT_LETTERS
