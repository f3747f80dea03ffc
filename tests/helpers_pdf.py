"""Measurements shared by the PDF tests of every kind (external letter, memo, stamped letter,
certificate, order, announcement, regulation, by-law, minutes).

Positions are points from the top-left corner; the layout is ../shared/reference/standard.md's.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from generator.pdf import fonts
from tests.conftest import CM, Line, find

PAGE_W, PAGE_H = 21 * CM, 29.7 * CM
LEFT = 3 * CM                      # left margin
RIGHT = PAGE_W - 2 * CM            # right margin's edge
TEXT_CENTRE = (LEFT + RIGHT) / 2
DATE_X = LEFT + 8 * CM             # the date's column (under the emblem's tail)
SIGNATURE_CENTRE = (LEFT + 3 * CM + RIGHT) / 2
BODY_INDENT = 2.5 * CM
TOL = 2.5                          # points
RED = 0xFF0000
TITLE_SIZE = 16
SIZE = 16                          # the body's size
# The marks' sizes are written here, not read from generator/render/builders/kit.py: a test that
# took the kit's constant would follow a wrong change to it.
URGENCY_SIZE = 32                  # ด่วน …: red, bold, "not smaller than 32 pt"; the kit's is 32
SECRECY_SIZE = 20                  # ลับ …: red, bold, top and bottom of every page
HEADER_TOP = 0.6 * CM              # the header's top edge (and the footer's foot) from the paper's edge
# A line of TH SarabunPSK (or its substitute) as LibreOffice sets it: 1.13 × the size high, the
# baseline 0.88 × the size below the line's top (so 0.25 × the size above its foot).
LINE = 1.13
ASCENT = 0.88
DESCENT = LINE - ASCENT
SENDER_X = LEFT + (16 + 3.2) / 2 * CM   # the sender's column: right of the emblem's 3.2 cm column
ARABIC_DIGIT = re.compile(r"[0-9]")
PAGE_NUMBER = re.compile(r"-\s*\S+\s*-")


def images(pdf: Path, page: int = 1) -> list[tuple[float, float, float, float]]:
    """The bounding boxes of the pictures on ``page``, top first."""
    with pymupdf.open(str(pdf)) as doc:
        boxes = [tuple(info["bbox"]) for info in doc[page - 1].get_image_info()]
    return sorted(boxes, key=lambda box: box[1])


def assert_emblem_top_centre(pdf: Path) -> tuple[float, float, float, float]:
    """Garuda paper: the emblem 3 cm high, 1.5 cm from the top edge, centred on the text area."""
    x0, y0, x1, y1 = images(pdf)[0]
    assert y1 - y0 == pytest.approx(3 * CM, abs=1)
    assert y0 == pytest.approx(1.5 * CM, abs=TOL)
    assert (x0 + x1) / 2 == pytest.approx(TEXT_CENTRE, abs=TOL)
    return x0, y0, x1, y1


def assert_number_at_emblem_foot(pdf: Path, lines: list[Line], number_line: str):
    """Garuda paper's top block: the emblem as :func:`assert_emblem_top_centre`, and ``ที่ …``
    (exactly ``number_line``) flush left, its baseline level with the emblem's foot.
    Returns the emblem's box and the number's line."""
    emblem = assert_emblem_top_centre(pdf)
    number = find(lines, number_line)
    assert number.text == number_line
    assert number.x0 == pytest.approx(LEFT, abs=TOL)
    assert number.baseline == pytest.approx(emblem[3] - DESCENT * SIZE, abs=TOL)   # its line's foot at the emblem's
    return emblem, number


def assert_centred(*lines: Line) -> None:
    for line in lines:
        assert line.centre == pytest.approx(TEXT_CENTRE, abs=TOL), f"{line.text!r} is not centred"


def assert_title(lines: list[Line], expected: list[str]) -> list[Line]:
    """The title lines, exactly as expected, one under the other, centred, bold, TITLE_SIZE."""
    found = [find(lines, text, page=1) for text in expected]
    assert [line.text for line in found] == expected
    baselines = [line.baseline for line in found]
    assert baselines == sorted(baselines)
    for line in found:
        assert line.size == pytest.approx(TITLE_SIZE, abs=0.1)
        assert "Bold" in line.font, f"{line.text!r} is not bold"
    assert_centred(*found)
    return found


def in_order(*lines: Line) -> bool:
    keys = [(line.page, line.baseline) for line in lines]
    return keys == sorted(keys) and len(set(keys)) == len(keys)


def title_rules(pdf: Path, page: int = 1) -> list[tuple[float, float, float]]:
    """Horizontal lines drawn on ``page`` as (x0, x1, y), each once (LibreOffice may draw a
    border twice)."""
    rules = []
    with pymupdf.open(str(pdf)) as doc:
        for drawing in doc[page - 1].get_drawings():
            for item in drawing["items"]:
                if item[0] == "l" and abs(item[1].y - item[2].y) < 0.5:
                    rules.append((min(item[1].x, item[2].x), max(item[1].x, item[2].x), item[1].y))
                elif item[0] == "re" and item[1].height < 1.5:
                    rules.append((item[1].x0, item[1].x1, item[1].y0))
    return sorted({tuple(round(v, 1) for v in rule) for rule in rules}, key=lambda r: (r[2], r[0]))


def assert_rule_under(pdf: Path, above: Line, below: Line, length_cm: float = 4.0) -> None:
    """The short centred rule between the title (``above``) and what follows it (``below``)."""
    rules = [r for r in title_rules(pdf) if above.baseline < r[2] < below.top]
    assert len(rules) == 1, rules
    x0, x1, _ = rules[0]
    assert x1 - x0 == pytest.approx(length_cm * CM, abs=TOL)
    assert (x0 + x1) / 2 == pytest.approx(TEXT_CENTRE, abs=TOL)


def assert_signature_gap(above: Line, name: Line, blank_lines: int = 3) -> None:
    """``blank_lines`` blank lines (three to sign in) between ``above`` and the (name)."""
    assert name.baseline - above.baseline == pytest.approx((blank_lines + 1) * LINE * name.size, abs=TOL)


def assert_urgency(urgency: Line) -> None:
    """The urgency mark: red, bold, URGENCY_SIZE."""
    assert urgency.color == RED and "Bold" in urgency.font, urgency
    assert urgency.size == pytest.approx(URGENCY_SIZE, abs=0.1)


def assert_secrecy_marks(pdf: Path, lines: list[Line], mark: str) -> None:
    """``mark`` red, bold, SECRECY_SIZE, centred at the top (the header's first line) and at the
    foot (the footer's last line) of every page, and nowhere else."""
    with pymupdf.open(str(pdf)) as doc:
        pages = doc.page_count
    assert {l.page for l in lines if l.text == mark} == set(range(1, pages + 1))
    for page in range(1, pages + 1):
        marks = [l for l in lines if l.page == page and l.text == mark]
        assert len(marks) == 2, f"page {page}: {marks}"
        top, bottom = sorted(marks, key=lambda l: l.baseline)
        assert top.baseline == pytest.approx(HEADER_TOP + ASCENT * SECRECY_SIZE, abs=TOL)
        assert bottom.baseline == pytest.approx(PAGE_H - HEADER_TOP - DESCENT * SECRECY_SIZE, abs=TOL)
        for line in marks:
            assert line.color == RED and "Bold" in line.font, line
            assert line.size == pytest.approx(SECRECY_SIZE, abs=0.1)
            assert line.centre == pytest.approx(TEXT_CENTRE, abs=TOL)


def assert_thai_digits_only(lines: list[Line], keep: tuple[str, ...] = ()) -> None:
    """No Arabic digit outside the texts of ``keep`` (URLs …); page numbers included."""
    for line in lines:
        text = line.text
        for kept in keep:
            text = text.replace(kept, "")
        assert not ARABIC_DIGIT.search(text), line.text


def assert_thai_font_embedded(pdf: Path) -> None:
    assert fonts.unexpected_fonts(pdf, {fonts.SUBSTITUTE_FAMILY, "TH SarabunPSK"}) == set()
    with pymupdf.open(str(pdf)) as doc:
        for number in range(doc.page_count):
            for _xref, ext, _type, name, *_ in doc.get_page_fonts(number):
                assert ext != "n/a", f"{name} is not embedded"


def assert_a4(pdf: Path) -> int:
    with pymupdf.open(str(pdf)) as doc:
        for page in doc:
            assert page.rect.width == pytest.approx(PAGE_W, abs=1)
            assert page.rect.height == pytest.approx(PAGE_H, abs=1)
        return doc.page_count


PAGE_NUMBER_BASELINE = 3 * CM      # the typing guide: about 3 cm from the top edge (layout: page_number_cm)
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"


def assert_page_numbers(pdf: Path, lines: list[Line], thai: bool = True,
                        baseline: float = PAGE_NUMBER_BASELINE) -> None:
    """``- ๒ -`` (``- 2 -`` with Arabic digits) centred at the top of page 2 and on, its baseline
    ``baseline`` below the top edge, with or without a secrecy mark above it; none on page 1. The
    text layer reads the digit printed: the glyph drawn is the one a typed ๒ uses, and the text
    says ๒ too. Page 2's body starts a blank line under the number."""
    with pymupdf.open(str(pdf)) as doc:
        pages = doc.page_count
        assert pages >= 2
        assert not [l for l in lines if l.page == 1 and PAGE_NUMBER.fullmatch(l.text)]
        for page in range(2, pages + 1):
            number = next(l for l in lines if l.page == page and PAGE_NUMBER.fullmatch(l.text))
            digits = "".join(THAI_DIGITS[int(d)] for d in str(page)) if thai else str(page)
            assert number.text.replace(" ", "") == f"-{digits}-"
            assert number.centre == pytest.approx(TEXT_CENTRE, abs=TOL)
            assert number.baseline == pytest.approx(baseline, abs=TOL)
            assert number.size == pytest.approx(SIZE, abs=0.1)
            below = [l for l in lines if l.page == page and l.baseline > number.baseline and l.color == 0
                     and l.size == pytest.approx(SIZE, abs=0.1)]                # not a mark
            assert below[0].top - number.bottom >= LINE * SIZE - TOL   # a blank line, no collision
        if thai:
            field = [(span["font"], char[1]) for span in doc[1].get_texttrace() for char in span["chars"]
                     if chr(char[0]) == "๒" and char[2][1] < baseline + 1]
            typed = {(span["font"], char[1]) for page in doc for span in page.get_texttrace()
                     for char in span["chars"] if chr(char[0]) == "๒" and char[2][1] > baseline + 1}
            assert len(field) == 1 and field[0] in typed


def body_lines(lines: list[Line], first: Line, last: Line) -> list[Line]:
    """The lines from ``first`` to ``last`` inclusive."""
    start, end = (first.page, first.baseline), (last.page, last.baseline)
    return [l for l in lines if start <= (l.page, l.baseline) <= end]


def assert_garuda_document(pdf: Path, lines: list[Line], title: list[str], first_body: str,
                           date_phrase: str, signature: list[str]) -> None:
    """What every order, announcement, regulation and by-law shows: one A4 page here, the
    emblem, the centred bold title and its rule, the body at the paragraph indent, the date
    phrase and the signature centred with room to sign, Thai digits, the Thai font embedded."""
    assert assert_a4(pdf) == 1
    emblem = assert_emblem_top_centre(pdf)
    heading = assert_title(lines, title)
    assert heading[0].baseline == pytest.approx(emblem[3] + ASCENT * TITLE_SIZE, abs=TOL)   # right under the emblem
    body = find(lines, first_body)
    assert body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    assert_rule_under(pdf, heading[-1], body)
    date = find(lines, date_phrase.split(" ณ ")[0] + " ณ วันที่")
    assert date.text == date_phrase
    signed = [find(lines, text, page=date.page) for text in signature]
    assert in_order(*heading, body, date, *signed)
    assert_centred(date, *signed)
    assert_signature_gap(date, signed[0])
    assert_thai_font_embedded(pdf)


def assert_clauses(lines: list[Line], count: int) -> list[Line]:
    """ข้อ ๑ … ข้อ N in order, each starting at the paragraph indent."""
    clauses = [find(lines, f"ข้อ {'๐๑๒๓๔๕๖๗๘๙'[n]} ") for n in range(1, count + 1)]
    assert in_order(*clauses)
    for clause in clauses:
        assert clause.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL), clause.text
    assert not [l for l in lines if l.text.startswith(f"ข้อ {'๐๑๒๓๔๕๖๗๘๙'[count + 1]} ")]
    return clauses


def chars(pdf: Path, page: int) -> list[tuple[str, float, float, float, str]]:
    """Every character of ``page`` as (char, x0, x1, baseline, font): table cells that
    PyMuPDF joins into one line (๑๐ and the name beside it) come apart again by position."""
    out = []
    with pymupdf.open(str(pdf)) as doc:
        for block in doc[page - 1].get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    for char in span["chars"]:
                        out.append((char["c"], char["bbox"][0], char["bbox"][2], char["origin"][1], span["font"]))
    return out


def column_texts(pdf: Path, page: int, x0: float, x1: float, top: float, bottom: float) -> list[tuple[float, str, float, float]]:
    """The text of each row between ``top`` and ``bottom`` whose characters' centres fall in
    ``x0``–``x1``: (baseline, text, left, right), top to bottom."""
    rows: dict[float, list] = {}
    for char, left, right, baseline, _font in chars(pdf, page):
        if x0 <= (left + right) / 2 <= x1 and top < baseline < bottom:
            # Raised marks (the thanthakhat of ศักดิ์) sit a little above their line's baseline.
            row = next((key for key in rows if abs(key - baseline) < 2), round(baseline, 1))
            rows.setdefault(row, []).append((left, right, char))
    out = []
    for baseline in sorted(rows):
        cells = rows[baseline]                 # in the text's order: Thai marks share an x
        text = "".join(c for _, _, c in cells).replace("\u00a0", " ").strip()
        out.append((baseline, text, min(c[0] for c in cells), max(c[1] for c in cells)))
    return out


def assert_thai_font_in_every_slot(docx: Path) -> None:
    """The clerk's DOCX: every font named in the document and its styles is the Thai font in all
    four slots; every run with text has it, both sizes and th-TH."""
    with zipfile.ZipFile(docx) as archive:
        document = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
    for xml in (document, styles):
        for fonts_tag in re.findall(r"<w:rFonts [^>]*>", xml):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                assert f'w:{slot}="TH SarabunPSK"' in fonts_tag, fonts_tag
    for run in re.findall(r"<w:r>.*?</w:r>|<w:r [^>]*>.*?</w:r>", document, re.S):
        if re.search(r"<w:t[^>]*>[^<]+</w:t>", run):
            assert "<w:rFonts " in run and '<w:sz w:val="' in run and '<w:szCs w:val="' in run, run[:300]
            assert 'w:bidi="th-TH"' in run, run[:300]


@dataclass(frozen=True)
class SealInk:
    """Where the red ink of a stamped letter's seal is, measured on the rendered page."""

    box: pymupdf.Rect                 # the seal picture's box, in points
    ring_cover: dict[float, float]    # radius (mm) → share of the circle's angles inked there
    band_below: int                   # inked pixels in the band between the rings, lower half
    band_above: int                   # … upper half (the name runs along the lower edge only)
    inside: int                       # inked pixels well inside the inner circle (the Garuda)


SEAL_MM = 45.0
SEAL_DPI = 300


def seal_ink(pdf: Path, page: int = 1) -> SealInk:
    """The seal's picture on ``page`` (the image 4.5 cm across) and its red ink by radius."""
    import numpy as np

    with pymupdf.open(str(pdf)) as doc:
        boxes = [pymupdf.Rect(i["bbox"]) for i in doc[page - 1].get_image_info()]
        box = next(b for b in boxes if abs(b.width - SEAL_MM / 25.4 * 72) < 3)
        pixmap = doc[page - 1].get_pixmap(dpi=SEAL_DPI, clip=box)
    rgb = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width, pixmap.n)[..., :3].astype(int)
    red = (rgb[..., 0] > 150) & (rgb[..., 0] - rgb[..., 1] > 60) & (rgb[..., 0] - rgb[..., 2] > 60)
    mm = 25.4 / SEAL_DPI
    ys, xs = np.nonzero(red)
    cy, cx = (pixmap.height - 1) / 2, (pixmap.width - 1) / 2
    radius, angle = np.hypot(xs - cx, ys - cy) * mm, np.degrees(np.arctan2(ys - cy, xs - cx)) % 360
    cover = {}
    for ring in (22.2, 17.5):
        at = np.abs(radius - ring) < 0.4
        cover[ring] = len(np.unique(np.round(angle[at]).astype(int) % 360)) / 360
    band = (radius > 18.2) & (radius < 21.7)
    return SealInk(box, cover, int((band & (ys > cy)).sum()), int((band & (ys < cy)).sum()),
                   int((radius < 15).sum()))
