"""The pipeline: load → validate → resolve → render DOCX → convert to PDF → finish.

Every stage is its own module; this one only runs them in order over many letters,
collects each letter's problems, and moves finished files into place. Nothing is
written to the output folder until a letter's DOCX and PDF are both complete.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import ValidationError

from generator import __version__
from generator.engines import Engine, choose_engine
from generator.checks import run_checks
from generator.errors import EngineError, LetterError, Problem
from generator.finish import draft_font, finish_pdf, unexpected_fonts
from generator.fonts import FontError
from generator.kinds import all_kinds
from generator.loader import load_yaml
from generator.profile import PROFILE_NAME, load_agency
from generator.render import render_docx
from generator.resolve import Resolved, Resolver
from generator.schema import PARTS, did_you_mean, validation_problems

LETTER_SUFFIXES = (".yaml", ".yml")
GENERATOR_NAME = f"saraban {__version__}"


@dataclass
class LetterResult:
    """What became of one letter."""

    file: Path
    relative: Path                      # its path below the letters root, without suffix
    status: str = "pending"             # checked | built | failed
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pages: int | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


@dataclass
class Summary:
    results: list[LetterResult]
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return all(r.status != "failed" for r in self.results)


Report = Callable[[LetterResult], None]


# --------------------------------------------------------------------- finding letters

def letters_root(file: Path) -> Path:
    """The top of a letter's tree: the highest folder above it holding an agency.yaml
    (not crossing a git repository's top), else the letter's own folder."""
    root = file.parent.resolve()
    folder = root
    while True:
        if (folder / PROFILE_NAME).is_file():
            root = folder
        if (folder / ".git").exists() or folder.parent == folder:
            return root
        folder = folder.parent


def discover(paths: list[Path]) -> list[tuple[Path, Path]]:
    """Every letter (a YAML file other than agency.yaml) under ``paths``, with its root."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            for file in sorted(path.rglob("*")):
                if (file.suffix in LETTER_SUFFIXES and file.name != PROFILE_NAME and file.is_file()
                        and not any(part.startswith(".") for part in file.relative_to(path).parts)):
                    found.append((file, root))
        else:
            found.append((path, letters_root(path)))
    return found


def relative_name(file: Path, root: Path) -> Path:
    try:
        return file.resolve().relative_to(root).with_suffix("")
    except ValueError:
        return Path(file.stem)


# --------------------------------------------------------------------- one letter

def prepare(file: Path, root: Path, work_dir: Path) -> Resolved:
    """Load, validate and resolve one letter; raise LetterError with every problem found."""
    source = load_yaml(file)
    kinds = all_kinds()
    kind_name = source.data.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kinds:
        known = sorted(kinds)
        if kind_name is None:
            message, hint = "is required but missing", "the first line of a letter is e.g. `kind: external`"
        elif not isinstance(kind_name, str):
            message, hint = f"{kind_name!r} is not a known kind of document", f"write one word: {', '.join(known)}"
        else:
            message = f"`{kind_name}` is not a known kind of document"
            hint = did_you_mean(str(kind_name), known) or f"expected one of: {', '.join(known)}"
        line = source.line_of(("kind",)) if kind_name is not None else 1
        raise LetterError([Problem(file, line, "kind", PARTS["kind"], message, hint)])
    kind = kinds[kind_name]
    try:
        letter = kind.model.model_validate(source.data)
    except ValidationError as exc:
        raise LetterError(validation_problems(exc, source, kind.model)) from None
    agency = load_agency(file, root)
    digits = getattr(letter, "digits", None) or agency.profile.digits
    resolver = Resolver(file, agency, digits, work_dir, source)
    context, metadata = kind.resolve(letter, resolver)
    own_template = agency.templates.get(kind.name)       # an agency's own template (checks/template.py)
    return Resolved(kind=kind.name, template=str(own_template) if own_template else kind.template, context=context,
                    font=getattr(letter, "font", None) or agency.profile.font, digits=digits,
                    metadata=metadata, font_dirs=agency.font_dirs, warnings=resolver.warnings,
                    part_spacing=agency.profile.layout.part_spacing,
                    top_margin_cm=agency.profile.layout.top_margin_cm,
                    file=file, letter=letter, source=source, agency=agency)


# --------------------------------------------------------------------- commands

def prepare_all(letters: list[tuple[Path, Path]], work: Path) -> tuple[list[LetterResult], list[tuple[LetterResult, Resolved]]]:
    """Prepare every letter, then run the checks (one letter, and all letters together).

    Returns every result, and the letters that may be rendered (no errors)."""
    results, prepared = [], []
    for file, root in letters:
        result = LetterResult(file, relative_name(file, root))
        results.append(result)
        try:
            resolved = prepare(file, root, work)
        except LetterError as exc:
            result.problems += exc.problems
            result.status = "failed"
            continue
        result.problems += resolved.warnings
        prepared.append((result, resolved))
    by_file = {result.file: result for result, _ in prepared}
    for problem in run_checks([resolved for _, resolved in prepared]):
        by_file[problem.file].problems.append(problem)
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
          report: Report | None = None) -> Summary:
    """Render every letter under ``paths`` into ``out_dir`` (DOCX, and PDF unless ``pdf`` is False).

    ``engine`` is an engine's name (see :func:`choose_engine`) or an engine object.
    """
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".saraban-", dir=out_dir))
    try:
        results, ready = _render_all(discover(paths), work)
        if pdf and ready:
            _convert_all(ready, work, engine)
        for result, _resolved, files in ready:
            if result.status != "failed":
                _publish(result, files, out_dir)
        for result in results:
            if report:
                report(result)
        return Summary(results, time.perf_counter() - start)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _render_all(letters: list[tuple[Path, Path]], work: Path):
    results, prepared = prepare_all(letters, work)
    ready = []
    for index, (result, resolved) in enumerate(prepared):
        folder = work / "docx" / str(index)
        folder.mkdir(parents=True)
        docx = folder / f"{result.relative.name}.docx"
        render_docx(resolved, docx)
        ready.append((result, resolved, {"docx": docx}))
    return results, ready


def _convert_all(ready, work: Path, engine: str | Engine) -> None:
    if isinstance(engine, str):
        font_dirs = sorted({d for _, resolved, _ in ready for d in resolved.font_dirs})
        engine = choose_engine(engine, font_dirs)
    try:
        pdfs = engine.convert([files["docx"] for _, _, files in ready])
    except EngineError as exc:
        for result, _, _ in ready:
            result.problems.append(Problem(result.file, None, None, None, f"PDF conversion failed: {exc}"))
            result.status = "failed"
        return
    for (result, resolved, files), pdf in zip(ready, pdfs):
        strangers = unexpected_fonts(pdf, resolved.font)
        if strangers:
            result.problems.append(Problem(
                result.file, None, "font", PARTS["font"],
                f"text fell back to {', '.join(sorted(strangers))} instead of {resolved.font}",
                f"install {resolved.font}, or put its .ttf files in a `fonts/` folder of the letters tree"))
            result.status = "failed"
            continue
        try:
            result.pages = finish_pdf(pdf, resolved.metadata, GENERATOR_NAME, draft_font(resolved))
        except FontError as exc:
            result.problems.append(Problem(result.file, None, "font", PARTS["font"], str(exc)))
            result.status = "failed"
            continue
        files["pdf"] = pdf


def _publish(result: LetterResult, files: dict[str, Path], out_dir: Path) -> None:
    target = out_dir / result.relative
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix, path in files.items():
        final = target.with_name(f"{target.name}.{suffix}")
        os.replace(path, final)
        result.outputs.append(final)
    result.status = "built"
