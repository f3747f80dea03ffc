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
        pdfs = []
        for result in self.convert_each(docx_files):
            if isinstance(result, EngineError):
                raise result
            pdfs.append(result)
        return pdfs

    def convert_each(self, docx_files: list[Path]) -> list[Path | EngineError]:
        """Each letter's PDF, or the error Word met on it alone (Word has no time limit here:
        its automation cannot be stopped from outside)."""
        from docx2pdf import convert  # imported here: only Windows and macOS have it

        results: list[Path | EngineError] = []
        for docx in docx_files:
            pdf = docx.with_suffix(".pdf")
            try:
                convert(str(docx), str(pdf))
            except Exception as exc:  # docx2pdf raises whatever Word's automation raises
                results.append(EngineError(f"Word could not convert {docx.name}: {exc}"))
                continue
            results.append(pdf if pdf.is_file() else EngineError(f"Word produced no PDF for {docx.name}"))
        return results
