"""``saraban verify PDF…``: each signature: intact or not, signer, time, PAdES level."""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui

ORDER = 61


def add(sub) -> None:
    v = sub.add_parser("verify", help="report each signature of PDFs: intact, signer, time, level (ตรวจลายมือชื่อ)",
                       description="Report every signature of each PDF: whether the signed bytes are intact, "
                                   "who signed, when, and the PAdES level (B-B, B-T, B-LT, B-LTA). Exit 1 when "
                                   "a signature is broken, untrusted (with --trust), or a PDF has none.")
    v.add_argument("pdfs", nargs="+", metavar="PDF", type=Path, help="signed PDF files")
    v.add_argument("--trust", metavar="FILE", type=Path, nargs="+", default=[],
                   help="root certificates (PEM or DER) the signers' certificates must chain to")
    v.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.esaraban.verifying import verify

    out = ui.console()
    bad = 0
    for pdf in args.pdfs:
        try:
            reports = verify(pdf, args.trust)
        except Exception as exc:         # not a PDF, or one pyHanko cannot read
            bad += 1
            out.print(f"[red]✗[/red] {escape(ui.shown(pdf))}: cannot read its signatures: {escape(str(exc))}")
            continue
        if not reports:
            bad += 1
            out.print(f"[yellow]–[/yellow] {escape(ui.shown(pdf))}: no signature")
        for report in reports:
            good = report.intact and report.trusted is not False
            bad += not good
            mark = "[green]✓[/green]" if good else "[red]✗[/red]"
            state = "intact" if report.intact else f"NOT intact: {report.problem}"
            trust = {True: ", trusted", False: ", NOT trusted", None: ""}[report.trusted]
            when = report.time.astimezone(thai_zone()).strftime("%Y-%m-%d %H:%M %Z") if report.time else "no time"
            stamped = "time-stamped" if report.timestamped else "time from the signer's computer"
            out.print(f"{mark} {escape(ui.shown(pdf))} {escape(f'[{report.field}]')}: {state}{trust}; "
                      f"{report.level}; {escape(report.signer)}; {when} ({stamped}); covers {report.coverage}")
    return ui.EXIT_LETTERS if bad else ui.EXIT_OK


def thai_zone():
    from generator.esaraban.signing import THAI_TIME
    return THAI_TIME


