"""PDF engines behind one interface: ``convert(docx_files) -> pdf_files``.

LibreOffice (headless; Linux, CI, everywhere) and Microsoft Word through docx2pdf
(Windows and macOS with Word installed). Tests use a fake with the same interface.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from generator.errors import SetupError

ENGINE_NAMES = ("auto", "libreoffice", "word")


class Engine(Protocol):
    name: str

    def convert(self, docx_files: list[Path]) -> list[Path]:
        """Convert every DOCX into a PDF beside it (same name, .pdf); return them in order."""
        ...


def choose_engine(name: str = "auto", font_dirs: list[Path] | None = None) -> Engine:
    """The engine asked for; ``auto`` prefers Word where docx2pdf can drive it."""
    from generator.engines.libreoffice import LibreOfficeEngine
    from generator.engines.word import WordEngine

    if name not in ENGINE_NAMES:
        raise SetupError(f"unknown engine {name!r}; expected one of {', '.join(ENGINE_NAMES)}")
    if name == "word" or (name == "auto" and WordEngine.available()):
        if not WordEngine.available():
            raise SetupError("the word engine needs Microsoft Word and `pip install docx2pdf` "
                             "(Windows or macOS); use --engine libreoffice")
        return WordEngine()
    return LibreOfficeEngine(font_dirs=font_dirs or [])
