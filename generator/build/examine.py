"""The first stages over many letters, without rendering: load → validate → resolve each letter,
run the checks on it alone, then the checks across letters on every letter's facts.

``saraban check`` is this module alone (none of the renderer's or the PDF finisher's libraries is
imported); the build (:mod:`generator.build.pipeline`) renders what it finds ready. A letter none
of whose files changed is not read again: its own problems and its facts come from a cache
(:mod:`generator.build.cache`).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from generator import deps
from generator.build import workdir
from generator.build.cache import (
    CHECK_CACHE_NAME,
    BuildCache,
    absolute,
    generator_fingerprint,
)
from generator.build.plan import problem_record, unchanged_result
from generator.build.results import LetterResult, Report, Summary
from generator.checks import check_across, check_one, letter_facts
from generator.errors import LetterError, Problem, TimeLimit, crash_report, time_limit
from generator.kinds.prepare import prepare
from generator.letter.tree import discover, relative_name
from generator.render.resolve import Resolved

# The time a letter may take in each stage of this process (reading, rendering); the engines
# have their own limit for converting it (pdf/engines: SECONDS_PER_FILE).
LETTER_SECONDS = 60.0


def letter_seconds() -> float:
    """:data:`LETTER_SECONDS`, or ``SARABAN_LETTER_SECONDS`` when that is a positive number. Read
    at each use, not on import: a resident saraban (generator.resident) imported this module long
    before the run whose environment counts."""
    try:
        seconds = float(os.environ.get("SARABAN_LETTER_SECONDS", LETTER_SECONDS))
    except ValueError:
        return LETTER_SECONDS
    return seconds if seconds > 0 else LETTER_SECONDS


def letter_failed(result: LetterResult, exc: Exception, doing: str) -> None:
    """``exc`` becomes the letter's own error: its problems when it is a :class:`LetterError`,
    else one line, and for a bug in saraban the path of a log with the full traceback."""
    import zipfile

    from lxml import etree  # here: `saraban check` of valid letters never needs it

    result.status = "failed"
    if isinstance(exc, LetterError):
        result.problems += exc.problems
        return
    if isinstance(exc, TimeLimit):
        message, hint = str(exc), "a letter takes well under a second: look for a loop in its template"
    elif isinstance(exc, (RecursionError, MemoryError)):
        message, hint = f"too large to process while {doing} it ({type(exc).__name__})", "make it smaller"
    elif isinstance(exc, (etree.XMLSyntaxError, zipfile.BadZipFile)):      # a template's or an image's content
        message = f"a file this letter uses cannot be read while {doing} it ({type(exc).__name__}: {str(exc)[:200]})"
        hint = "check its agency template (saraban check-template) and the files it names"
    else:
        log = crash_report(exc, f"{doing} {result.file}")
        message = f"saraban failed while {doing} this letter ({type(exc).__name__}: {str(exc)[:200]})"
        hint = f"this is a bug in saraban, not in the letter: please report it with {log}"
    result.problems.append(Problem(result.file, None, None, None, message, hint))


def prepare_one(file: Path, root: Path, work: Path) -> tuple[LetterResult, Resolved | None]:
    """Load, validate and resolve one letter and run the checks on it alone: its result (with
    the facts the checks across letters need) and, unless it failed, the resolved letter. Any
    error is this letter's alone (:func:`letter_failed`)."""
    result = LetterResult(file, relative_name(file, root))
    try:
        with deps.recording(result.deps, ignore=(work,)), time_limit(letter_seconds(), "reading the letter"):
            resolved = prepare(file, root, work)
            own = check_one(resolved)          # recorded too: a check that reads a file notes it
            result.facts = letter_facts(resolved)
    except Exception as exc:
        letter_failed(result, exc, "reading")
        return result, None
    result.problems += [*resolved.warnings, *own]
    return result, resolved


def add_across(results: list[LetterResult]) -> None:
    """The checks across letters, on the facts of every letter that has them (those prepared now
    and those the cache remembers); each problem joins its letter's result."""
    by_file = {result.file: result for result in results if result.facts is not None}
    for problem in check_across({file: result.facts for file, result in by_file.items()}):
        by_file[problem.file].problems.append(problem)
        by_file[problem.file].across.append(problem)


def prepare_all(letters: list[tuple[Path, Path]], work: Path) -> tuple[list[LetterResult], list[tuple[LetterResult, Resolved]]]:
    """Prepare every letter, then run the checks (one letter, and all letters together).

    Returns every result, and the letters that may be rendered (no errors)."""
    results, prepared = prepare_each(letters, work)
    add_across(results)
    return results, ready_ones(prepared)


def prepare_each(letters: list[tuple[Path, Path]], work: Path) -> tuple[list[LetterResult], list[tuple[LetterResult, Resolved]]]:
    """:func:`prepare_one` on each letter: every result, and the letters that did not fail."""
    results, prepared = [], []
    for file, root in letters:
        workdir.stop_if_interrupted()
        result, resolved = prepare_one(file, root, work)
        results.append(result)
        if resolved is not None:
            prepared.append((result, resolved))
    return results, prepared


def ready_ones(prepared: list[tuple[LetterResult, Resolved]]) -> list[tuple[LetterResult, Resolved]]:
    ready = []
    for result, resolved in prepared:
        if result.errors:
            result.status = "failed"
        else:
            result.status = "checked"
            ready.append((result, resolved))
    return ready


def check(paths: list[Path], report: Report | None = None, cache_dir: Path | None = None,
          full: bool = False) -> Summary:
    """Validate, resolve and check every letter without rendering. With ``cache_dir``, a letter
    none of whose files changed since the last check there is not read again: its own problems
    and its facts come from the cache (``.saraban-check.json``), and the checks across letters
    run on every letter's facts; ``full`` reads every letter (and renews the cache)."""
    start = time.perf_counter()
    letters = discover(paths)
    cache = BuildCache.load(cache_dir, f"check {generator_fingerprint()[:32]}", CHECK_CACHE_NAME) if cache_dir else None
    results = []
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="saraban-check-") as tmp:
        for file, root in letters:
            workdir.stop_if_interrupted()
            key = absolute(file, cwd)
            entry = cache.fresh(key, file, root, outputs=False, source=key) if cache and not full else None
            if entry is not None:
                result = unchanged_result(file, root, entry)      # its problems made when shown
            else:
                result, resolved = prepare_one(file, root, Path(tmp))
                if cache is not None:
                    cache.forget(key)
                    if resolved is not None:
                        cache.record(key, file, root, result.deps, [], None,
                                     [problem_record(p, file) for p in result.problems], result.facts)
            results.append(result)
    add_across(results)
    for result in results:
        result.status = "failed" if result.errors else "checked"
        if report:
            report(result)
    if cache is not None and (cache.changed or cache.prune()):      # save() prunes too
        _save_quietly(cache)
    return Summary(results, time.perf_counter() - start)


def _save_quietly(cache: BuildCache) -> None:
    """The check's cache is a help, not a product: a folder it cannot write to costs speed only."""
    try:
        cache.save()
    except OSError:
        pass


