"""Thai line breaking: no line ends inside a word or a unit that belongs together, in the rendered PDF.

The fast tests run the segmenter step alone and ask ICU (LibreOffice's line breaker) where it would
now break. The PDF tests build letters in which each word or unit slides, one ``ก`` at a time, across
the right margin, so that every one of them reaches a line end; then they read the lines with their
positions and assert that no line end falls inside one, that justified lines still reach the margin,
and that the text layer finds the words. They run with the substitute font and with the real TH
SarabunPSK (skipped where ``../shared/fonts`` is absent).
"""
from __future__ import annotations

import functools
import re
import shutil
import zipfile
from pathlib import Path

import pymupdf
import pypdfium2
import pytest

from generator.build.pipeline import build
from generator.text import linebreak, wordbreak
from generator.text.linebreak import JOINER, keep_runs_together, keep_together
from tests.conftest import LETTERS, REAL_FONTS, Line, needs_soffice, pdf_lines
from tests.helpers_pdf import BODY_INDENT, LEFT, LINE, RIGHT, TOL

# The words, each in the phrase it was found split in (the word is what must stay whole).
WORDS = {
    "รายละเอียด": "ขอส่งรายละเอียดเพิ่มเติม",
    "ดำเนินการ": "เพื่อดำเนินการตามระเบียบ",
    "ใช้งาน": "เริ่มใช้งานระบบใหม่",
    "ลงวันที่": "ตามหนังสือลงวันที่ดังกล่าว",
    "ครัวเรือน": "ให้ทุกครัวเรือนในหมู่บ้าน",
    "ต่อไป": "เพื่อดำเนินการต่อไปด้วย",
    "งบประมาณ": "ตามงบประมาณที่ได้รับ",
    "เว้นแต่": "ทุกกรณีเว้นแต่กรณีจำเป็น",
    "พระราชบัญญัติ": "ตามพระราชบัญญัติระเบียบบริหารราชการ",
    "หอประชุม": "ณ หอประชุมอำเภอบ้านลาด",
}
# Units that belong together, each in a phrase.
UNITS = {
    "๒ กันยายน ๒๕๖๗": "ลงวันที่ ๒ กันยายน ๒๕๖๗ แล้ว",
    "๑ ตุลาคม ๒๕๕๖": "ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๕๖ เป็นต้นมา",
    "พ.ศ. ๒๕๖๘": "ปีงบประมาณ พ.ศ. ๒๕๖๘ นี้",
    "๑๓.๔๐ น.": "ในเวลา ๑๓.๔๐ น. ณ ห้องประชุม",
    "ที่ พบ ๐๐๒๓.๕/ว ๑๒๓๒๒": "ตามหนังสือ ที่ พบ ๐๐๒๓.๕/ว ๑๒๓๒๒ ลงวันที่",
    "๑,๒๐๐,๐๐๐ บาท": "เป็นเงิน ๑,๒๐๐,๐๐๐ บาท ถ้วน",
    "๑ ๒๓๔๕ ๖๗๘๙๐ ๑๒ ๓": "เลขประจำตัวประชาชน ๑ ๒๓๔๕ ๖๗๘๙๐ ๑๒ ๓ ของผู้ยื่น",
    "นายวีระ เพชรดี": "โดยมอบหมายให้นายวีระ เพชรดี ปลัดอำเภอ",
    "นางสาวอรุณี ทองคำ": "และนางสาวอรุณี ทองคำ เจ้าพนักงานปกครอง",
    "(e-LAAS)": "ระบบบัญชีคอมพิวเตอร์ (e-LAAS) ของหน่วยงาน",
}
KEPT = {**WORDS, **UNITS}
TAIL = "ทั้งนี้ให้รายงานผลการดำเนินงานให้ทราบภายในกำหนด"
# The filler before each phrase: k ก's move the phrase along the first line (ก is 6.5 pt wide at
# 16 pt, the line 382 pt) from well inside the text area to its right margin, 13 pt a step: less
# than the narrowest word or unit kept, so each of them straddles the margin at some step.
SHIFTS = range(22, 60, 2)
# A justified line ends at the margin within this: LibreOffice spreads a Thai line's slack over its
# spaces and letters, and the box of a line-final ำ or mark is a few points off.
JUSTIFIED_TOL = 6.0


def _letter(number: int, phrase: str) -> str:
    paragraphs = [f"{'ก' * k} {phrase} {TAIL}" for k in SHIFTS] + ["จึงเรียนมาเพื่อโปรดทราบ"]
    body = "\n\n".join(paragraphs)
    indented = "\n".join(f"  {line}" if line else "" for line in body.splitlines())
    return (f"kind: external\nnumber: {number}\ndate: 2024-09-02\nsubject: ทดสอบการตัดบรรทัด\n"
            f"to: นายอำเภอบ้านลาด\nbody: |\n{indented}\nsigner: district-chief\n")


def _tree(root: Path, fonts: Path | None = None) -> Path:
    tree = root / "letters"
    tree.mkdir()
    shutil.copy(LETTERS / "agency.yaml", tree / "agency.yaml")
    for number, phrase in enumerate(KEPT.values(), start=1):
        (tree / f"kept-{number:02d}.yaml").write_text(_letter(number, phrase), encoding="utf-8")
    (tree / "search.yaml").write_text(_letter(99, "ขอส่งรายละเอียดตามหนังสือลงวันที่ ๒ กันยายน ๒๕๖๗"), encoding="utf-8")
    if fonts is not None:
        shutil.copytree(fonts, tree / "fonts")
    return tree


def _build(root: Path, fonts: Path | None = None) -> Path:
    out = root / "out"
    summary = build([_tree(root, fonts)], out, engine="libreoffice")
    assert summary.ok, [p for r in summary.results for p in r.errors]
    return out


@pytest.fixture(scope="module")
def substitute(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    return _build(tmp_path_factory.mktemp("lines-substitute"))


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    if not (REAL_FONTS / "THSarabun.ttf").is_file():
        pytest.skip(f"the real TH SarabunPSK is not in {REAL_FONTS} (the project does not ship it)")
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    root = tmp_path_factory.mktemp("lines-real")
    fonts = root / "fonts-src"
    fonts.mkdir()
    for ttf in REAL_FONTS.glob("THSarabun*.ttf"):
        if "IT9" not in ttf.name:
            shutil.copy(ttf, fonts / ttf.name)
    return _build(root, fonts)


@pytest.fixture(params=["substitute", "real"])
def out(request) -> Path:
    return request.getfixturevalue(request.param)


def _plain(text: str) -> str:
    """A line's text as a reader compares it: no-break spaces and runs of spaces as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def paragraphs(pdf: Path) -> list[list[Line]]:
    """The body's paragraphs as their lines: each starts indented, its next lines at the margin."""
    found: list[list[Line]] = []
    for line in pdf_lines(pdf):
        if line.size < 15.5:
            continue
        if abs(line.x0 - (LEFT + BODY_INDENT)) < TOL:
            found.append([line])
        elif (found and abs(line.x0 - LEFT) < TOL and line.page == found[-1][-1].page
              and 0 < line.baseline - found[-1][-1].baseline < 1.5 * LINE * line.size):
            found[-1].append(line)
    return found


def split_inside(before: str, after: str, kept: str) -> bool:
    """Whether a line ending in ``before`` and the next starting with ``after`` split ``kept``."""
    for cut in range(1, len(kept)):
        head, tail = kept[:cut].rstrip(), kept[cut:].lstrip()
        if head and tail and before.endswith(head) and after.startswith(tail):
            return True
    return False


# ------------------------------------------------------------------ the segmenter step (fast)

@pytest.mark.parametrize("kept, phrase", KEPT.items())
def test_icu_finds_no_line_break_inside_a_kept_word_or_unit(kept, phrase):
    """ICU, LibreOffice's line breaker, breaks inside each before; after keep_together nowhere inside."""
    if wordbreak.icu() is None:
        pytest.skip("no ICU library on this machine")
    start = phrase.index(kept)
    before = [b for b in wordbreak.line_breaks(phrase) if start < b < start + len(kept)]
    assert before, f"ICU does not break {kept!r}: nothing to test"
    joined = keep_together(phrase)
    assert joined.translate(linebreak.INSERTED) == phrase
    plain_positions = [i for i, char in enumerate(joined) if char != JOINER]   # joined index of each char
    start, end = plain_positions[start], plain_positions[start + len(kept) - 1] + 1
    assert not [b for b in wordbreak.line_breaks(joined) if start < b < end], joined.replace(JOINER, "|")


def test_only_the_places_icu_would_break_get_a_word_joiner():
    joined = keep_together("ขอส่งรายละเอียด")
    assert joined == "ขอส่งราย\ufeffละเอียด"


@pytest.mark.parametrize("text", [
    "http://www.oldaasreport.dla.go.th/documents/pb0023.5-v12322.pdf",
    "banlad.local@example.go.th", "QR Code", "", "   ",
])
def test_text_without_thai_words_is_left_alone(text):
    assert keep_together(text) == text


def test_spaces_inside_a_unit_become_no_break_spaces_and_others_stay():
    assert keep_together("ลงวันที่ ๒ กันยายน ๒๕๖๗ แล้ว") == "ลง\ufeffวัน\ufeffที่ ๒\u00a0กันยายน\u00a0๒๕๖๗ แล้ว"


def test_a_title_starting_a_longer_word_is_no_name():
    """นายก|เทศมนตรี is one word, not นาย + a first name: the space after it may break."""
    joined = keep_together("นายกเทศมนตรีตำบลบ้านลาด และนายกองค์การบริหารส่วนตำบล")
    assert "\u00a0" not in joined


def test_a_long_phrase_may_break_between_its_words():
    """A phrase kept whole would leave a gap in a justified line: องค์กร|ปกครอง|ส่วน|ท้องถิ่น."""
    words = linebreak.words("ขององค์กรปกครองส่วนท้องถิ่น")
    assert "องค์กรปกครองส่วนท้องถิ่น" not in words
    assert all(len(word) <= linebreak.LONGEST_WORD for word in words)


def test_an_amount_unit_must_be_a_word_of_its_own():
    """๓ คนละ…: คน starts a longer word, so it is no unit of ๓."""
    assert "\u00a0" not in keep_together("จำนวน ๓ คนละ ๕ ชุด")[:12]
    assert keep_together("จำนวน ๕ ชุด").endswith("๕\u00a0ชุด")


def test_runs_keep_their_boundaries_and_a_unit_may_span_two():
    runs = [("ภายในวันที่ ", False), ("๒ กันยายน", True), (" ๒๕๖๗ นี้", False)]
    kept = keep_runs_together(runs)
    assert [bold for _, bold in kept] == [False, True, False]
    assert "".join(text for text, _ in kept).translate(linebreak.INSERTED).replace("\u00a0", " ") == "".join(
        text for text, _ in runs)
    assert kept[1][0] == "๒\u00a0กันยายน" and kept[2][0].startswith("\u00a0๒๕๖๗")


def _only_hints_added(text: str, kept: str) -> bool:
    """``kept`` is ``text`` with joiners added and some spaces made no-break, nothing else."""
    plain = kept.replace(JOINER, "")
    return len(plain) == len(text) and all(a == b or (a, b) == (" ", "\u00a0") for a, b in zip(text, plain))


def test_any_text_only_gains_hints():
    hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is in the `test` extra: pip install -e '.[test]'")
    alphabet = hypothesis.strategies.sampled_from(
        list("กขงดตนบปมยรลวสหอะาำิีึืุูเแโใไ่้๊๋็์ ๐๑๒๓๔๕๖๗๘๙.,/-()eLAS\u00a0") + ["นาย", "กันยายน", "พ.ศ.", "บาท"])

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(hypothesis.strategies.lists(alphabet, max_size=40).map("".join))
    def check(text):
        assert _only_hints_added(text, keep_together(text))

    check()


def test_a_long_run_of_numbers_or_letters_may_still_break():
    """Only digit groups of an ID or phone number (9 to 13 digits) are kept whole: a list of
    numbers, or a run no dictionary knows, still breaks."""
    assert "\u00a0" not in keep_together("๑ " * 20)
    assert keep_together("ข้อ ๑ ๒ ๓ และ ๔") == "ข้อ ๑ ๒ ๓ และ ๔"
    long = "ขอส่งรายละเอียด" * 400
    assert _only_hints_added(long, keep_together(long))


def test_the_government_vocabulary_is_thai_words_one_a_line():
    words = linebreak.vocabulary()
    assert len(words) == len(set(words)) > 50
    assert all(re.fullmatch("[\u0e01-\u0e4e]+", word) for word in words), [w for w in words if not re.fullmatch("[\u0e01-\u0e4e]+", w)]
    assert {"รายละเอียด", "ดำเนินการ", "งบประมาณ", "พระราชบัญญัติ", "หอประชุม"} <= set(words)


@pytest.mark.parametrize("nlpo3", [True, False], ids=["nlpo3", "pythainlp"])
def test_the_segmenter_writes_nothing_to_the_home_folder(tmp_path, nlpo3):
    """PyThaiNLP would create ~/pythainlp-data on import; saraban tells it not to (it segments
    only where nlpo3 is not installed, and its word list is read in both cases)."""
    import os
    import subprocess
    import sys

    code = ("import sys\n" + ("" if nlpo3 else "sys.modules['nlpo3'] = None\n")
            + "from generator.text import linebreak; print(linebreak.words('ขอส่งรายละเอียด'))")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHAINLP")}, "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                          cwd=Path(__file__).resolve().parents[1])
    assert "รายละเอียด" in done.stdout
    assert list(tmp_path.iterdir()) == []


# Where nlpo3 alone cuts otherwise than PyThaiNLP's newmm: a slash or bracket glued to Thai, a long
# run of English before Thai words, dictionary words with a dot or a space.
SEGMENTER_CASES = [
    "ตามหนังสือ ที่ พบ ๐๐๒๓.๕/ว ๑๒๓๒๒ ลงวันที่", "หนังสือเวียน เช่น /ว ๒๗๓๗", "the circulars (ว), or ว, each",
    "เขียน/วงบประมาณ", "ชื่อ/สกุล และ ว/ด/ป เกิด", "ระบบบัญชีคอมพิวเตอร์ (e-LAAS) ของหน่วยงาน",
    "an orange bar in the left margin marks each changed row, over the faded new page, and what only "
    "the base has in vermilion, what only this change has in blue (สีส้มแดง = ข้อความที่ถูกลบ)",
    "พิมพ์เป็นปี ค.ศ. แบบ ปี-เดือน-วัน", "เขียนค่าออกมาตรง ๆ", "คำสั่งนับ ๑/พ.ศ. ใหม่ทุกปี ไฟล์หนังสือ",
    "ลงวันที่ ๒\u00a0กันยายน\u00a0๒๕๖๗", "ไร่./วงบประมาณ พ.ศ.  ใน/ว key๑๒ /ปฏิบัติabc, =ที่ / ",
]


@pytest.mark.parametrize("text", SEGMENTER_CASES)
def test_nlpo3_gives_the_hints_pythainlp_gives(text, monkeypatch):
    """nlpo3 (newmm in Rust) is what segments; PyThaiNLP's newmm, its fallback, puts the same hints."""
    pytest.importorskip("nlpo3")
    fast = "".join(linebreak._kept(text))
    monkeypatch.setattr(linebreak, "_segmenter", functools.lru_cache(maxsize=1)(linebreak._pythainlp_segmenter))
    assert "".join(linebreak._kept(text)) == fast


def test_nlpo3_segments_where_it_is_installed():
    pytest.importorskip("nlpo3")
    assert linebreak._segmenter().func is linebreak._nlpo3_words


def test_a_long_phrase_is_cut_into_dictionary_words():
    assert linebreak._parts("องค์กรปกครองส่วนท้องถิ่น") == ["องค์กร", "ปกครอง", "ส่วนท้องถิ่น"]


def test_importing_the_module_does_not_load_pythainlp():
    import subprocess
    import sys

    code = "import sys, generator.text.linebreak, generator.render.docx; print('pythainlp' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "False"


# ------------------------------------------------------------------ the rendered PDF

@needs_soffice
@pytest.mark.parametrize("number, kept", list(enumerate(KEPT, start=1)))
def test_no_line_end_falls_inside_a_kept_word_or_unit(out, number, kept):
    pdf = out / f"kept-{number:02d}.pdf"
    landed = 0
    for paragraph in paragraphs(pdf):
        texts = [_plain(line.text) for line in paragraph]
        for before, after in zip(texts, texts[1:]):
            assert not split_inside(before, after, kept), f"{kept!r} split: {before[-20:]!r} | {after[:20]!r}"
            landed += after.startswith(kept) or before.endswith(kept)
    assert landed, f"{kept!r} never reached a line end: nothing was tested"


@needs_soffice
def test_justified_lines_still_reach_the_right_margin(out):
    for number in range(1, len(KEPT) + 1):
        for paragraph in paragraphs(out / f"kept-{number:02d}.pdf"):
            for line in paragraph[:-1]:
                assert line.x1 == pytest.approx(RIGHT, abs=JUSTIFIED_TOL), f"kept-{number:02d}: {line.text!r} ends at {line.x1:.1f}"


MONTH_DATE = re.compile("[๐-๙0-9]{1,2} (?:มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน"
                        "|ตุลาคม|พฤศจิกายน|ธันวาคม) [๐-๙0-9]{4}")


@pytest.mark.parametrize("letter", ["2567/e-laas-circular", "2567/budget-request", "2568/memo-training",
                                    "2568/order-flood-committee", "2568/minutes-district-heads-1"])
def test_the_examples_split_no_date_and_no_latin_term(built, letter):
    """The seed letter had (e-|LAAS) split four times and ๑ ตุลาคม|๒๕๕๖ once."""
    lines = [_plain(line.text) for line in pdf_lines(built.pdf(letter)) if line.size > 15.5]
    for before, after in zip(lines, lines[1:]):
        joined = f"{before} {after}"
        for kept in ["(e-LAAS)", *MONTH_DATE.findall(joined)]:
            assert not split_inside(before, after, kept), f"{letter}: {kept!r} split: {before[-20:]!r} | {after[:20]!r}"


@needs_soffice
@pytest.mark.parametrize("query", ["รายละเอียด", "๒ กันยายน ๒๕๖๗", "ลงวันที่"])
def test_the_text_layer_finds_the_words(out, query):
    pdf = out / "search.pdf"
    with pymupdf.open(str(pdf)) as doc:
        assert sum(len(page.search_for(query)) for page in doc) >= 1
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    assert JOINER not in text
    assert query in text


@needs_soffice
def test_the_docx_holds_the_text_with_only_the_documented_hints(substitute):
    """The DOCX text is the letter's text plus word joiners and no-break spaces (docs/line-breaking.md)."""
    xml = zipfile.ZipFile(substitute / "search.docx").read("word/document.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    assert "ขอส่งรายละเอียดตามหนังสือลงวันที่ ๒ กันยายน ๒๕๖๗" in text.translate(linebreak.INSERTED).replace("\u00a0", " ")
    assert set(re.findall("[\u2000-\u206f\u00a0\ufeff]", text)) <= {JOINER, "\u00a0"}
