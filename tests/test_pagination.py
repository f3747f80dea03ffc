"""Pagination (issue 12): for every kind, letters whose body grows a line at a time through two
page breaks, all built in one batch, and on every PDF:

- the sign-off (closing, signature, seal, date phrase, minutes' closing time) has at least the
  body's last two lines above it on its page, and nothing after it starts a page of its own;
- a paragraph split across two pages leaves at least two lines on each.

Then the same with the real TH SarabunPSK (skipped where ../shared/fonts is absent), the keep
properties in the DOCX (a clerk editing in Word keeps the rules), and the page numbers: the text
layer reads the digit printed, 3 cm below the top edge, ``layout: page_number_cm`` moves it.

The lengths step one UNIT (a little under a line) at a time over windows measured once on the
substitute font: each window starts with the letter on N pages and ends with the body's last
lines well onto page N + 1; ``test_the_lengths_step_through_two_page_breaks`` fails if a layout
change moves a break out of its window (then widen the window).
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pymupdf
import pytest

from generator.build.pipeline import build
from generator.text.linebreak import INSERTED
from tests.conftest import CM, LETTERS, REAL_FONTS, needs_soffice, pdf_lines
from tests.helpers_pdf import assert_page_numbers
from tests.pagination_cases import KINDS, read_pagination, rule_problems, write_letters

# Body lengths in UNITs, per kind: around the break from one page to two, and from two to three.
WINDOWS = {
    "external": [*range(15, 23), *range(51, 59)],
    "stamped": [*range(11, 20), *range(43, 55)],         # the seal is 4.5 cm high (ข้อ 72)
    "memo": [*range(23, 31), *range(59, 67)],
    "certificate": [*range(25, 33), *range(61, 69)],
    "order": [*range(23, 31), *range(59, 67)],
    "announcement": [*range(24, 32), *range(61, 69)],
    "regulation": [*range(23, 31), *range(59, 67)],
    "bylaw": [*range(23, 31), *range(59, 67)],
    "minutes": [*range(5, 15), *range(46, 54)],
}
# The 6 pt convention (layout: part_spacing: 6pt): the blank lines kept in the chain are
# exactly 6 pt high, which LibreOffice handles differently (generator/pdf/engines/libreoffice.py).
SIX_PT_WINDOWS = {"external": [*range(15, 29, 2)], "memo": [*range(23, 37, 2)], "minutes": [*range(5, 19, 2)]}
# The real font's run (its metrics are the substitute's, tests/test_real_font.py): every third length.
REAL_WINDOWS = {kind: lengths[::3] for kind, lengths in WINDOWS.items()}

LONG = "การดำเนินงาน ตามแผนงาน ของหน่วยงาน ในพื้นที่ ได้รับความร่วมมือ จากส่วนราชการ " * 120
PAGE_NUMBER_LETTERS = {
    # Arabic digits: the number prints and reads 2.
    "numbers/arabic.yaml": f"kind: external\nnumber: 901\ndate: 2025-01-15\ndigits: arabic\nsubject: ทดสอบ\n"
                           f"to: ผู้ทดสอบ\nsigner: district-chief\nbody: {LONG}\n",
    # Under a secrecy mark, and in a draft (the ร่าง mark is in the header too).
    "numbers/secret.yaml": f"kind: memo\nnumber: 902\ndate: 2025-01-15\nsecrecy: ลับมาก\nsubject: ทดสอบ\n"
                           f"to: นายอำเภอบ้านลาด\nsigner: district-chief\nbody: {LONG}\n",
    "numbers/draft.yaml": f"kind: external\nnumber: auto\ndate: 2025-01\nsubject: ทดสอบ\n"
                          f"to: ผู้ทดสอบ\nsigner: district-chief\nbody: {LONG}\n",
    # The profile moves the number.
    "numbers/moved/agency.yaml": "layout:\n  page_number_cm: 2.5\n",
    "numbers/moved/letter.yaml": f"kind: order\nnumber: 900\ndate: 2025-01-15\nsubject: ทดสอบ\n"
                                 f"signer: district-chief\nbody: {LONG}\n",
}

pytestmark = needs_soffice


def _sweep(root: Path, lengths: dict[str, list[int]], fonts: Path | None = None, extra: dict | None = None,
           six_pt: dict[str, list[int]] | None = None):
    tree = root / "letters"
    tree.mkdir(parents=True)
    shutil.copy(LETTERS / "agency.yaml", tree / "agency.yaml")
    if fonts is not None:
        shutil.copytree(fonts, tree / "fonts")
    written = write_letters(tree / "sweep", lengths)
    if six_pt:
        (tree / "sweep6").mkdir()
        (tree / "sweep6" / "agency.yaml").write_text("code: พบ ๐๐๒๓.๙๙\nlayout:\n  part_spacing: 6pt\n",
                                                     encoding="utf-8")         # numbers of its own
        written6 = write_letters(tree / "sweep6", six_pt)
    for name, text in (extra or {}).items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    out = root / "out"
    summary = build([tree], out, engine="libreoffice")
    assert summary.ok, [(r.relative, [str(p) for p in r.errors]) for r in summary.results if r.errors]
    return (out, written, written6) if six_pt else (out, written)


def _measure(out: Path, written: dict, folder: str = "sweep") -> dict[str, list]:
    """{kind: [(units, Pagination), …]} read from the PDFs."""
    found: dict[str, list] = {}
    for name, (kind, units) in sorted(written.items()):
        pdf = out / folder / f"{name}.pdf"
        with pymupdf.open(str(pdf)) as doc:
            pages = doc.page_count
        found.setdefault(kind, []).append((units, read_pagination(kind, units, pdf_lines(pdf), pages)))
    return found


@pytest.fixture(scope="module")
def substitute(tmp_path_factory):
    root = tmp_path_factory.mktemp("pagination")
    out, written, written6 = _sweep(root, WINDOWS, extra=PAGE_NUMBER_LETTERS, six_pt=SIX_PT_WINDOWS)
    return out, _measure(out, written), _measure(out, written6, "sweep6")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not (REAL_FONTS / "THSarabun.ttf").is_file():
        pytest.skip(f"the real TH SarabunPSK is not in {REAL_FONTS} (the project does not ship it)")
    root = tmp_path_factory.mktemp("pagination-real")
    fonts = root / "fonts-src"
    fonts.mkdir()
    for ttf in REAL_FONTS.glob("THSarabun*.ttf"):
        if "IT9" not in ttf.name:
            shutil.copy(ttf, fonts / ttf.name)
    out, written = _sweep(root, REAL_WINDOWS, fonts=fonts)
    return _measure(out, written)


def _problems(measured: list) -> list[str]:
    return [f"{units} units, {result.pages} pages: {problem}"
            for units, result in measured for problem in rule_problems(result, units)]


@pytest.mark.parametrize("kind", KINDS)
def test_the_rule_holds_at_every_length(substitute, kind):
    assert _problems(substitute[1][kind]) == []


@pytest.mark.parametrize("kind", sorted(SIX_PT_WINDOWS))
def test_the_rule_holds_with_six_point_gaps(substitute, kind):
    measured = substitute[2][kind]
    assert _problems(measured) == []
    assert {result.sign_off.page for _, result in measured} == {1, 2}       # across the first break


@pytest.mark.parametrize("kind", KINDS)
def test_the_rule_holds_with_the_real_font(real, kind):
    assert _problems(real[kind]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_lengths_step_through_two_page_breaks(substitute, kind):
    """Each window crosses its break: the sign-off moves from page 1 to 2, then from 2 to 3, and
    at the first length on the new page the body's last lines stand at its top, where the rule bites."""
    measured = substitute[1][kind]
    sign_off_pages = [result.sign_off.page for _, result in measured]
    assert sign_off_pages == sorted(sign_off_pages) and set(sign_off_pages) == {1, 2, 3}, sign_off_pages
    for page in (2, 3):
        first = next(result for _, result in measured if result.sign_off.page == page)
        top = min(first.body_lines_on(page), key=lambda line: line.baseline)
        assert top.baseline < 5 * CM                        # page 2's body starts under the page number


def _document_xml(docx: Path) -> str:
    """The body's XML, its text without the line-break hints (generator/text/linebreak.py)."""
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml").decode("utf-8").translate(INSERTED)


def _paragraphs(xml: str) -> list[tuple[str, str]]:
    """(properties, text) of every paragraph of the body, in order."""
    found = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        properties = re.search(r"<w:pPr>.*?</w:pPr>", paragraph, re.S)
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", paragraph))
        found.append((properties.group(0) if properties else "", text))
    return found


@pytest.mark.parametrize("kind", ["external", "memo", "order", "minutes"])
def test_the_docx_carries_the_keep_properties(substitute, kind):
    """Word's own properties, so the rules survive a clerk's edits: widow control on every body
    paragraph, keep-with-next on the last two and on everything down to the signature, which is
    one paragraph kept together."""
    out = substitute[0]
    units = max(units for units in WINDOWS[kind] if units < 40)          # three paragraphs or more
    paragraphs = _paragraphs(_document_xml(out / "sweep" / f"{kind}-{units:03d}.docx"))
    body = [index for index, (_, text) in enumerate(paragraphs) if text.startswith("การดำเนินงาน")
            or text == "จึงเรียนมาเพื่อโปรดทราบ"]
    assert len(body) >= 3
    for index in body:
        assert "<w:widowControl/>" in paragraphs[index][0]
    keeps = ["<w:keepNext/>" in paragraphs[index][0] for index in body]
    assert keeps == [False] * (len(body) - 2) + [True, True]
    name = "(นางสาวรัตนา บุญมา)" if kind == "minutes" else "(นางสาววิสนีย์ จงใจจักร)"
    signature = next(index for index, (_, text) in enumerate(paragraphs) if name in text)
    after = paragraphs[body[-1] + 1:signature + 1]
    assert all("<w:keepNext/>" in properties for properties, _ in after), \
        [text for properties, text in after if "<w:keepNext/>" not in properties]
    assert "<w:keepLines/>" in paragraphs[signature][0]            # the room to sign, the name, the positions


def test_the_signature_block_is_no_table(substitute):
    """LibreOffice 7.4 keeps no table with the paragraph after it: the sign-off is paragraphs."""
    out = substitute[0]
    xml = _document_xml(out / "sweep" / f"external-{WINDOWS['external'][0]:03d}.docx")
    closing = xml.index("ขอแสดงความนับถือ")
    assert "<w:tbl>" not in xml[closing:xml.index("นายอำเภอบ้านลาด", closing)]


def test_page_numbers_read_as_printed_three_cm_from_the_top(substitute):
    """Thai digits: ๒ and ๓ print and read; on three-page letters of every kind."""
    out, measured = substitute[0], substitute[1]
    for kind in KINDS:
        units, result = next((u, r) for u, r in measured[kind] if r.pages == 3)
        pdf = out / "sweep" / f"{kind}-{units:03d}.pdf"
        assert_page_numbers(pdf, pdf_lines(pdf))


def test_arabic_page_numbers_read_as_printed(substitute):
    out = substitute[0]
    pdf = out / "numbers" / "arabic.pdf"
    assert_page_numbers(pdf, pdf_lines(pdf), thai=False)


@pytest.mark.parametrize("letter", ["secret", "draft"])
def test_page_numbers_under_the_secrecy_and_draft_marks(substitute, letter):
    out = substitute[0]
    pdf = out / "numbers" / f"{letter}.pdf"
    assert_page_numbers(pdf, pdf_lines(pdf))


def test_layout_moves_the_page_number(substitute):
    out = substitute[0]
    pdf = out / "numbers" / "moved" / "letter.pdf"
    assert_page_numbers(pdf, pdf_lines(pdf), baseline=2.5 * CM)
