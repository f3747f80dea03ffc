"""``saraban build``: render letters to DOCX and PDF."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from generator import console as ui
from generator.build import build
from generator.engines import ENGINE_NAMES

ORDER = 10


def add(sub) -> None:
    b = sub.add_parser("build", help="render letters to DOCX and PDF")
    b.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    b.add_argument("--out", default="out", help="output folder (default: out/)")
    b.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    b.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine (default: auto = Word where available, else LibreOffice)")
    b.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = ui.console()
    summary = build(ui.letter_paths(args.paths), Path(args.out), pdf=not args.no_pdf, engine=args.engine,
                    report=ui.reporter(out, "built"))
    ui.summary_line(out, summary, "built")
    return ui.EXIT_OK if summary.ok else ui.EXIT_LETTERS
