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

from generator.build.cache import BuildCache, Entry, Record, absolute, settings_key
from generator.build.results import LetterResult, Outline, outline, template
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


def plan_build(paths: list[Path], out_dir: Path, pdf: bool, engine: Any, force: bool = False,
               letters: list[tuple[Path, Path]] | None = None) -> Plan:
    """Find the letters under ``paths`` (unless the caller found them: ``letters``) and check each
    against ``out_dir``'s cache."""
    letters = discover(paths) if letters is None else letters
    cache = BuildCache.load(out_dir, settings_key(engine_family(engine)))
    keys, fresh = {}, {}
    cwd = os.getcwd()
    for file, root in letters:
        source = absolute(file, cwd)
        key = _key(source, root) or relative_name(file, root).as_posix()
        keys[file] = key
        entry = None if force else cache.fresh(key, file, root, source=source)
        if entry is not None and (not pdf or any(o.endswith(".pdf") for o in entry.outputs)):
            fresh[file] = entry
    return Plan(cache, letters, keys, fresh)


def _key(absolute: str, root: Path) -> str | None:
    """The cache key of the letter at ``absolute`` below ``root``: its path below it without the
    suffix, as :func:`relative_name` gives it (None when it is not below it)."""
    top = _top(root)
    if not absolute.startswith(top):
        return None
    below = absolute[len(top):]
    folder, _, name = below.rpartition(os.sep)
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{folder}/{stem}".replace(os.sep, "/") if folder else stem


@functools.lru_cache(maxsize=64)
def _top(root: Path) -> str:
    """``root`` as the start of the paths below it (``/…/letters/``)."""
    return str(root).rstrip(os.sep) + os.sep


def unchanged_result(file: Path, root: Path, entry: Entry, across: list[list] = (), key: str | None = None) -> LetterResult:
    """An unchanged letter's result: its outputs and its own problems as recorded, and ``across``
    (records of the problems found across letters). ``key``: its cache key (its path below the
    root, known to the plan: not worked out again for each of 10,000 letters)."""
    result = object.__new__(UnchangedResult)
    failed = False
    for records in (entry.problems, across):
        for record in records:
            if record[6] == "error":
                failed = True
    result.__dict__.update(file=file, status="failed" if failed else "unchanged", pages=entry.pages, deps={},
                           facts=entry.facts, _entry=entry, _across=across, _key=key, _root=root, _failed=failed)
    return result


class UnchangedResult(LetterResult):
    """A :class:`LetterResult` whose path below the root, outputs and problems are made from the
    cache's records when first asked for: a build of 10,000 unchanged letters shows a few of them."""

    def __getattr__(self, name: str):
        if name == "relative":
            value = Path(self._key) if self._key is not None else relative_name(self.file, self._root)
        elif name == "outputs":
            value = [Path(output) for output in self._entry.outputs]
        elif name == "across" and not self._across:      # asked of 10,000 letters: none made
            value = []
        elif name in ("problems", "across"):
            across = [problem_from_record(record, self.file) for record in self._across]
            self.__dict__["across"] = across
            self.__dict__["problems"] = [problem_from_record(w, self.file) for w in self._entry.problems] + across
            return self.__dict__[name]
        else:
            raise AttributeError(name)
        self.__dict__[name] = value
        return value

    @property
    def errors(self) -> list[Problem]:
        if "problems" not in self.__dict__ and not self._failed:      # its records hold no error
            return []
        return super().errors

    def outlines(self) -> list[Outline]:
        """:meth:`LetterResult.outlines`, from the records: the same warning in 9,000 letters is one
        record of the cache, outlined once."""
        own = self.__dict__["_outlines"] if "_outlines" in self.__dict__ else self._record_outlines()
        if "problems" not in self.__dict__:
            return own
        if len(self.problems) != len(own) + len(self.across) - len(self._across):
            return super().outlines()
        return own[:len(self._entry.problems)] + [outline(p, p.file is self.file or p.file == self.file)
                                                  for p in self.across]

    def _record_outlines(self) -> list[Outline]:
        letter = None
        lines = []
        for record in (*self._entry.problems, *self._across):
            line = made_once(record, "outline", _outline)
            if line.shared is not None and record[0] == (letter or (letter := str(self.file))):
                line = line._replace(shared=None)          # a record naming the letter itself
            lines.append(line)
        self.__dict__["_outlines"] = lines
        return lines


def _outline(record: list[Any]) -> Outline:
    file, line, key, part, message, hint, severity, rule = record
    return Outline(severity, template(rule, key, message, hint), (key, part, message, hint, rule),
                   None if file == "" else (file, line, rule, message))


def made_once(record: list[Any], what: str, make):
    """``make(record)``, kept with a record the cache loaded (:class:`Record`: shared by every letter
    that has the problem), made anew for any other."""
    if type(record) is not Record:
        return make(record)
    made = getattr(record, "made", None)
    if made is None:
        made = record.made = {}
    if what not in made:
        made[what] = make(record)
    return made[what]


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
    own = letter is not None and (record[0] == "" or record[0] == str(letter))
    problem = object.__new__(Problem)          # a frozen dataclass's __init__ sets each field through
    fields = made_once(record, "fields", _fields).copy()       # object.__setattr__: 4x slower
    fields["file"] = letter if own else _path(record[0])
    object.__setattr__(problem, "__dict__", fields)
    return problem


def _fields(record: list[Any]) -> dict[str, Any]:
    return dict(zip(FIELDS, (None, *record[1:])))


@functools.lru_cache(maxsize=1024)
def _path(text: str) -> Path:
    """A shared file's path (the agency.yaml named by a warning in 9,000 letters), made once."""
    return Path(text)
