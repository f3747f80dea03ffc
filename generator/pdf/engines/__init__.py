"""PDF engines behind one interface: ``convert(docx_files) -> pdf_files``.

* ``libreoffice``: LibreOffice kept running for the whole build, one worker per core, through
  UNO (:mod:`generator.pdf.engines.warm`); falls back to the one-shot engine where the UNO
  bindings are missing.
* ``libreoffice-oneshot``: ``soffice --convert-to pdf``, started afresh for each build
  (:mod:`generator.pdf.engines.libreoffice`).
* ``word``: Microsoft Word through docx2pdf (Windows and macOS with Word installed).

An engine may also offer ``session(letters)``: a context manager whose ``submit(docx)``
returns a future, so the build converts letters while it renders the next ones, and
``dependencies()``: files its PDFs depend on (for the build cache). Tests use a fake with
only ``convert``.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Protocol

from generator.errors import EngineError, SetupError

ENGINE_NAMES = ("auto", "libreoffice", "libreoffice-oneshot", "word")


class Engine(Protocol):
    name: str

    def convert(self, docx_files: list[Path]) -> list[Path]:
        """Convert every DOCX into a PDF beside it (same name, .pdf); return them in order."""
        ...


def engine_family(engine: "str | Engine") -> str:
    """Which program draws the PDFs (both LibreOffice engines draw the same ones): part of
    the build cache's settings, decided without starting anything."""
    name = engine if isinstance(engine, str) else engine.name
    if name == "auto":
        from generator.pdf.engines.word import WordEngine
        name = "word" if WordEngine.available() else "libreoffice"
    return "libreoffice" if name.startswith("libreoffice") else name


def choose_engine(name: str = "auto", font_dirs: list[Path] | None = None) -> Engine:
    """The engine asked for; ``auto`` prefers Word where docx2pdf can drive it."""
    from generator.pdf.engines.libreoffice import LibreOfficeEngine
    from generator.pdf.engines.warm import WarmLibreOfficeEngine
    from generator.pdf.engines.word import WordEngine

    if name not in ENGINE_NAMES:
        raise SetupError(f"unknown engine {name!r}; expected one of {', '.join(ENGINE_NAMES)}")
    if name == "word" or (name == "auto" and WordEngine.available()):
        if not WordEngine.available():
            raise SetupError("the word engine needs Microsoft Word and `pip install docx2pdf` "
                             "(Windows or macOS); use --engine libreoffice")
        return WordEngine()
    if name != "libreoffice-oneshot" and WarmLibreOfficeEngine.available():
        return WarmLibreOfficeEngine(font_dirs=font_dirs or [])
    return LibreOfficeEngine(font_dirs=font_dirs or [])


def start_session(engine: "str | Engine", font_dirs: list[Path], letters: int,
                  running: contextlib.ExitStack) -> "tuple[Engine, Any] | None":
    """The engine (chosen when a name) and a running session of it for about ``letters``
    conversions, entered on ``running``; None when it has no sessions or does not start (the
    conversion then reports the problem, letter by letter)."""
    try:
        if isinstance(engine, str):
            engine = choose_engine(engine, font_dirs)
        if hasattr(engine, "session"):
            return engine, running.enter_context(engine.session(letters))
    except (SetupError, EngineError):
        pass
    return None
