"""What ``export`` and ``bundle`` share: build the letters named (up-to-date ones are reused),
then hand on each letter with its PDF, or say why it has none."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape

from generator.build import console as ui
from generator.build.results import LetterResult
from generator.errors import UsageError
from generator.letter.tree import discover


@dataclass
class Built:
    file: Path
    root: Path
    result: LetterResult | None

    @property
    def pdf(self) -> Path | None:
        outputs = self.result.outputs if self.result else []
        return next((path for path in outputs if path.suffix == ".pdf"), None)


def build_named(paths: list[Path], out_dir: Path) -> list[Built]:
    """Every letter under ``paths``, built into ``out_dir``; none found is a usage error."""
    from generator.build.pipeline import build

    letters = discover(ui.letter_paths([str(p) for p in paths]))
    if not letters:
        raise UsageError("no letters found in " + ", ".join(map(str, paths)))
    summary = build(list(paths), out_dir, engine=os.environ.get("SARABAN_ENGINE", "auto"))
    results = {r.file.resolve(): r for r in summary.results}
    return [Built(file, root, results.get(file.resolve())) for file, root in letters]


def say_not_done(out, letter: Built, verb: str, problems=(), reason: str = "") -> None:
    """``✗ not exported letters/x.yaml: it did not build`` and its problems, one per line."""
    detail = f": {reason}" if reason else ""
    out.print(f"[red]✗ not {verb}[/red] {escape(ui.shown(letter.file))}{escape(detail)}")
    for problem in problems:
        out.print(ui.problem_line(problem))
