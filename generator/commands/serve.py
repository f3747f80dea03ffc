"""``saraban serve``: keep saraban loaded, so that ``build`` and ``check`` start at once."""
from __future__ import annotations

import argparse
import sys

from rich.markup import escape

from generator.build import console as ui
from generator.resident.server import IDLE_MINUTES, serve

ORDER = 17


def add(sub) -> None:
    s = sub.add_parser("serve", help="keep saraban loaded (Python, the pipeline, the Thai dictionary) so that "
                                     "build and check in any terminal of this user start at once")
    s.add_argument("--idle", type=float, default=IDLE_MINUTES, metavar="MINUTES",
                   help=f"stop after this many minutes without a command (default: {IDLE_MINUTES:g})")
    s.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.commands import build, check  # noqa: F401  (loaded once for every run)

    out = ui.console()

    def say(text: str) -> None:
        out.print(escape(text))
        sys.stdout.flush()           # also into a log file, before the server starts itself again
    return serve(args.main, args.idle, say)
