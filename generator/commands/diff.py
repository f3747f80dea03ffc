"""``saraban diff``: the letters whose output a change makes different, with pictures (review.md)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.pdf.engines import ENGINE_NAMES
from generator.review.diff import review

ORDER = 40
COLOURS = {"added": "green", "changed": "yellow", "removed": "magenta", "unchanged": "dim", "failed": "red"}


def add(sub) -> None:
    d = sub.add_parser("diff", help="compare letters' outputs with a git ref; write a review folder with review.md")
    d.add_argument("path", nargs="?", default="letters", metavar="PATH",
                   help="the letters folder (default: letters/)")
    d.add_argument("--base", metavar="REF",
                   help="git ref to compare with (default: the merge base with origin/HEAD, main or master)")
    d.add_argument("--out", default="review", metavar="DIR", help="review folder, replaced (default: review/)")
    d.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine (default: auto)")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = ui.console()
    [letters] = ui.letter_paths([args.path])
    result = review(letters, Path(args.out), args.base, args.engine)
    for letter in result.letters:
        colour = COLOURS[letter.status]
        pages = f" (pages {', '.join(map(str, letter.changed_pages))})" if letter.changed_pages else ""
        note = f": {letter.note}" if letter.note else ""
        out.print(f"[{colour}]{letter.status:<9}[/{colour}] {escape(letter.path)}{pages}{escape(note)}")
    counts = ", ".join(f"{result.count(s)} {s}" for s in COLOURS if result.count(s))
    out.print(f"compared with {escape(result.base_ref)} ({result.base_commit[:10]}): {counts or 'no letters'}"
              f" → {escape(ui.shown(result.markdown))}")
    return ui.EXIT_LETTERS if result.count("failed") else ui.EXIT_OK
