"""The ``saraban`` command: parses arguments and hands them to a command in ``generator.commands``."""
from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape

from generator import __version__
from generator.commands import all_commands
from generator.console import EXIT_SETUP
from generator.errors import SetupError


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="saraban",
                                  description="Thai official letters (หนังสือราชการ) from YAML to DOCX and PDF.")
    top.add_argument("--version", action="version", version=f"saraban {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    for command in all_commands():
        command.add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except SetupError as exc:
        Console(stderr=True, highlight=False).print(f"[red]error:[/red] {escape(str(exc))}")
        return EXIT_SETUP
    except KeyboardInterrupt:
        return 130
