"""``saraban export PATH… --format egif|json``: each letter as a TH e-GIF CorrespondenceLetter record."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import LetterError
from generator.letter.tree import relative_name

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
    from generator.esaraban import egif
    from generator.esaraban.built import build_named, say_not_done
    from generator.kinds.prepare import prepare

    out = ui.console()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="saraban-export-") as work:
        for letter in build_named(args.paths, args.out):
            if letter.pdf is None:
                failed += 1
                say_not_done(out, letter, "exported", letter.result.errors if letter.result else [],
                             "it did not build")
                continue
            try:
                data = egif.record(prepare(letter.file, letter.root, Path(work)), letter.pdf, letter.root)
            except LetterError as exc:
                failed += 1
                say_not_done(out, letter, "exported", exc.problems)
                continue
            target = args.out / relative_name(letter.file, letter.root).with_suffix(SUFFIXES[args.format])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(egif.to_xml(data) if args.format == "egif" else egif.to_json(data))
            out.print(f"[green]✓ exported[/green] {escape(ui.shown(letter.file))} → {escape(ui.shown(target))}")
    return ui.EXIT_LETTERS if failed else ui.EXIT_OK
