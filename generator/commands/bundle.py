"""``saraban bundle PATH…``: one PDF per letter, the letter followed by its enclosure files."""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import LetterError, SetupError
from generator.letter.tree import discover, relative_name

ORDER = 63
SUFFIX = ".bundle.pdf"


def add(sub) -> None:
    b = sub.add_parser("bundle", help="one PDF per letter: the letter, then its enclosure files, with bookmarks",
                       description="Build the letters (up to date ones are reused), then write x.bundle.pdf: the "
                                   "letter, then each enclosure `file:` (PDFs appended, PNG and JPEG as pages), "
                                   "with bookmarks หนังสือ, สิ่งที่ส่งมาด้วย ๑ …. Names each enclosure that is not "
                                   "PDF/A; the bundle then claims no PDF/A (the letter alone stays PDF/A).")
    b.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="letter files or folders")
    b.add_argument("--out", metavar="DIR", type=Path, default=Path("out"),
                   help="the build's output folder, where the bundles go too (default: out/)")
    b.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.pipeline import build
    from generator.esaraban.bundle import BundleError, bundle
    from generator.esaraban.egif import enclosure_files
    from generator.kinds.prepare import prepare

    out = ui.console()
    letters = discover(ui.letter_paths([str(p) for p in args.paths]))
    if not letters:
        raise SetupError("no letters found in " + ", ".join(map(str, args.paths)))
    summary = build(list(args.paths), args.out, engine=os.environ.get("SARABAN_ENGINE", "auto"))
    results = {r.file.resolve(): r for r in summary.results}
    failed = 0
    with tempfile.TemporaryDirectory(prefix="saraban-bundle-") as work:
        for file, root in letters:
            result = results.get(file.resolve())
            pdf = next((p for p in result.outputs if p.suffix == ".pdf"), None) if result else None
            if pdf is None:
                failed += 1
                out.print(f"[red]✗ not bundled[/red] {escape(ui.shown(file))}: it did not build")
                continue
            target = args.out / relative_name(file, root).with_suffix(SUFFIX)
            try:
                resolved = prepare(file, root, Path(work))
                made = bundle(pdf, enclosure_files(resolved, root), target, resolved.digits)
            except LetterError as exc:
                failed += 1
                out.print(f"[red]✗ not bundled[/red] {escape(ui.shown(file))}")
                for problem in exc.problems:
                    out.print(ui.problem_line(problem))
                continue
            except BundleError as exc:
                failed += 1
                out.print(f"[red]✗ not bundled[/red] {escape(ui.shown(file))}: {escape(str(exc))}")
                continue
            note = f"; not PDF/A: {', '.join(made.not_pdfa)} (the bundle claims no PDF/A)" if made.not_pdfa else ""
            out.print(f"[green]✓ bundled[/green] {escape(ui.shown(file))} → {escape(ui.shown(target))} "
                      f"({made.pages} pages){escape(note)}")
    return ui.EXIT_LETTERS if failed else ui.EXIT_OK
