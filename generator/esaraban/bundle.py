"""`saraban bundle`: one PDF per letter, the letter followed by its enclosure files.

PDF enclosures are appended page by page; PNG and JPEG images become one page each, fitted to A4
(by Pillow). Bookmarks: หนังสือ, then สิ่งที่ส่งมาด้วย ๑, ๒ … at each enclosure's first page. The
letter's pages are copied as they are, QR codes and signature field included.

PDF/A: the bundle keeps the letter's PDF/A claim only when every enclosure is a PDF that claims
PDF/A itself; otherwise the claim is dropped and the enclosures that are not PDF/A are named (an
image page carries no PDF/A claim of its own, and saraban does not convert other PDFs). The
letter alone stays the archival record.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import OutlineItem

from generator.text import thai

LETTER_BOOKMARK = "หนังสือ"
ENCLOSURE_BOOKMARK = "สิ่งที่ส่งมาด้วย"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
A4_POINTS = (595.28, 841.89)
IMAGE_DPI = 150


class BundleError(Exception):
    """An enclosure cannot be put into the bundle (which, and why)."""


@dataclass
class Bundled:
    pdf: Path
    pages: int
    not_pdfa: list[str] = field(default_factory=list)     # enclosures' file names


def bundle(letter_pdf: Path, enclosures: list[Path], target: Path, digits: str = "thai") -> Bundled:
    """Write ``target``: ``letter_pdf`` then each of ``enclosures``, with bookmarks."""
    not_pdfa = []
    with pikepdf.open(letter_pdf) as doc:
        starts = [0]
        for path in enclosures:
            starts.append(len(doc.pages))
            if path.suffix.lower() == ".pdf":
                if not _append_pdf(doc, path):
                    not_pdfa.append(path.name)
            elif path.suffix.lower() in IMAGE_SUFFIXES:
                _append_image(doc, path)
                not_pdfa.append(path.name)
            else:
                raise BundleError(f"{path.name}: only PDF, PNG and JPEG files can be bundled")
        with doc.open_outline() as outline:
            outline.root.clear()
            outline.root.append(OutlineItem(LETTER_BOOKMARK, 0))
            for number, start in enumerate(starts[1:], start=1):
                outline.root.append(OutlineItem(f"{ENCLOSURE_BOOKMARK} {thai.number(number, digits)}", start))
        if not_pdfa:
            _drop_pdfa_claim(doc)
        pages = len(doc.pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.save(target, deterministic_id=True, compress_streams=True)
    return Bundled(target, pages, not_pdfa)


def _append_pdf(doc: pikepdf.Pdf, path: Path) -> bool:
    """Append ``path``'s pages; whether it claims PDF/A."""
    try:
        with pikepdf.open(path) as other:
            doc.pages.extend(other.pages)
            return other.open_metadata().get("pdfaid:part") is not None
    except pikepdf.PdfError as exc:
        raise BundleError(f"{path.name}: not a readable PDF ({exc})") from None


def _append_image(doc: pikepdf.Pdf, path: Path) -> None:
    """One page holding the image, fitted within A4 at :data:`IMAGE_DPI` or less."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise BundleError(f"{path.name}: not a readable image ({exc})") from None
    width, height = picture.size
    dpi = max(IMAGE_DPI, width / A4_POINTS[0] * 72, height / A4_POINTS[1] * 72)
    buffer = io.BytesIO()
    picture.save(buffer, format="PDF", resolution=dpi)
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as page_pdf:
        doc.pages.extend(page_pdf.pages)


def _drop_pdfa_claim(doc: pikepdf.Pdf) -> None:
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("pdfaid:part", "pdfaid:conformance"):
            if key in meta:
                del meta[key]
