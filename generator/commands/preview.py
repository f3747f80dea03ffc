"""``saraban preview FILE``: render one letter, open its PDF, render again on every save."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import UsageError
from generator.pdf.engines import ENGINE_NAMES
from generator.review.preview import open_file, preview

ORDER = 15


def add(sub) -> None:
    p = sub.add_parser("preview", help="render one letter, open its PDF, re-render whenever it is saved")
    p.add_argument("file", metavar="FILE", help="the letter (.yaml)")
    p.add_argument("--out", default="out", help="output folder (default: out/)")
    p.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine (default: auto)")
    p.add_argument("--no-open", action="store_true", help="do not open the PDF in a viewer")
    p.add_argument("--once", action="store_true", help="render once; do not watch for changes")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop watching after this long")
    p.add_argument("--renders", type=int, metavar="N", help="stop watching after N renders caused by saving")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    [letter] = ui.letter_paths([args.file])
    if letter.is_dir():
        raise UsageError(f"{letter} is a folder: preview takes one letter file")
    out = ui.console()
    if not args.once:
        out.print(f"watching {escape(ui.shown(letter))} and its agency.yaml; Ctrl+C stops "
                  f"(กำลังเฝ้าดูไฟล์ บันทึกเมื่อใดจะสร้าง PDF ใหม่)")
    ok = preview(letter, Path(args.out), args.engine, show=None if args.no_open else _show(out),
                 watch=not args.once, report=ui.reporter(out, "built"),
                 timeout=args.timeout, renders=args.renders)
    return ui.EXIT_OK if ok else ui.EXIT_LETTERS


def _show(out):
    def show(pdf: Path) -> None:
        try:
            open_file(pdf)
        except OSError as exc:
            out.print(f"[yellow]{escape(str(exc))}[/yellow]")
    return show
