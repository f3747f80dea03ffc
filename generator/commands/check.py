"""``saraban check``: validate letters without rendering; text, JSON or GitHub annotations."""
from __future__ import annotations

import argparse
import json
import sys

from generator.build import console as ui
from generator.build import messages
from generator.errors import Problem

ORDER = 20
FORMATS = ("text", "json", "github")


def add(sub) -> None:
    c = sub.add_parser("check", help="validate letters without rendering")
    c.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    c.add_argument("--format", choices=FORMATS, default="text",
                   help="text (default), json (a list of problems) or github (workflow-command annotations)")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.pipeline import (
        check,  # the pipeline, imported when used: `saraban build` stays quick
    )

    if args.format == "text":
        out = ui.console()
        summary = check(ui.letter_paths(args.paths), report=ui.reporter(out, "ok"))
        ui.summary_line(out, summary, "checked")
    else:
        summary = check(ui.letter_paths(args.paths))
        problems = [p for result in summary.results for p in sorted(result.problems, key=lambda p: p.line or 0)]
        write = as_json if args.format == "json" else as_github
        sys.stdout.write(write(problems))
    return ui.EXIT_OK if summary.ok else ui.EXIT_LETTERS


def as_record(problem: Problem) -> dict:
    return {"rule": problem.rule_id, "name": problem.rule.split(maxsplit=1)[1] if problem.rule else None,
            "severity": problem.severity, "file": ui.shown(problem.file), "line": problem.line,
            "key": problem.key, "part": problem.part, "message": problem.message, "hint": problem.hint,
            "message_th": messages.thai(problem.message), "hint_th": messages.thai(problem.hint)}


def as_json(problems: list[Problem]) -> str:
    return json.dumps([as_record(p) for p in problems], ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value (file, title)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: list[Problem]) -> str:
    """``::error file=…,line=…,title=…::…`` per problem: annotations on the pull request's lines."""
    lines = []
    for problem in problems:
        command = "error" if problem.severity == "error" else "warning"
        properties = [f"file={_escape_property(ui.shown(problem.file))}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property(problem.rule or 'saraban')}")
        message = problem.what()
        if problem.rule:
            message = message.removesuffix(f" [{problem.rule}]")
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(message)}\n")
    return "".join(lines)
