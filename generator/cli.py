"""The ``saraban`` command: parses arguments and hands them to a command in ``generator.commands``."""
from __future__ import annotations

import argparse
import gc
import sys

from rich.console import Console
from rich.markup import escape

from generator import __version__
from generator.build import messages
from generator.build.console import EXIT_BUG, EXIT_SETUP, EXIT_USAGE
from generator.build.workdir import raise_on_signals
from generator.commands import all_commands, command_names
from generator.errors import SetupError, UsageError, crash_report


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, just that subcommand's parser (the one being run)."""
    top = argparse.ArgumentParser(prog="saraban",
                                  description="Thai official letters (หนังสือราชการ) from YAML to DOCX and PDF.")
    top.add_argument("--version", action="version", version=f"saraban {__version__}")
    top.add_argument("--lang", choices=messages.LANGUAGES,
                     help="which language of each message comes first (default: th under a Thai locale, "
                          "else en); both are shown. May be given after the subcommand too")
    top.set_defaults(main=main)             # the command line itself, for `serve`, which runs others
    sub = top.add_subparsers(dest="command", required=True)
    for command in all_commands(only):
        command.add(sub)
    return top


def _language(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` (or ``--lang=X``) taken out of ``argv`` wherever it stands."""
    rest, language, index = [], None, 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in messages.LANGUAGES:
            language, index = argv[index + 1], index + 2
            continue
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in messages.LANGUAGES:
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        index += 1
    return language, rest


def main(argv: list[str] | None = None) -> int:
    # Python's cyclic collector runs every 700 new objects; reading the index of 10,000 letters makes a
    # few hundred thousand (none in a cycle), and the collections were a third of a no-op build.
    gc.set_threshold(50_000, 20, 20)
    argv = sys.argv[1:] if argv is None else argv
    language, argv = _language(argv)
    messages.set_language(language)
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    module = first.replace("-", "_") if first else None          # check-template → check_template.py
    args = parser(module if module in command_names() else None).parse_args(argv)
    try:
        with raise_on_signals():              # SIGTERM too unwinds: work folders and .tmp files go
            return args.run(args)
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except SetupError as exc:
        _error(str(exc))
        return EXIT_SETUP
    except KeyboardInterrupt:
        return 130
    except Exception as exc:            # a bug: one line and a log, never a traceback
        log = crash_report(exc, f"running saraban {' '.join(argv)}")
        _error(f"saraban stopped on an internal error ({type(exc).__name__}: {str(exc)[:200]}). This is a bug "
               f"in saraban, not in your letters: please report it with the full log, {log}")
        return EXIT_BUG


def _error(text: str) -> None:
    first, second = messages.both(text)
    label = "ผิดพลาด" if messages.thai_first() else "error"
    stderr = Console(stderr=True, highlight=False, soft_wrap=True)
    stderr.print(f"[red]{label}:[/red] {escape(first)}")
    if second:
        stderr.print(f"    {escape(second)}")
