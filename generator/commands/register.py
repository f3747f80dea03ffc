"""``saraban register``: write the sending register (ทะเบียนหนังสือส่ง) of a year from the letters."""
from __future__ import annotations

import argparse
import datetime as dt
import os
from collections import Counter
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import EngineError, SetupError
from generator.letter.schema import FIRST_BUDDHIST_YEAR
from generator.letter.tree import discover
from generator.pdf.engines import ENGINE_NAMES
from generator.registers import sending as reg
from generator.registers.numbering import scan
from generator.text import thai

ORDER = 27


def add(sub) -> None:
    r = sub.add_parser("register", help="write the sending register (ทะเบียนหนังสือส่ง) of a year, "
                                        "or with --received the receiving register (ทะเบียนหนังสือรับ)",
                       description="The register is derived from the letters (one row per issued number) or, "
                                   "with --received, from the records of received letters (one row per เลขรับ).")
    r.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    r.add_argument("--received", action="store_true",
                   help="the receiving register (ทะเบียนหนังสือรับ) from received/<พ.ศ.>/ of the letters tree")
    r.add_argument("--year", type=_year, default=None,
                   help="the year, พ.ศ. (2569) or ค.ศ. (2026); default this year")
    r.add_argument("--format", choices=reg.FORMATS, default=None, help="csv, xlsx or pdf (default: from --out, else csv)")
    r.add_argument("--out", default=None, help="the file to write (default: out/register-YEAR.FORMAT, "
                                               "with --received out/received-YEAR.FORMAT)")
    r.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine for --format pdf")
    r.set_defaults(run=run)


def _year(text: str) -> int:
    digits = thai.arabic_digits(text.strip())
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a year such as 2569")
    year = int(digits)
    return year if year >= FIRST_BUDDHIST_YEAR else thai.buddhist_year(year)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = Path(args.out).suffix.lstrip(".").lower() if args.out else ""
    return suffix if suffix in reg.FORMATS else "csv"


def run(args: argparse.Namespace) -> int:
    out = ui.console()
    year = args.year or thai.buddhist_year(dt.date.today().year)
    form = _format(args)
    if args.received:
        return _received(args, year, form, out)
    target = Path(args.out or f"out/register-{year}.{form}")
    entries, problems = scan(discover(ui.letter_paths(args.paths)))
    if problems:
        for problem in problems:
            out.print(ui.problem_line(problem))
        out.print("[red]the register was not written: fix the letters above first (saraban check)[/red]")
        return ui.EXIT_LETTERS
    in_year = [e for e in entries if e.series is not None and e.series.year == year] or entries
    agencies = [e.agency for e in in_year]
    profile = Counter(id(a) for a in agencies)
    agency = max(agencies, key=lambda a: profile[id(a)]) if agencies else None
    office = (agency.profile.name or "") if agency else ""
    style = agency.profile.digits if agency else "thai"       # the register's digits, not each letter's
    rows = reg.rows(entries, year, style)
    if form == "csv":
        reg.write_csv(rows, target, style)
    elif form == "xlsx":
        reg.write_xlsx(rows, target, year, office, style)
    else:
        font = agency.profile.font if agency else "TH SarabunPSK"
        font_dirs = sorted({d for a in agencies for d in a.font_dirs})
        try:
            reg.write_pdf(rows, target, year, office, font, style, font_dirs, args.engine)
        except EngineError as exc:
            raise SetupError(f"the register PDF could not be made: {exc}") from None
    out.print(f"[green]✓ wrote[/green] {escape(ui.shown(target))}: {TITLE_EN} พ.ศ. {year}, "
              f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return ui.EXIT_OK


TITLE_EN = "the sending register (ทะเบียนหนังสือส่ง)"


def _received(args: argparse.Namespace, year: int, form: str, out) -> int:
    """``--received``: the receiving register of the letters tree (the first PATH, default letters/)."""
    from generator.agency.profile import load_agency
    from generator.receiving import register as received
    from generator.receiving.record import FOLDER

    root = ui.letter_paths(args.paths[:1])[0]
    if not root.is_dir():
        raise SetupError(f"{root} is not a letters folder: give the folder that holds {FOLDER}/")
    target = Path(args.out or f"out/received-{year}.{form}")
    rows, problems = received.rows(root, year)
    if problems:
        for problem in problems:
            out.print(ui.problem_line(problem))
        out.print("[red]the register was not written: fix the records above first (saraban check)[/red]")
        return ui.EXIT_LETTERS
    profile = load_agency(root / FOLDER / "record.yaml", root)
    office = profile.profile.name or ""
    if form == "csv":
        received.write_csv(rows, target)
    elif form == "xlsx":
        received.write_xlsx(rows, target, year, office)
    else:
        try:
            received.write_pdf(rows, target, year, office, profile.profile.font, profile.profile.digits,
                               profile.font_dirs, args.engine)
        except EngineError as exc:
            raise SetupError(f"the register PDF could not be made: {exc}") from None
    out.print(f"[green]✓ wrote[/green] {escape(ui.shown(target))}: the receiving register (ทะเบียนหนังสือรับ) "
              f"พ.ศ. {year}, {len(rows)} row{'s' if len(rows) != 1 else ''}")
    return ui.EXIT_OK
