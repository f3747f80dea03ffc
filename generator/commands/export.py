"""``saraban export PATH… --format egif|json``: each letter as a TH e-GIF CorrespondenceLetter record."""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import LetterError, SetupError
from generator.letter.tree import discover, relative_name

ORDER = 62
SUFFIXES = {"egif": ".egif.xml", "json": ".egif.json"}


def add(sub) -> None:
    e = sub.add_parser("export", help="write letters as TH e-GIF CorrespondenceLetter records (XML or JSON)",
                       description="Build the letters (up to date ones are reused), then write each one's "
                                   "CorrespondenceLetter record with its PDF and enclosure files, base64 "
                                   "(docs/e-saraban.md has the mapping). A draft is not exported.")
    e.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="letter files or folders")
    e.add_argument("--format", choices=sorted(SUFFIXES), default="egif",
                   help="egif: XML in the e-GIF namespace (default); json: the same record as JSON")
    e.add_argument("--out", metavar="DIR", type=Path, default=Path("out"),
                   help="the build's output folder, where the records go too (default: out/)")
    e.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from generator.build.pipeline import build
    from generator.esaraban import egif
    from generator.kinds.prepare import prepare

    out = ui.console()
    letters = discover(ui.letter_paths([str(p) for p in args.paths]))
    if not letters:
        raise SetupError("no letters found in " + ", ".join(map(str, args.paths)))
    summary = build(list(args.paths), args.out, engine=os.environ.get("SARABAN_ENGINE", "auto"))
    results = {r.file.resolve(): r for r in summary.results}
    failed = 0
    with tempfile.TemporaryDirectory(prefix="saraban-export-") as work:
        for file, root in letters:
            result = results.get(file.resolve())
            pdf = next((p for p in result.outputs if p.suffix == ".pdf"), None) if result else None
            if pdf is None:
                failed += 1
                out.print(f"[red]✗ not exported[/red] {escape(ui.shown(file))}: it did not build")
                for problem in result.errors if result else []:
                    out.print(ui.problem_line(problem))
                continue
            try:
                data = egif.record(prepare(file, root, Path(work)), pdf, root)
            except LetterError as exc:
                failed += 1
                out.print(f"[red]✗ not exported[/red] {escape(ui.shown(file))}")
                for problem in exc.problems:
                    out.print(ui.problem_line(problem))
                continue
            target = args.out / relative_name(file, root).with_suffix(SUFFIXES[args.format])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(egif.to_xml(data) if args.format == "egif" else egif.to_json(data))
            out.print(f"[green]✓ exported[/green] {escape(ui.shown(file))} → {escape(ui.shown(target))}")
    return ui.EXIT_LETTERS if failed else ui.EXIT_OK
