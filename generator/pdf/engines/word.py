"""Microsoft Word through docx2pdf: the PDF exactly as the clerk's Word draws it."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from generator.errors import EngineError


class WordEngine:
    name = "word"

    @staticmethod
    def available() -> bool:
        if sys.platform == "darwin":
            has_word = Path("/Applications/Microsoft Word.app").exists()
        elif sys.platform == "win32":
            has_word = importlib.util.find_spec("win32com") is not None
        else:
            return False
        return has_word and importlib.util.find_spec("docx2pdf") is not None

    def convert(self, docx_files: list[Path]) -> list[Path]:
        from docx2pdf import convert  # imported here: only Windows and macOS have it

        pdfs = []
        for docx in docx_files:
            pdf = docx.with_suffix(".pdf")
            try:
                convert(str(docx), str(pdf))
            except Exception as exc:  # docx2pdf raises whatever Word's automation raises
                raise EngineError(f"Word could not convert {docx.name}: {exc}") from exc
            if not pdf.is_file():
                raise EngineError(f"Word produced no PDF for {docx.name}")
            pdfs.append(pdf)
        return pdfs
