"""The draft mark: a light grey ร่าง along the page diagonal, behind the text of every page of a
`number: auto` letter, drawn in the DOCX's headers (Word's watermark place) and so in the PDF
LibreOffice makes of it; gone once the letter is issued."""
from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.build.pipeline import build
from generator.letter.tree import discover
from generator.pdf import fonts
from generator.pdf.finish import unexpected_fonts
from generator.registers import numbering
from generator.render import draft_mark
from tests.conftest import LETTERS, find, needs_soffice, pdf_lines
from tests.test_numbering import letter, tree

DRAFT_WORD = "ร่าง"
GREY = 0xD9D9D9
SIZE = 480.0
A4 = (595.3, 841.9)
DIAGONAL = math.degrees(math.atan2(A4[1], A4[0]))          # 54.74°
# The word's length along its baseline: ร่าง is 0.983 em wide in TH Sarabun bold and its substitute.
LENGTH = 0.983 * SIZE
ANGLE_TOL, CENTRE_TOL, LENGTH_TOL = 0.5, 10.0, 3.0
THAI = {"sarabansubstitute", "thsarabunpsk"}
MARK_NAME = re.compile(rb'<wp:docPr [^>]*name="PowerPlusWaterMarkObject\d+"')


def marks(pdf: Path) -> list[tuple[int, dict, pymupdf.Rect]]:
    """(page, line, page rectangle) of every ร่าง line of ``pdf``, from its text layer."""
    found = []
    with pymupdf.open(str(pdf)) as doc:
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    if "".join(s["text"] for s in line["spans"]).strip() == DRAFT_WORD:
                        found.append((page.number + 1, line, page.rect))
    return found


def angle(line: dict) -> float:
    """The baseline's angle, anticlockwise from the x axis, in degrees."""
    cos, sin = line["dir"]
    return math.degrees(math.atan2(-sin, cos))


def centre(line: dict) -> tuple[float, float]:
    quad = pymupdf.recover_line_quad(line, spans=line["spans"])
    return (quad.ul.x + quad.lr.x) / 2, (quad.ul.y + quad.lr.y) / 2


def length(line: dict) -> float:
    """From the first character's origin to the end of the last character, along the baseline."""
    span = line["spans"][0]
    quad = pymupdf.recover_line_quad(line, spans=[span])
    return abs(quad.lr - quad.ll)


def header_parts(docx_file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx_file) as archive:
        return {n: archive.read(n) for n in archive.namelist() if re.fullmatch(r"word/header\d+\.xml", n)}


def soffice_pdf(docx_file: Path, out: Path) -> Path:
    """The DOCX alone through ``soffice --convert-to pdf`` (not the build's engine), with the
    project's fonts as a clerk with TH SarabunPSK installed would have them."""
    conf = fonts.write_fontconfig(out / "fc", [fonts.ensure_substitute()])
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_file)],
                   env=env, check=True, capture_output=True, timeout=180)
    return out / docx_file.with_suffix(".pdf").name


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """A two-page draft and a one-page issued letter, built by LibreOffice."""
    root = tree(tmp_path_factory.mktemp("draft"), {
        "draft.yaml": (LETTERS / "2567" / "budget-request.yaml").read_text(encoding="utf-8")
                      .replace("number: 3105", "number: auto"),
        "issued.yaml": letter("2026-01-02", 7).replace("signer: chief", "signer: deputy")})
    shutil.copy(LETTERS / "agency.yaml", root / "agency.yaml")
    out = root.parent / "out"
    summary = build([root], out, engine="libreoffice")
    assert summary.ok, [r.problems for r in summary.results]
    return root, out


# ------------------------------------------------------------------------------- the PDF

@needs_soffice
def test_a_two_page_draft_is_marked_on_both_pages_diagonally_grey_centred_in_its_font(drafts):
    _, out = drafts
    pdf = out / "draft.pdf"
    found = marks(pdf)
    assert [page for page, _, _ in found] == [1, 2]
    for _, line, rect in found:
        span = line["spans"][0]
        assert span["color"] == GREY
        assert abs(span["size"] - SIZE) <= 0.5
        assert fonts.normalise_font_name(span["font"]) in THAI and "Bold" in span["font"]
        assert abs(angle(line) - math.degrees(math.atan2(rect.height, rect.width))) <= ANGLE_TOL
        assert abs(angle(line) - DIAGONAL) <= ANGLE_TOL
        x, y = centre(line)
        assert abs(x - rect.width / 2) <= CENTRE_TOL and abs(y - rect.height / 2) <= CENTRE_TOL
        assert abs(length(line) - LENGTH) <= LENGTH_TOL
    assert find(pdf_lines(pdf), "ที่ พบ").text == "ที่ พบ ๐๐๒๓.๑๐/"         # the number left blank


@needs_soffice
def test_the_text_layer_reads_the_word_and_no_font_fell_back(drafts):
    _, out = drafts
    with pymupdf.open(str(out / "draft.pdf")) as doc:
        assert [len(page.search_for(DRAFT_WORD)) for page in doc] == [1, 1]
        assert [page.get_text().count(DRAFT_WORD) for page in doc] == [1, 1]
    assert unexpected_fonts(out / "draft.pdf", "TH SarabunPSK") == set()


@needs_soffice
def test_an_issued_letter_has_no_mark(drafts):
    _, out = drafts
    assert marks(out / "issued.pdf") == []
    assert not any(MARK_NAME.search(xml) for xml in header_parts(out / "issued.docx").values())


@needs_soffice
def test_two_builds_of_a_draft_give_the_same_bytes(drafts, tmp_path):
    root, out = drafts
    build([root], tmp_path / "again", engine="libreoffice")
    for name in ("draft.docx", "draft.pdf"):
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name


@needs_soffice
def test_the_mark_goes_once_the_draft_is_issued(drafts, tmp_path):
    root, _ = drafts
    copy = tmp_path / "letters"
    shutil.copytree(root, copy)
    numbering.issue(discover([copy]), dt.date(2024, 11, 18))
    summary = build([copy], tmp_path / "out", engine="libreoffice")
    assert summary.ok
    assert marks(tmp_path / "out" / "draft.pdf") == []
    assert not any(MARK_NAME.search(xml) for xml in header_parts(tmp_path / "out" / "draft.docx").values())
    assert find(pdf_lines(tmp_path / "out" / "draft.pdf"), "ที่ พบ").text == "ที่ พบ ๐๐๒๓.๑๐/๑"


@needs_soffice
def test_the_docx_alone_shows_the_mark_in_libreoffice(drafts, tmp_path):
    """How a clerk opening the DOCX in LibreOffice sees it: ร่าง in grey, centred, on every page
    (LibreOffice 7.4 keeps a text box's text level; Word and the build turn it)."""
    _, out = drafts
    pdf = soffice_pdf(out / "draft.docx", tmp_path)
    found = marks(pdf)
    assert [page for page, _, _ in found] == [1, 2]
    for _, line, rect in found:
        span = line["spans"][0]
        assert span["color"] == GREY and abs(span["size"] - SIZE) <= 0.5
        x, y = centre(line)
        assert abs(x - rect.width / 2) <= CENTRE_TOL and abs(y - rect.height / 2) <= CENTRE_TOL
    assert unexpected_fonts(pdf, "TH SarabunPSK") == set()


# ------------------------------------------------------------------------------- the DOCX

def assert_thai_runs(xml: bytes, font: str = "TH SarabunPSK") -> None:
    """Every run: the Thai font in all four slots, both sizes, th-TH."""
    from lxml import etree
    root = etree.fromstring(xml)
    runs = root.iter(qn("w:r"))
    for run in runs:
        properties = run.find(qn("w:rPr"))
        assert properties is not None, etree.tostring(run)[:200]
        faces = properties.find(qn("w:rFonts"))
        assert faces is not None and all(faces.get(qn(f"w:{slot}")) == font
                                         for slot in ("ascii", "hAnsi", "cs", "eastAsia"))
        assert properties.find(qn("w:sz")) is not None and properties.find(qn("w:szCs")) is not None
        language = properties.find(qn("w:lang"))
        assert language is not None and language.get(qn("w:bidi")) == "th-TH"


@needs_soffice
def test_every_header_of_a_draft_carries_the_mark_in_thai_runs(drafts):
    _, out = drafts
    parts = header_parts(out / "draft.docx")
    assert len(parts) == 2                                     # first page and the others
    for xml in parts.values():
        assert len(MARK_NAME.findall(xml)) == 1
        assert xml.count(f"<w:t>{DRAFT_WORD}</w:t>".encode()) == 2     # the text box and its VML fallback
        assert b'behindDoc="1"' in xml and b'<w:color w:val="D9D9D9"/>' in xml
        assert b'<a:xfrm rot="18315827">' in xml                         # 360° − 54.74°, in 60000ths
        assert_thai_runs(xml)


def package(document: docx.document.Document) -> dict[str, bytes]:
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def headerless(title_page: bool = False) -> docx.document.Document:
    """A document without headers: two portrait pages, then a landscape section."""
    document = docx.Document()
    document.add_paragraph("หน้าหนึ่ง")
    document.add_page_break()
    document.add_paragraph("หน้าสอง")
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = landscape.page_height, landscape.page_width
    document.add_paragraph("หน้าสาม")
    if title_page:
        document.sections[0].different_first_page_header_footer = True
    return document


def test_a_template_without_headers_gets_them():
    entries = draft_mark.add_draft_mark(package(headerless(title_page=True)), "TH SarabunPSK")
    document = entries["word/document.xml"].decode()
    first_section = re.search(r"<w:sectPr\b.*?</w:sectPr>", document, re.S).group(0)
    references = re.findall(r'<w:headerReference w:type="(\w+)" r:id="(rId\d+)"/>', first_section)
    assert sorted(kind for kind, _ in references) == ["default", "first"]
    rels = entries["word/_rels/document.xml.rels"].decode()
    types = entries["[Content_Types].xml"].decode()
    for _, rid in references:
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
        part = target.group(1) or target.group(2)
        assert f'PartName="/word/{part}"' in types
        assert len(MARK_NAME.findall(entries[f"word/{part}"])) == 1
        assert_thai_runs(entries[f"word/{part}"])
    assert len(re.findall(r"<w:headerReference ", document)) == 2     # the landscape section inherits them


def test_even_pages_get_a_header_when_the_document_has_them():
    document = headerless()
    settings = document.settings.element
    settings.append(OxmlElement("w:evenAndOddHeaders"))
    entries = draft_mark.add_draft_mark(package(document), "TH SarabunPSK")
    kinds = re.findall(r'<w:headerReference w:type="(\w+)"', entries["word/document.xml"].decode())
    assert sorted(kinds) == ["default", "even"]


def test_a_header_keeps_its_content_and_gets_the_mark_in_its_first_paragraph():
    document = headerless()
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "ส่วนหัวของหน่วยงาน"
    header.add_paragraph("บรรทัดที่สอง")
    entries = draft_mark.add_draft_mark(package(document), "TH SarabunPSK")
    (name, xml), = [(n, x) for n, x in entries.items() if re.fullmatch(r"word/header\d+\.xml", n)]
    paragraphs = re.findall(rb"<w:p>.*?</w:p>(?=<w:p>|</w:hdr>)", xml, re.S)
    assert len(paragraphs) == 2                                 # no paragraph added: no taller header
    assert MARK_NAME.search(paragraphs[0]) and "ส่วนหัวของหน่วยงาน".encode() in paragraphs[0]
    assert "บรรทัดที่สอง".encode() in paragraphs[1]
    assert paragraphs[0].index(b"PowerPlusWaterMarkObject") < paragraphs[0].index("ส่วนหัว".encode())


def test_the_mark_follows_the_page_diagonal():
    assert draft_mark.page_angle(11906, 16838) == pytest.approx(54.74, abs=0.01)       # A4 portrait
    assert draft_mark.page_angle(16838, 11906) == pytest.approx(35.26, abs=0.01)       # A4 landscape


@needs_soffice
def test_every_page_of_every_section_of_a_headerless_document_shows_the_mark(tmp_path):
    marked = tmp_path / "marked.docx"
    entries = draft_mark.add_draft_mark(package(headerless(title_page=True)), "TH SarabunPSK")
    with zipfile.ZipFile(marked, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    pdf = soffice_pdf(marked, tmp_path)
    with pymupdf.open(str(pdf)) as doc:
        pages = doc.page_count
    assert pages == 3 and [page for page, _, _ in marks(pdf)] == [1, 2, 3]


def test_the_worker_turns_the_shapes_the_render_stage_names():
    """uno_worker.py runs under the system Python and cannot import the package: it repeats the
    watermark's name, which must stay the render stage's."""
    from generator.render import draft_mark
    worker = (Path(draft_mark.__file__).parents[1] / "pdf" / "engines" / "uno_worker.py").read_text(encoding="utf-8")
    assert f'WATERMARK_NAME = "{draft_mark.WATERMARK_NAME}"' in worker
