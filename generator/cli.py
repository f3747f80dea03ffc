"""The ``saraban`` command: parses arguments and hands them to a command in ``generator.commands``."""
from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.markup import escape

from generator import __version__
from generator.build.console import EXIT_BUG, EXIT_SETUP
from generator.build.workdir import raise_on_signals
from generator.commands import all_commands, command_names
from generator.errors import SetupError, crash_report


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, just that subcommand's parser (the one being run)."""
    top = argparse.ArgumentParser(prog="saraban",
                                  description="Thai official letters (หนังสือราชการ) from YAML to DOCX and PDF.")
    top.add_argument("--version", action="version", version=f"saraban {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    for command in all_commands(only):
        command.add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    module = first.replace("-", "_") if first else None          # check-template → check_template.py
    args = parser(module if module in command_names() else None).parse_args(argv)
    try:
        with raise_on_signals():              # SIGTERM too unwinds: work folders and .tmp files go
            return args.run(args)
    except SetupError as exc:
        Console(stderr=True, highlight=False).print(f"[red]error:[/red] {escape(str(exc))}")
        return EXIT_SETUP
    except KeyboardInterrupt:
        return 130
    except Exception as exc:            # a bug: one line and a log, never a traceback
        log = crash_report(exc, f"running saraban {' '.join(argv)}")
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"[red]error:[/red] saraban stopped on an internal error ({escape(type(exc).__name__)}: "
            f"{escape(str(exc)[:200])}). This is a bug in saraban, not in your letters: please report it "
            f"with the full log, {escape(str(log))}")
        return EXIT_BUG
