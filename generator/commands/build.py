"""``saraban build``: render letters to DOCX and PDF, skipping those that are up to date."""
from __future__ import annotations

import argparse
import contextlib
import os
import time
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.build import messages, quick
from generator.build.cache import settings_key
from generator.build.plan import Plan, plan_build, unchanged_result
from generator.build.results import Summary
from generator.letter.tree import discover, discover_names, find, font_folders
from generator.pdf.engines import ENGINE_NAMES, engine_family, start_session

ORDER = 10


def add(sub) -> None:
    b = sub.add_parser("build", help="render letters to DOCX and PDF")
    b.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders (default: letters/)")
    b.add_argument("--out", default="out", help="output folder (default: out/)")
    b.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    b.add_argument("--force", action="store_true",
                   help="rebuild every letter, also those whose outputs are up to date")
    b.add_argument("--verbose", action="store_true",
                   help="list every letter (also the unchanged ones) and every warning, one by one")
    b.add_argument("--engine", choices=ENGINE_NAMES, default=os.environ.get("SARABAN_ENGINE", "auto"),
                   help="PDF engine (default: auto = Word where available, else LibreOffice kept "
                        "running; libreoffice-oneshot = soffice --convert-to)")
    b.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    out = ui.console()
    paths, out_dir, pdf = ui.letter_paths(args.paths), Path(args.out), not args.no_pdf
    key = quick.command_key(paths, out_dir, pdf, settings_key(engine_family(args.engine)), messages.thai_first())
    found = find(paths)
    names = discover_names(paths, found)
    answer = None if args.force or args.verbose else quick.load(out_dir, key, names)
    if answer is not None:                      # nothing changed since the last build with nothing to do
        for line in answer["lines"]:
            out.print(line)
        ui.print_counts(out, answer["counts"], "built", time.perf_counter() - start)
        return ui.EXIT_LETTERS if answer["counts"]["failed"] else ui.EXIT_OK
    plan = plan_build(paths, out_dir, pdf, args.engine, args.force, discover(paths, found))
    if plan.cache.warning:
        out.print(f"[yellow]warning[/yellow] {escape(ui.shown(plan.cache.path))} {escape(plan.cache.warning)}: "
                  "ignored, every letter is built again")
    known_across = plan.known_across()
    nothing_to_do = bool(plan.letters) and known_across is not None
    if nothing_to_do:
        summary = _nothing_to_do(plan, known_across)
    else:       # a kill (SIGTERM) stops LibreOffice too: cli.main raises it as an interruption
        with contextlib.ExitStack() as running:
            engine = _head_start(args.engine, plan, running) if pdf and plan.stale else args.engine
            from generator.build.pipeline import (
                build,  # the pipeline, imported while LibreOffice starts
            )

            with ui.progress(out) as progress:
                summary = build(paths, out_dir, pdf=pdf, engine=engine, force=args.force,
                                progress=progress, plan=plan)
    printer = ui.Recorder(out) if nothing_to_do and not args.verbose else out
    ui.report_all(printer, summary.results, "built", args.verbose)
    for note in summary.notes:
        out.print(f"[yellow]warning[/yellow] {escape(note)}")
    counts = ui.summary_counts(summary, "built")
    ui.print_counts(out, counts, "built", summary.seconds)
    if isinstance(printer, ui.Recorder):         # kept: the next build with nothing to do says it again
        quick.save(plan.cache, key, names, printer.lines, counts)
    return ui.EXIT_OK if summary.ok else ui.EXIT_LETTERS


def _nothing_to_do(plan: Plan, across: dict[str, list]) -> Summary:
    """The summary of a build in which every letter is unchanged, the same letters as last time
    (the pipeline is not loaded: the problems across letters are those found then)."""
    start = time.perf_counter()
    results = [unchanged_result(file, root, plan.fresh[file], across.get(plan.keys[file], []), plan.keys[file])
               for file, root in plan.letters]
    return Summary(results, time.perf_counter() - start)


def _head_start(name: str, plan: Plan, running: contextlib.ExitStack):
    """LibreOffice's workers, started before the pipeline is even imported; else the name
    (the build then starts the engine itself and reports any problem with it)."""
    started = start_session(name, font_folders(plan.stale), len(plan.stale), running)
    return started[1] if started else name

