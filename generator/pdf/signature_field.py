"""An empty signature field over each signer's signing space, for e-saraban systems and `saraban sign`.

The signing space is the gap between the line above the signer's ``(name)`` line (the closing,
or the last body line) and the name itself. The field is centred on the name, as wide as the
name with room to spare and no narrower than :data:`MIN_WIDTH`, and fills the gap less a small
margin. Fields are named ``signature``, ``signature-2`` … in the order of the kind's signers. The
positions come from the PDF's own text (PDFium), so they follow whatever the template does.
A widget annotation with the print flag and an (empty) appearance keeps the file PDF/A. The
field's description (/TU) holds the signature's lines as printed, ``(name)`` and position, which
`saraban sign` writes into the signed appearance.
"""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

FIELD_NAME = "signature"
MIN_WIDTH = 170.0        # points, about 6 cm: room for a drawn signature or a signing stamp
SIDE_ROOM = 24.0         # points either side of the name
MARGIN = 3.0             # points kept clear below the line above and above the name
MAX_HEIGHT = 90.0        # points: a name at the top of a page has the header above it
PRINT_FLAG = 4
# Draws nothing; not empty, as qpdf would give an empty stream a filter and no data to decode.
EMPTY_APPEARANCE = b"q Q\n"


@dataclass(frozen=True)
class SigningSpace:
    name: str                # the field's name
    signer: tuple[str, ...]  # the printed lines: (name), position …
    page: int                # 0-based
    rect: tuple[float, float, float, float]   # left, bottom, right, top in points


def field_name(index: int) -> str:
    """``signature`` for the first signer, ``signature-2`` … for the others."""
    return FIELD_NAME if index == 0 else f"{FIELD_NAME}-{index + 1}"


def signing_spaces(pdf: Path, signatures: list[list[str]]) -> list[SigningSpace]:
    """Where each signature (its lines: ``(name)``, position …) is signed, found by its name line
    in ``pdf``'s text in order (a name printed twice is found twice); a name not found gets no field."""
    if not signatures:
        return []
    import pypdfium2 as pdfium  # imported here: only a letter with a signer needs it

    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = [_PageText(document, index) for index in range(len(document))]
        width = document[0].get_width() if len(document) else 0
        spaces, start = [], (0, 0)
        for index, lines in enumerate(signatures):
            found = _find(pages, lines[0], start)
            if found is None:
                continue
            page, char_range, box = found
            start = (page, char_range[1])
            rect = _space_above(pages[page], box, width)
            if rect:
                spaces.append(SigningSpace(field_name(index), tuple(lines), page, rect))
        return spaces
    finally:
        document.close()


def _key(text: str) -> str:
    """``text`` without spaces and combining marks: PDFium may give a Thai mark after the
    character that follows it (``สวัสดิ)์``)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Mn")


class _PageText:
    """A page's text as :func:`_key` makes it, and (asked for: only the pages a name is on) each
    of its characters' boxes."""

    def __init__(self, document, index: int):
        self.text_page = document[index].get_textpage()
        count = self.text_page.count_chars()
        text = self.text_page.get_text_range(0, count)
        self.kept = [i for i in range(min(count, len(text))) if _kept_char(text[i])]
        self.text = "".join(text[i] for i in self.kept)
        self._boxes: list | None = None

    @property
    def boxes(self) -> list[tuple[float, float, float, float]]:
        """PDFium's tight box of each character, as ``get_charbox`` gives it (called directly:
        a tenth of the time a character)."""
        if self._boxes is None:
            import ctypes

            import pypdfium2
            import pypdfium2.raw as pdfium_c

            left, bottom, right, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
            char_box, raw, boxes = pdfium_c.FPDFText_GetCharBox, self.text_page.raw, []
            for i in self.kept:
                if not char_box(raw, i, left, right, bottom, top):          # PDFium's order: l, r, b, t
                    raise pypdfium2.PdfiumError("Failed to get charbox.")
                boxes.append((left.value, bottom.value, right.value, top.value))
            self._boxes = boxes
        return self._boxes


_KEPT_CHARS: dict[str, bool] = {}


def _kept_char(char: str) -> bool:
    """Whether :func:`_key` keeps ``char`` (no space, no combining mark)."""
    kept = _KEPT_CHARS.get(char)
    if kept is None:
        kept = _KEPT_CHARS[char] = bool(_key(char))
    return kept


def _find(pages, line: str, start: tuple[int, int]):
    """The first occurrence of ``line`` from ``start`` on: page, (first, end) and its box."""
    wanted = _key(line)
    for page in range(start[0], len(pages)):
        text = pages[page].text
        at = text.find(wanted, start[1] if page == start[0] else 0) if wanted else -1
        if at < 0:
            continue
        chars = pages[page].boxes[at:at + len(wanted)]
        box = (min(b[0] for b in chars), min(b[1] for b in chars), max(b[2] for b in chars), max(b[3] for b in chars))
        return page, (at, at + len(wanted)), box
    return None


def _space_above(page, name_box, page_width: float):
    """The field's rectangle between the name's top and the nearest text line above it, or None
    when there is no room."""
    left, _bottom, right, top = name_box
    centre = (left + right) / 2
    half = max(MIN_WIDTH, right - left + 2 * SIDE_ROOM) / 2
    half = min(half, centre, page_width - centre) if page_width else half
    field_left, field_right = centre - half, centre + half
    above = [b[1] for b in page.boxes if b[1] > top + 1]
    ceiling = min(min(above), top + MAX_HEIGHT) if above else top + MAX_HEIGHT
    if ceiling - top - 2 * MARGIN < 12:
        return None
    return (round(field_left, 2), round(top + MARGIN, 2), round(field_right, 2), round(ceiling - MARGIN, 2))


def _sorted(**entries) -> Dictionary:
    return Dictionary({f"/{key}": entries[key] for key in sorted(entries)})


def add_fields(doc: pikepdf.Pdf, spaces: list[SigningSpace]) -> None:
    """Empty signature fields (merged field and widget) at ``spaces``, in the document's AcroForm."""
    if not spaces:
        return
    fields = []
    for space in spaces:
        page = doc.pages[space.page]
        left, bottom, right, top = space.rect
        # Keys in name order and the stream already compressed: as qpdf writes what it reads back,
        # so canonicalising a finished file again gives the same bytes.
        appearance = pikepdf.Stream(doc, zlib.compress(EMPTY_APPEARANCE, 9), _sorted(
            BBox=Array([0, 0, round(right - left, 2), round(top - bottom, 2)]), Filter=Name.FlateDecode,
            Subtype=Name.Form, Type=Name.XObject))
        widget = doc.make_indirect(_sorted(
            Type=Name.Annot, Subtype=Name.Widget, FT=Name.Sig, T=pikepdf.String(space.name),
            TU=pikepdf.String("\n".join(space.signer)),
            Rect=Array(list(space.rect)), F=PRINT_FLAG, P=page.obj, AP=Dictionary(N=appearance)))
        if "/Annots" not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(widget)
        fields.append(widget)
    doc.Root.AcroForm = Dictionary(Fields=Array(fields))
