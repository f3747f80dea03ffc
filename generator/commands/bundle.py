"""``saraban bundle PATH…``: one PDF per letter, the letter followed by its enclosure files."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.errors import LetterError
from generator.letter.tree import relative_name

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
    from generator.esaraban.built import build_named, say_not_done
    from generator.esaraban.bundle import BundleError, bundle
    from generator.esaraban.egif import enclosure_files
    from generator.kinds.prepare import prepare

    out = ui.console()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="saraban-bundle-") as work:
        for letter in build_named(args.paths, args.out):
            file, root, pdf = letter.file, letter.root, letter.pdf
            if pdf is None:
                failed += 1
                say_not_done(out, letter, "bundled", reason="it did not build")
                continue
            target = args.out / relative_name(file, root).with_suffix(SUFFIX)
            try:
                resolved = prepare(file, root, Path(work))
                made = bundle(pdf, enclosure_files(resolved, root), target, resolved.digits)
            except LetterError as exc:
                failed += 1
                say_not_done(out, letter, "bundled", exc.problems)
                continue
            except BundleError as exc:
                failed += 1
                say_not_done(out, letter, "bundled", reason=str(exc))
                continue
            note = f"; not PDF/A: {', '.join(made.not_pdfa)} (the bundle claims no PDF/A)" if made.not_pdfa else ""
            out.print(f"[green]✓ bundled[/green] {escape(ui.shown(file))} → {escape(ui.shown(target))} "
                      f"({made.pages} pages){escape(note)}")
    return ui.EXIT_LETTERS if failed else ui.EXIT_OK
