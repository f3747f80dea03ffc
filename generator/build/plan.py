"""Which letters a build must make, and which are unchanged since the last one.

Standard library only (with :mod:`generator.build.cache` and :mod:`generator.letter.tree`): the
``saraban build`` command asks this first and, when every letter is unchanged, answers
without loading the pipeline (pydantic, docxtpl, pikepdf) at all.
"""
from __future__ import annotations

import functools
import hashlib
import os
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

    @functools.cached_property
    def signature(self) -> str:
        """The letters of this run, as named: the problems found across them last time hold while
        it is the same and every letter is unchanged."""
        return letters_signature(self.letters)

    def known_across(self) -> dict[str, list[list]] | None:
        """The problems across letters the last build found among exactly these letters, by cache
        key, when every letter is unchanged since (else None: they must be found again)."""
        cross = self.cache.cross
        if self.stale or cross.get("letters") != self.signature:
            return None
        return cross.get("problems", {})


def letters_signature(letters: list[tuple[Path, Path]]) -> str:
    return hashlib.sha256("\n".join(str(file) for file, _ in letters).encode()).hexdigest()


def plan_build(paths: list[Path], out_dir: Path, pdf: bool, engine: Any, force: bool = False) -> Plan:
    """Find the letters under ``paths`` and check each against ``out_dir``'s cache."""
    letters = discover(paths)
    cache = BuildCache.load(out_dir, settings_key(engine_family(engine)))
    keys, fresh = {}, {}
    cwd = os.getcwd()
    for file, root in letters:
        absolute = os.path.normpath(os.path.join(cwd, file))     # what cache.absolute() gives, without a
        key = _key(absolute, str(root)) or relative_name(file, root).as_posix()   # system call per letter
        keys[file] = key
        entry = None if force else cache.fresh(key, file, root, absolute=absolute)
        if entry is not None and (not pdf or any(o.endswith(".pdf") for o in entry.outputs)):
            fresh[file] = entry
    return Plan(cache, letters, keys, fresh)


def _key(absolute: str, root: str) -> str | None:
    """The cache key of the letter at ``absolute`` below ``root``: its path below it without the
    suffix, as :func:`relative_name` gives it (None when it is not below it)."""
    if not absolute.startswith(root.rstrip(os.sep) + os.sep):
        return None
    below = absolute[len(root.rstrip(os.sep)) + 1:]
    folder, _, name = below.rpartition(os.sep)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{folder}/{stem}".replace(os.sep, "/") if folder else stem


def unchanged_result(file: Path, root: Path, entry: Entry, across: list[list] = (), key: str | None = None) -> LetterResult:
    """An unchanged letter's result: its outputs and its own problems as recorded, and ``across``
    (records of the problems found across letters). ``key``: its cache key (its path below the
    root, known to the plan: not worked out again for each of 10,000 letters)."""
    relative = Path(key) if key is not None else relative_name(file, root)
    result = LetterResult(file, relative, "unchanged",
                          outputs=[Path(output) for output in entry.outputs],
                          problems=[problem_from_record(w, file) for w in entry.problems], pages=entry.pages,
                          facts=entry.facts)
    result.across = [problem_from_record(record, file) for record in across]
    result.problems += result.across
    if result.errors:
        result.status = "failed"
    return result


FIELDS = ("file", "line", "key", "part", "message", "hint", "severity", "rule")


def problem_record(problem: Problem, letter: Path | None = None) -> list[Any]:
    """A problem as the cache keeps it: its fields in order (short to store, quick to read). Its
    file: "" for ``letter`` itself (named as the next run names it), else the absolute path (the
    next run may start in another folder)."""
    file = "" if letter is not None and problem.file == letter else os.path.abspath(problem.file)
    return [file, *(getattr(problem, name) for name in FIELDS[1:])]


def problem_from_record(record: list[Any], letter: Path | None = None) -> Problem:
    """The problem of a :func:`problem_record` (``letter``: the letter's path, used for a problem
    of the letter's own file rather than a new one)."""
    file = letter if letter is not None and record[0] in ("", str(letter)) else Path(record[0])
    problem = object.__new__(Problem)          # a frozen dataclass's __init__ sets each field through
    problem.__dict__.update(zip(FIELDS, (file, *record[1:])))      # object.__setattr__: 4x slower
    return problem
