"""``saraban check``: validate letters without rendering; text, JSON or GitHub annotations."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from generator.build import console as ui
from generator.build import messages
from generator.build.results import LetterResult
from generator.errors import Problem

ORDER = 20
FORMATS = ("text", "json", "github")


def add(sub) -> None:
    c = sub.add_parser("check", help="validate letters without rendering")
    c.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    c.add_argument("--format", choices=FORMATS, default="text",
                   help="text (default), json (a list of problems) or github (workflow-command annotations)")
    c.add_argument("--full", action="store_true",
                   help="read and check every letter again, also those unchanged since the last check")
    c.add_argument("--cache", metavar="FOLDER", default=os.environ.get("SARABAN_CACHE", "out"),
                   help="where the check remembers each letter (.saraban-check.json; default: out/, "
                        "as the build)")
    c.add_argument("--verbose", action="store_true", help="list every letter and every warning, one by one")
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.examine import (
        check,  # imported when used; without the renderer's and the PDF's libraries
    )
    from generator.receiving.record import is_record

    paths = ui.letter_paths(args.paths)
    letters = [path for path in paths if path.is_dir() or not is_record(path)]
    summary = check(letters, cache_dir=Path(args.cache), full=args.full)
    summary.results += _records(paths)
    if args.format == "text":
        out = ui.console()
        ui.report_all(out, summary.results, "ok", args.verbose)
        ui.summary_line(out, summary, "checked")
    else:
        problems = [p for result in summary.results for p in sorted(result.problems, key=lambda p: p.line or 0)]
        write = as_json if args.format == "json" else as_github
        sys.stdout.write(write(problems))
    return ui.EXIT_OK if summary.ok else ui.EXIT_LETTERS


def _records(paths, report=None) -> list[LetterResult]:
    """The records of received letters under ``paths`` (generator.receiving.record), checked."""
    from generator.receiving.record import check_record, records_under

    results = []
    for file in records_under(paths):
        problems = check_record(file)
        result = LetterResult(file, file.with_suffix(""), problems=problems,
                              status="failed" if any(p.severity == "error" for p in problems) else "checked")
        results.append(result)
        if report:
            report(result)
    return results


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
