"""Finish: the PDF as the engine left it → the PDF we ship.

Checks that every piece of text is in the letter's font (or its substitute), so a
missing Thai font is an error rather than a silently different letter, and writes
the document information (title, author, language, dates taken from the letter).

The result is reproducible: the same inputs give the same bytes, run after run and in
any folder. LibreOffice's own document ID (a hash of the time and the file's path)
is replaced by one derived from the finished file's content, and the font subsets LibreOffice
names and orders by chance are put in one order (generator/pdf/canonical.py).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pikepdf

from generator import __version__
from generator.letter.schema import DraftDate
from generator.pdf import archival, fonts, signature_field
from generator.pdf.canonical import canonicalise

# The PDF's producer and creator.
GENERATOR_NAME = f"saraban {__version__}"


class FontFallback(Exception):
    """Text of the PDF fell back to other fonts than the letter's (``fonts``, their names)."""

    def __init__(self, fonts_found: set[str]):
        self.fonts = fonts_found
        super().__init__(", ".join(sorted(fonts_found)))


def _allowed(font: str) -> set[str]:
    """``font``, its substitute and, for a TH Sarabun, the other TH Sarabun families."""
    allowed = {font, fonts.SUBSTITUTE_FAMILY}
    if font in fonts.THAI_FAMILIES:
        allowed.update(fonts.THAI_FAMILIES)
    return allowed


def unexpected_fonts(pdf: Path, font: str) -> set[str]:
    """Fonts drawing text in ``pdf`` other than ``font`` and its substitute."""
    return fonts.unexpected_fonts(pdf, _allowed(font))


def _pdf_date(metadata: dict[str, Any]) -> str:
    """SOURCE_DATE_EPOCH when set, else the letter's own date: the same inputs, the same PDF."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    else:
        day = metadata.get("date")
        if isinstance(day, DraftDate):
            day = dt.date(day.year, day.month, 1)
        if not isinstance(day, dt.date):
            day = dt.date(2000, 1, 1)
        moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def finish_pdf(pdf: Path, metadata: dict[str, Any], font: str,
               archive: archival.Archive | None = None) -> int:
    """Check that every piece of text is in ``font`` (or its substitute), write the metadata, the
    archival form (PDF/A, a signature field over each signer's name, the source embedded) and the
    canonical form into ``pdf`` in place, opening it once; return its page count. Text in other
    fonts raises :class:`FontFallback` and leaves the file as it was. (A draft's ร่าง mark is
    already in the PDF: it is drawn in the DOCX's headers, generator/render/draft_mark.py.)"""
    archive = archive or archival.Archive()
    spaces = signature_field.signing_spaces(pdf, metadata.get("signatures", [])) if not archive.draft else []
    stamp = _pdf_date(metadata)
    info = {
        "/Title": str(metadata.get("title", "")),
        "/Author": str(metadata.get("author", "")),
        "/Subject": str(metadata.get("subject", "")),
        "/Creator": GENERATOR_NAME,
        "/Producer": GENERATOR_NAME,
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }

    def describe(doc: pikepdf.Pdf) -> None:
        strangers = fonts.unexpected_fonts(pdf, _allowed(font), used=fonts.fonts_of(doc))
        if strangers:
            raise FontFallback(strangers)         # before anything is saved
        if archive.draft:
            info[archival.DRAFT_KEY] = archive.draft
        doc.trailer.Info = doc.make_indirect(pikepdf.Dictionary(
            {key: pikepdf.String(value) for key, value in info.items() if value}))
        doc.Root.Lang = pikepdf.String("th-TH")
        signature_field.add_fields(doc, spaces)
        archival.make_archival(doc, archive)

    return canonicalise(pdf, describe)
