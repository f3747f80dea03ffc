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
import os
import shutil
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path

from generator import deps
from generator.build.plan import Plan, plan_build, problem_record, unchanged_result
from generator.build.results import LetterResult, Progress, Report, Summary
from generator.checks import all_check_modules, run_checks
from generator.errors import EngineError, LetterError, Problem
from generator.kinds.numbers import not_final
from generator.kinds.prepare import prepare
from generator.letter.parts import PARTS
from generator.letter.tree import discover, font_folders, relative_name
from generator.pdf.archival import Archive
from generator.pdf.engines import Engine, choose_engine, start_session
from generator.pdf.finish import FontFallback, finish_pdf
from generator.render.docx import render_docx
from generator.render.resolve import Resolved

# --------------------------------------------------------------------- commands

def prepare_all(letters: list[tuple[Path, Path]], work: Path) -> tuple[list[LetterResult], list[tuple[LetterResult, Resolved]]]:
    """Prepare every letter, then run the checks (one letter, and all letters together).

    Returns every result, and the letters that may be rendered (no errors)."""
    results, prepared = [], []
    for file, root in letters:
        result = LetterResult(file, relative_name(file, root))
        results.append(result)
        try:
            with deps.recording(result.deps, ignore=(work,)):
                resolved = prepare(file, root, work)
        except LetterError as exc:
            result.problems += exc.problems
            result.status = "failed"
            continue
        result.problems += resolved.warnings
        prepared.append((result, resolved))
    found = run_checks([resolved for _, resolved in prepared])
    for result, _ in prepared:
        result.problems += found[result.file]
    ready = []
    for result, resolved in prepared:
        if result.errors:
            result.status = "failed"
        else:
            result.status = "checked"
            ready.append((result, resolved))
    return results, ready


def check(paths: list[Path], report: Report | None = None) -> Summary:
    """Validate, resolve and check every letter without rendering."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="saraban-check-") as tmp:
        results, _ = prepare_all(discover(paths), Path(tmp))
    for result in results:
        if report:
            report(result)
    return Summary(results, time.perf_counter() - start)


def build(paths: list[Path], out_dir: Path, pdf: bool = True, engine: str | Engine = "auto",
          report: Report | None = None, force: bool = False, progress: Progress | None = None,
          plan: Plan | None = None) -> Summary:
    """Render every letter under ``paths`` into ``out_dir`` (DOCX, and PDF unless ``pdf`` is False).

    ``engine`` is an engine's name (see :func:`choose_engine`), an engine object, or a running
    session of one (``engine.session(n)``, entered; the caller closes it). Letters whose
    outputs are up to date are left alone (status "unchanged") unless ``force``; ``progress(done,
    total)`` is called as letters finish. ``plan``: :func:`plan_build`'s answer for these
    arguments, when the caller already has it (the cache is then not checked twice).
    """
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = plan or plan_build(paths, out_dir, pdf, engine, force)
    counter = _Counter(len(plan.letters), progress)
    work = Path(tempfile.mkdtemp(prefix=".saraban-", dir=out_dir))
    try:
        by_file: dict[Path, LetterResult] = {}
        with contextlib.ExitStack() as running:
            if pdf and plan.stale:      # LibreOffice starts while the letters are prepared and rendered
                engine = _start_engine(engine, plan.stale, running)
            production = _Production(plan, work, out_dir, pdf, engine, counter, running)
            batches = _batches(plan)
            prepared_files = {file for batch in batches for file, _ in batch}
            for file in plan.fresh:
                if file not in prepared_files:
                    counter.tick()
            for batch in batches:
                prepared, ready = _prepare_stale(plan, batch, work)
                for result in prepared:
                    by_file[result.file] = result
                    if result.status in ("unchanged", "failed"):
                        counter.tick()
                production.add(ready)
            production.finish()
        results = [by_file.get(file) or unchanged_result(file, root, plan.fresh[file]) for file, root in plan.letters]
        for result in results:
            if report:
                report(result)
        return Summary(results, time.perf_counter() - start)
    finally:
        plan.cache.save()
        shutil.rmtree(work, ignore_errors=True)


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
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)


BATCH = 8


def _batches(plan: Plan) -> list[list[tuple[Path, Path]]]:
    """The letters to prepare, in groups that are rendered and converted while the next group is
    prepared; all at once when a check compares letters (and then with the unchanged ones too,
    so such a check sees every letter)."""
    if any(hasattr(module, "check_letters") for module in all_check_modules()):
        return [plan.letters if plan.fresh and plan.stale else plan.stale]
    return [plan.stale[i:i + BATCH] for i in range(0, len(plan.stale), BATCH)]


def _prepare_stale(plan: Plan, letters: list[tuple[Path, Path]], work: Path):
    """Prepare ``letters``: their results, and those to build (an unchanged letter prepared for
    the checks keeps its outputs, unless a check found an error in it)."""
    prepared, ready = prepare_all(letters, work)
    for result in prepared:
        entry = plan.fresh.get(result.file)
        if entry is not None and result.status != "failed":
            unchanged = unchanged_result(result.file, Path(entry.root), entry)
            result.status, result.outputs, result.pages = "unchanged", unchanged.outputs, unchanged.pages
    return prepared, [(result, resolved) for result, resolved in ready if result.file not in plan.fresh]


def _render(result: LetterResult, resolved: Resolved, work: Path, index: int) -> Path:
    folder = work / "docx"
    folder.mkdir(exist_ok=True)
    docx = folder / f"{index:05d}-{result.relative.name}.docx"     # unique: letters may share a name
    with deps.recording(result.deps, ignore=(work,)):
        render_docx(resolved, docx)
    return docx


class _Production:
    """Renders, converts, finishes and publishes letters as they are handed over: with a running
    engine session, each letter converts while the next ones are rendered."""

    def __init__(self, plan: Plan, work: Path, out_dir: Path, pdf: bool, engine, counter: _Counter,
                 running: contextlib.ExitStack):
        self.plan, self.work, self.out_dir, self.pdf, self.counter, self.running = plan, work, out_dir, pdf, counter, running
        self.engine, self.session = engine if isinstance(engine, tuple) else (engine, None)
        self.engine_deps: dict | None = None
        self.index = 0
        self.pending: dict[Future, tuple] = {}
        self.later: list[tuple[LetterResult, Resolved]] = []    # for an engine without sessions

    def add(self, ready: list[tuple[LetterResult, Resolved]]) -> None:
        if not ready:
            return
        if not self.pdf:
            for result, resolved in ready:
                _publish(result, {"docx": self._render(result, resolved)}, self.out_dir, self.plan)
                self.counter.tick()
            return
        self._start()
        if self.session is None:
            self.later += ready
            return
        for result, resolved in ready:
            files = {"docx": self._render(result, resolved)}
            self.pending[self.session.submit(files["docx"])] = (result, resolved, files)
            self._collect(block=False)

    def finish(self) -> None:
        if self.later:
            _convert_all(self.later, self.work, self.out_dir, self.engine, self.plan, self.engine_deps, self.counter)
        while self.pending:
            self._collect(block=True)

    def _render(self, result: LetterResult, resolved: Resolved) -> Path:
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
            try:
                pdf = future.result()
            except EngineError as exc:
                _conversion_failed(result, exc)
            else:
                _finish(result, resolved, files, pdf, self.out_dir, self.plan, self.engine_deps)
            self.counter.tick()


def _convert_all(ready, work: Path, out_dir: Path, engine: Engine, plan: Plan, engine_deps: dict,
                 counter: _Counter) -> None:
    """An engine without sessions: render every letter, then one call converts them all."""
    rendered = [(result, resolved, {"docx": _render(result, resolved, work, index)})
                for index, (result, resolved) in enumerate(ready)]
    try:
        pdfs = engine.convert([files["docx"] for _, _, files in rendered])
    except EngineError as exc:
        for result, _, _ in rendered:
            _conversion_failed(result, exc)
            counter.tick()
        return
    for (result, resolved, files), pdf in zip(rendered, pdfs):
        _finish(result, resolved, files, pdf, out_dir, plan, engine_deps)
        counter.tick()


def _conversion_failed(result: LetterResult, exc: Exception) -> None:
    result.problems.append(Problem(result.file, None, None, None, f"PDF conversion failed: {exc}"))
    result.status = "failed"


def _finish(result: LetterResult, resolved: Resolved, files: dict[str, Path], pdf: Path, out_dir: Path,
            plan: Plan, engine_deps: dict) -> None:
    try:
        result.pages = finish_pdf(pdf, resolved.metadata, resolved.font, archive_of(resolved))
    except FontFallback as exc:
        result.problems.append(Problem(
            result.file, None, "font", PARTS["font"], f"text fell back to {exc} instead of {resolved.font}",
            f"install {resolved.font}, or put its .ttf files in a `fonts/` folder of the letters tree"))
        result.status = "failed"
        return
    files["pdf"] = pdf
    result.deps.update(engine_deps)
    _publish(result, files, out_dir, plan)


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
        if old not in made:
            Path(old).unlink(missing_ok=True)     # e.g. the PDF of a letter now built with --no-pdf
    result.status = "built"
    plan.cache.record(key, result.file, plan.roots[result.file], result.deps, result.outputs, result.pages,
                      [problem_record(p) for p in result.warnings])


def _same_bytes(new: Path, old: Path) -> bool:
    try:
        if new.stat().st_size != old.stat().st_size:
            return False
        return new.read_bytes() == old.read_bytes()
    except OSError:
        return False
