"""The pipeline: load → validate → resolve → render DOCX → convert to PDF → finish.

Every stage is its own module; this one only runs them in order over many letters,
collects each letter's problems, and moves finished files into place. Nothing is
written to the output folder until a letter's DOCX and PDF are both complete.

A build skips the letters whose outputs are up to date (:mod:`generator.build.plan`
decides, from what the stages recorded reading: :mod:`generator.deps`), and converts
letters while it renders the next ones when the engine keeps running workers.
"""
from __future__ import annotations

import contextlib
import errno
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from generator import deps
from generator.build import workdir
from generator.build.examine import (  # noqa: F401 (check, prepare_all: the API)
    add_across,
    check,
    letter_failed,
    letter_seconds,
    prepare_all,
    prepare_each,
    prepare_one,
    ready_ones,
)
from generator.build.plan import (
    Plan,
    plan_build,
    problem_record,
    unchanged_result,
)
from generator.build.results import LetterResult, Progress, Report, Summary
from generator.checks import all_check_modules
from generator.errors import EngineError, Problem, time_limit
from generator.kinds.numbers import not_final
from generator.letter.parts import PARTS
from generator.letter.tree import font_folders
from generator.pdf.archival import Archive
from generator.pdf.engines import Engine, choose_engine, start_session
from generator.pdf.finish import FontFallback, finish_pdf
from generator.render.docx import render_docx
from generator.render.resolve import Resolved

# --------------------------------------------------------------------- commands

def build(paths: list[Path], out_dir: Path, pdf: bool = True, engine: str | Engine = "auto",
          report: Report | None = None, force: bool = False, progress: Progress | None = None,
          plan: Plan | None = None) -> Summary:
    """Render every letter under ``paths`` into ``out_dir`` (DOCX, and PDF unless ``pdf`` is False).

    ``engine`` is an engine's name (see :func:`choose_engine`), an engine object, or a running
    session of one (``engine.session(n)``, entered; the caller closes it). Letters whose
    outputs are up to date are left alone (status "unchanged") unless ``force``: they are not
    read again, the checks across letters see them through the facts in the cache. ``progress(done,
    total)`` is called as letters finish. ``plan``: :func:`plan_build`'s answer for these
    arguments, when the caller already has it (the cache is then not checked twice).
    """
    start = time.perf_counter()
    plan = plan or plan_build(paths, out_dir, pdf, engine, force)
    counter = _Counter(len(plan.letters), progress)
    notes: list[str] = []
    known_across = plan.known_across()
    plan.cache.cross = {}                 # until this build has found them again (an interrupted one has not)
    try:
        with workdir.work_folder(out_dir) as work:
            results = _produce(plan, work, out_dir, pdf, engine, counter, known_across)
        if all(result.status != "failed" for result in results):
            # The facts compared are those the cache now holds (a failed letter's may not be): a build
            # of the same letters with nothing changed shows these problems again without comparing.
            plan.cache.cross = {"letters": plan.signature, "problems": {
                plan.keys[r.file]: [problem_record(p, r.file) for p in r.across] for r in results if r.across}}
    finally:
        _save_cache(plan.cache, out_dir, notes)
    for result in results:
        if report:
            report(result)
    return Summary(results, time.perf_counter() - start, notes)


def _produce(plan: Plan, work: Path, out_dir: Path, pdf: bool, engine, counter: "_Counter",
             known_across: dict | None) -> list[LetterResult]:
    """Prepare the stale letters batch by batch, rendering and converting each batch while the
    next is prepared; when a check compares letters, publish none before all are prepared and
    the checks across letters have run (a letter an error across letters fails is not published)."""
    by_file: dict[Path, LetterResult] = {}
    with contextlib.ExitStack() as running:
        if pdf and plan.stale:      # LibreOffice starts while the letters are prepared and rendered
            engine = _start_engine(engine, plan.stale, running)
        # Without a PDF there is no LibreOffice to keep busy: every letter is read and compared
        # first, and each is published as soon as it is rendered (nothing is held back).
        compared = _compared()
        overlap = pdf and compared           # (with a PDF, letters render while the next are read)
        # Letters go to rendering batch by batch, unless all must be compared before any is rendered.
        batched = overlap or not compared
        production = _Production(plan, work, out_dir, pdf, engine, counter, running, hold=overlap)
        unchanged = [_unchanged(plan, file, root, known_across) for file, root in plan.letters if file in plan.fresh]
        for result in unchanged:
            by_file[result.file] = result
            counter.tick()
        prepared: list[LetterResult] = []
        waiting: list[tuple[LetterResult, Resolved]] = []
        for batch in _batches(plan) if batched else [plan.stale]:
            results, ready = prepare_each(batch, work)
            ready = ready_ones(ready)          # their own errors: the checks across letters come later
            for result in results:
                by_file[result.file] = result
                if result.status == "failed":
                    counter.tick()
            prepared += results
            if batched:
                production.add(ready)
            else:
                waiting += ready
        if known_across is None:
            _check_across(prepared, unchanged, production)
        for result, _ in waiting:
            if result.errors:                  # failed by the checks across letters: not rendered
                result.status = "failed"
                counter.tick()
        production.add([(result, resolved) for result, resolved in waiting if result.status != "failed"])
        production.release()               # what is finished is published, the rest as it finishes
        production.finish()
    return [by_file[file] for file, _ in plan.letters]


def _check_across(prepared: list[LetterResult], unchanged: list[LetterResult], production: "_Production") -> None:
    """The checks across the letters prepared now and the ``unchanged`` ones (whose facts come from
    the cache). A prepared letter in which they find an error fails, and is not published (what was
    rendered of it is dropped); an unchanged one fails too (its outputs stay, its entry too)."""
    # The unchanged ones carry none of last time's problems across letters (_unchanged is given
    # none when they must be found again), so nothing is taken off before they are found anew.
    add_across([*prepared, *unchanged])
    for result in unchanged:
        if result.errors:
            result.status = "failed"
    for result in prepared:
        production.found_across(result)


def _save_cache(cache, out_dir: Path, notes: list[str]) -> None:
    """Save the cache; a disk that cannot take it is a note (the letters were reported already)."""
    try:
        cache.save()
    except OSError as exc:
        if not workdir.write_error(exc):
            raise
        notes.append(workdir.write_message(exc, out_dir) + " (the build cache was not saved: "
                     "the next build makes every letter again)")


def _write_failed(result: LetterResult, exc: OSError, out_dir: Path) -> bool:
    """A letter whose files the disk could not take (full, read-only) fails, saying so; False for
    any other error (it is not the disk's)."""
    if not workdir.write_error(exc):
        return False
    result.problems.append(Problem(result.file, None, None, None, workdir.write_message(exc, out_dir)))
    result.status = "failed"
    return True


def _unchanged(plan: Plan, file: Path, root: Path, known_across: dict | None) -> LetterResult:
    across = (known_across or {}).get(plan.keys[file], [])
    return unchanged_result(file, root, plan.fresh[file], across, plan.keys[file])


def _start_engine(engine: str | Engine, letters: list[tuple[Path, Path]], running: contextlib.ExitStack):
    """The engine, with its workers starting (when it has any): ``(engine, session)``; a
    session the caller started is used as it is. A problem is left for the conversion to
    report, letter by letter, as without this head start."""
    if hasattr(engine, "submit"):
        return engine.engine, engine
    return start_session(engine, font_folders(letters), len(letters), running) or engine


class _Counter:
    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, total, progress

    def tick(self) -> None:
        workdir.stop_if_interrupted()
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)


BATCH = 8


def _compared() -> bool:
    """Whether a check compares letters (a problem across letters must be known before any of
    them is published)."""
    return any(hasattr(module, "check_facts") for module in all_check_modules())


def _batches(plan: Plan) -> list[list[tuple[Path, Path]]]:
    """The letters to prepare, in groups that are rendered and converted while the next group is
    prepared. Always one group at least: the checks across letters then run also when no letter
    changed but one was deleted."""
    return [plan.stale[i:i + BATCH] for i in range(0, len(plan.stale), BATCH)] or [[]]


def _render(result: LetterResult, resolved: Resolved, work: Path, index: int) -> Path | None:
    folder = work / "docx"
    folder.mkdir(exist_ok=True)
    docx = folder / f"{index:05d}-{result.relative.name}.docx"     # unique: letters may share a name
    try:
        with deps.recording(result.deps, ignore=(work,)), time_limit(letter_seconds(), "rendering the letter"):
            render_docx(resolved, docx)
    except Exception as exc:
        if not (isinstance(exc, OSError) and _write_failed(result, exc, work.parent)):     # work is in out/
            letter_failed(result, exc, "rendering")
        return None
    return docx


class _Production:
    """Renders, converts, finishes and publishes letters as they are handed over: with a running
    engine session, each letter converts while the next ones are rendered. With ``hold``, a letter
    finished is published only by :meth:`release`, once :meth:`found_across` has told whether the
    checks across letters failed it."""

    def __init__(self, plan: Plan, work: Path, out_dir: Path, pdf: bool, engine, counter: _Counter,
                 running: contextlib.ExitStack, hold: bool = False):
        self.plan, self.work, self.out_dir, self.pdf, self.counter, self.running = plan, work, out_dir, pdf, counter, running
        self.engine, self.session = engine if isinstance(engine, tuple) else (engine, None)
        self.engine_deps: dict | None = None
        self.index = 0
        self.pending: dict[Future, tuple] = {}
        self.later: list[tuple[LetterResult, Resolved]] = []    # for an engine without sessions
        self.hold = hold
        self.held: list[tuple[LetterResult, dict[str, Path]]] = []     # finished, to publish
        self.prepared: dict[int, tuple[int, dict]] = {}   # id(result) -> its problems and deps when handed over
        self.failed_across: set[int] = set()

    def add(self, ready: list[tuple[LetterResult, Resolved]]) -> None:
        if not ready:
            return
        for result, _ in ready:
            self.prepared[id(result)] = (len(result.problems), dict(result.deps))
        if not self.pdf:
            for result, resolved in ready:
                docx = self._render(result, resolved)
                if docx is not None:
                    self._publish(result, {"docx": docx})
                self.counter.tick()
            return
        self._start()
        if self.session is None:
            self.later += ready
            return
        for result, resolved in ready:
            docx = self._render(result, resolved)
            if docx is None:
                self.counter.tick()
                continue
            files = {"docx": docx}
            self.pending[self.session.submit(docx)] = (result, resolved, files)
            self._collect(block=False)

    def found_across(self, result: LetterResult) -> None:
        """The checks across letters have added their problems to ``result``: they come before
        what rendering it found, as when it was rendered after them; an error among them fails the
        letter, as if it had not been rendered at all."""
        if id(result) not in self.prepared:
            return
        count, deps_before = self.prepared[id(result)]
        if result.across:
            across = {id(p) for p in result.across}
            later = [p for p in result.problems[count:] if id(p) not in across]
            result.problems = [*result.problems[:count], *result.across, *later]
        if any(p.severity == "error" for p in result.across):
            self.failed_across.add(id(result))
            result.problems = result.problems[:count + len(result.across)]
            result.status, result.pages, result.outputs = "failed", None, []
            result.deps.clear()
            result.deps.update(deps_before)

    def release(self) -> None:
        """Publish what was held, but the letters the checks across letters failed, and from now
        on each letter as it finishes."""
        held, self.held, self.hold = self.held, [], False
        for result, files in held:
            if id(result) in self.failed_across:
                for path in files.values():
                    path.unlink(missing_ok=True)
            else:
                self._publish(result, files)

    def finish(self) -> None:
        if self.later:
            later = [(r, resolved) for r, resolved in self.later if id(r) not in self.failed_across]
            for _ in range(len(self.later) - len(later)):
                self.counter.tick()
            _convert_all(later, self.work, self.out_dir, self.engine, self.engine_deps, self.counter, self._publish)
        while self.pending:
            self._collect(block=True)
        self.release()

    def _publish(self, result: LetterResult, files: dict[str, Path]) -> None:
        if self.hold:
            self.held.append((result, files))
            return
        try:
            _publish(result, files, self.out_dir, self.plan)
        except OSError as exc:
            if not _write_failed(result, exc, self.out_dir):
                raise

    def _render(self, result: LetterResult, resolved: Resolved) -> Path | None:
        self.index += 1
        return _render(result, resolved, self.work, self.index)

    def _start(self) -> None:
        if isinstance(self.engine, str):
            self.engine = choose_engine(self.engine, font_folders(self.plan.stale))
        if self.engine_deps is None:
            self.engine_deps = getattr(self.engine, "dependencies", dict)()
        if self.session is None and hasattr(self.engine, "session"):
            self.session = self.running.enter_context(self.engine.session(len(self.plan.stale)))

    def _collect(self, block: bool) -> None:
        """Finish the letters whose PDF is ready (waiting for one when ``block``)."""
        done = [future for future in self.pending if future.done()]
        if not done and block:
            done = list(wait(self.pending, return_when=FIRST_COMPLETED).done)
        for future in done:
            result, resolved, files = self.pending.pop(future)
            if id(result) in self.failed_across:       # failed meanwhile: its PDF is not wanted
                files["docx"].unlink(missing_ok=True)
            else:
                try:
                    pdf = future.result()
                except EngineError as exc:
                    _conversion_failed(result, exc, self.out_dir)
                except Exception as exc:
                    letter_failed(result, exc, "converting")
                else:
                    _finish(result, resolved, files, pdf, self.engine_deps, self._publish)
            self.counter.tick()


def _convert_all(ready, work: Path, out_dir: Path, engine: Engine, engine_deps: dict, counter: _Counter,
                 publish) -> None:
    """An engine without sessions: render every letter, then one call converts them all; each
    finished letter goes to ``publish(result, files)``."""
    rendered = []
    for index, (result, resolved) in enumerate(ready):
        docx = _render(result, resolved, work, index)
        if docx is None:
            counter.tick()
        else:
            rendered.append((result, resolved, {"docx": docx}))
    convert = getattr(engine, "convert_each", engine.convert)     # each letter fails alone where it can
    try:
        pdfs = convert([files["docx"] for _, _, files in rendered])
    except EngineError as exc:
        for result, _, _ in rendered:
            _conversion_failed(result, exc, out_dir)
            counter.tick()
        return
    for (result, resolved, files), pdf in zip(rendered, pdfs):
        if isinstance(pdf, Exception):      # an engine that fails letters one by one
            _conversion_failed(result, pdf, out_dir)
        else:
            _finish(result, resolved, files, pdf, engine_deps, publish)
        counter.tick()


def _conversion_failed(result: LetterResult, exc: Exception, out_dir: Path) -> None:
    """The engine's error; on a full disk (LibreOffice says only that it failed), the disk's."""
    message = (workdir.write_message(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), out_dir)
               if workdir.disk_full(out_dir) else f"PDF conversion failed: {exc}")
    result.problems.append(Problem(result.file, None, None, None, message))
    result.status = "failed"


def _finish(result: LetterResult, resolved: Resolved, files: dict[str, Path], pdf: Path, engine_deps: dict,
            publish) -> None:
    """Finish the letter's PDF (fonts, archival form, metadata), then ``publish(result, files)``."""
    try:
        result.pages = finish_pdf(pdf, resolved.metadata, resolved.font, archive_of(resolved))
    except FontFallback as exc:
        result.problems.append(Problem(
            result.file, None, "font", PARTS["font"], f"text fell back to {exc} instead of {resolved.font}",
            f"install {resolved.font}, or put its .ttf files in a `fonts/` folder of the letters tree"))
        result.status = "failed"
        return
    except Exception as exc:
        letter_failed(result, exc, "finishing the PDF of")
        return
    files["pdf"] = pdf
    result.deps.update(engine_deps)
    publish(result, files)


def archive_of(resolved: Resolved) -> Archive:
    """The archival form agency.yaml asks for (PDF/A, the source embedded), and whether the letter
    is final enough to sign."""
    settings = resolved.agency.profile.pdf if resolved.agency else None
    embed = settings is not None and settings.embed_source and resolved.file is not None
    return Archive(standard=settings.standard if settings else "pdf/a",
                   source=resolved.file if embed else None,
                   draft=not_final(resolved.letter) if resolved.letter is not None else "")


def _publish(result: LetterResult, files: dict[str, Path], out_dir: Path, plan: Plan) -> None:
    """Move the letter's files into ``out_dir`` (an identical file already there is kept, with
    its time), drop outputs of an earlier build this one no longer makes, record it all."""
    target = out_dir / result.relative
    target.parent.mkdir(parents=True, exist_ok=True)
    key = plan.keys[result.file]
    previous = plan.cache.forget(key)
    for suffix, path in files.items():
        final = target.with_name(f"{target.name}.{suffix}")
        if _same_bytes(path, final):
            path.unlink()
        else:
            os.replace(path, final)
        result.outputs.append(final)
    made = {str(p.resolve()) for p in result.outputs}
    for old in previous.outputs if previous else []:
        if old not in made and plan.cache.owns(old):   # only ever a file a build wrote in out/
            Path(old).unlink(missing_ok=True)     # e.g. the PDF of a letter now built with --no-pdf
    result.status = "built"
    plan.cache.record(key, result.file, plan.roots[result.file], result.deps, result.outputs, result.pages,
                      [problem_record(p, result.file) for p in result.own_problems], result.facts)


def _same_bytes(new: Path, old: Path) -> bool:
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        return new.read_bytes() == old.read_bytes()
    except OSError:
        return False
