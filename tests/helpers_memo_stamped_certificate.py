"""Measurements shared by the PDF tests of the memo, the stamped letter and the certificate."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pymupdf

from generator import fonts
from tests.conftest import CM, Line

PAGE_W, PAGE_H = 21 * CM, 29.7 * CM
LEFT = 3 * CM                      # left margin
RIGHT = PAGE_W - 2 * CM            # right margin's edge (595.3 − 2 cm)
TEXT_CENTRE = (LEFT + RIGHT) / 2
DATE_X = LEFT + 8 * CM             # the date's column
SIGNATURE_CENTRE = (LEFT + 3 * CM + RIGHT) / 2
BODY_INDENT = 2.5 * CM
TOL = 2.5                          # points
RED = 0xFF0000
PAGE_NUMBER = re.compile(r"-\s*\S\s*-")


def images(pdf: Path, page: int = 1) -> list[tuple[float, float, float, float]]:
    """The bounding boxes of the pictures on ``page``, top first."""
    with pymupdf.open(str(pdf)) as doc:
        boxes = [tuple(info["bbox"]) for info in doc[page - 1].get_image_info()]
    return sorted(boxes, key=lambda box: box[1])


def in_order(*lines: Line) -> bool:
    return [(l.page, l.baseline) for l in lines] == sorted((l.page, l.baseline) for l in lines)


def assert_only_thai_font_embedded(pdf: Path) -> None:
    assert fonts.unexpected_fonts(pdf, {fonts.SUBSTITUTE_FAMILY, "TH SarabunPSK"}) == set()
    with pymupdf.open(str(pdf)) as doc:
        for number in range(doc.page_count):
            for _xref, ext, _type, name, *_ in doc.get_page_fonts(number):
                assert ext != "n/a", f"{name} is not embedded"


def assert_no_arabic_digits(lines: list[Line]) -> None:
    """Thai digits everywhere but URLs, e-mail and the page-number field (checked by glyph)."""
    for line in lines:
        if re.search("[0-9]", line.text) and not PAGE_NUMBER.fullmatch(line.text):
            assert "http" in line.text or "@" in line.text, line.text


def assert_thai_page_number_from_page_two(pdf: Path, lines: list[Line]) -> None:
    """No number on page 1; ``- ๒ -`` centred at the top of page 2, drawn with the glyph of ๒."""
    assert not [l for l in lines if l.page == 1 and PAGE_NUMBER.fullmatch(l.text)]
    number = next(l for l in lines if l.page == 2 and PAGE_NUMBER.fullmatch(l.text))
    assert abs(number.centre - TEXT_CENTRE) <= TOL
    assert number.baseline < 2.5 * CM
    with pymupdf.open(str(pdf)) as doc:
        field = [(span["font"], char[1]) for span in doc[1].get_texttrace() for char in span["chars"]
                 if chr(char[0]) in "2๒" and char[2][1] < 2.5 * CM]
        typed = {(span["font"], char[1]) for page in doc for span in page.get_texttrace()
                 for char in span["chars"] if chr(char[0]) == "๒" and char[2][1] > 2.5 * CM}
    assert len(field) == 1 and field[0] in typed


def red_drawing_box(pdf: Path, page: int = 1) -> pymupdf.Rect | None:
    """The union of the red lines drawn on ``page`` (the stamped letter's seal)."""
    with pymupdf.open(str(pdf)) as doc:
        rects = [d["rect"] for d in doc[page - 1].get_drawings()
                 if d.get("color") and tuple(round(c, 2) for c in d["color"]) == (1.0, 0.0, 0.0)]
    if not rects:
        return None
    return pymupdf.Rect(min(r.x0 for r in rects), min(r.y0 for r in rects),
                        max(r.x1 for r in rects), max(r.y1 for r in rects))


def assert_thai_font_in_every_slot(docx: Path) -> None:
    """The clerk's DOCX: every run names the Thai font in all four slots, both sizes and th-TH."""
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode()
    for fonts_tag in re.findall(r"<w:rFonts [^>]*>", document):
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert f'w:{slot}="TH SarabunPSK"' in fonts_tag, fonts_tag
    for run in re.findall(r"<w:r>.*?</w:r>|<w:r [^>]*>.*?</w:r>", document, re.S):
        if re.search(r"<w:t[^>]*>[^<]+</w:t>", run):
            assert "<w:rFonts " in run and '<w:szCs w:val="' in run and 'w:bidi="th-TH"' in run, run[:300]
