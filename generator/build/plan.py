"""Which letters a build must make, and which are unchanged since the last one.

Standard library only (with :mod:`generator.build.cache` and :mod:`generator.letter.tree`): the
``saraban build`` command asks this first and, when every letter is unchanged, answers
without loading the pipeline (pydantic, docxtpl, pikepdf) at all.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.cache import BuildCache, Entry, settings_key
from generator.build.results import LetterResult
from generator.errors import Problem
from generator.letter.tree import discover, relative_name
from generator.pdf.engines import engine_family


@dataclass
class Plan:
    cache: BuildCache
    letters: list[tuple[Path, Path]]          # every letter and its root, in order
    keys: dict[Path, str]                     # letter -> its output path below out/, the cache key
    fresh: dict[Path, Entry]                  # letters whose outputs are up to date

    @functools.cached_property
    def roots(self) -> dict[Path, Path]:
        """Each letter's root (the first given, should a letter be named twice)."""
        return dict(reversed(self.letters))

    @property
    def stale(self) -> list[tuple[Path, Path]]:
        return [(file, root) for file, root in self.letters if file not in self.fresh]


def plan_build(paths: list[Path], out_dir: Path, pdf: bool, engine: Any, force: bool = False) -> Plan:
    """Find the letters under ``paths`` and check each against ``out_dir``'s cache."""
    letters = discover(paths)
    cache = BuildCache.load(out_dir, settings_key(engine_family(engine)))
    keys, fresh = {}, {}
    for file, root in letters:
        key = relative_name(file, root).as_posix()
        keys[file] = key
        entry = None if force else cache.fresh(key, file, root)
        if entry is not None and (not pdf or any(o.endswith(".pdf") for o in entry.outputs)):
            fresh[file] = entry
    return Plan(cache, letters, keys, fresh)


def unchanged_result(file: Path, root: Path, entry: Entry) -> LetterResult:
    return LetterResult(file, relative_name(file, root), "unchanged",
                        outputs=[Path(output) for output in entry.outputs],
                        problems=[problem_from_record(w) for w in entry.warnings], pages=entry.pages)


def problem_record(problem: Problem) -> dict[str, Any]:
    return {**vars(problem), "file": str(problem.file)}


def problem_from_record(record: dict[str, Any]) -> Problem:
    return Problem(**{**record, "file": Path(record["file"])})
