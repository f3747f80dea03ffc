"""The engine interface: LibreOffice's own copy of a DOCX, engine choice, a fake engine, Word."""
from __future__ import annotations

import re
import sys
import types
import zipfile
from pathlib import Path

import pikepdf
import pymupdf
import pytest

from generator.build.pipeline import build
from generator.errors import SetupError
from generator.pdf.engines import choose_engine
from generator.pdf.engines.libreoffice import LibreOfficeEngine, prepare_copy
from generator.pdf.engines.word import WordEngine
from tests.conftest import LETTERS, needs_soffice

SEED = LETTERS / "2567" / "e-laas-circular.yaml"


class FakeEngine:
    """Writes a blank one-page PDF beside each DOCX: the pipeline without an office suite."""

    name = "fake"

    def __init__(self):
        self.calls: list[list[Path]] = []

    def convert(self, docx_files: list[Path]) -> list[Path]:
        self.calls.append(list(docx_files))
        pdfs = []
        for docx in docx_files:
            pdf = docx.with_suffix(".pdf")
            with pymupdf.open() as doc:
                doc.new_page()
                doc.save(str(pdf))
            pdfs.append(pdf)
        return pdfs


def test_one_engine_call_converts_every_letter(tmp_path):
    engine = FakeEngine()
    summary = build([LETTERS], tmp_path / "out", engine=engine)
    assert summary.ok
    assert len(engine.calls) == 1 and len(engine.calls[0]) == len(summary.results) >= 3
    for result in summary.results:
        assert {p.suffix for p in result.outputs} == {".docx", ".pdf"}


def test_libreoffice_copy_uses_ordinary_justification_and_plain_page_field(tmp_path):
    build([SEED], tmp_path / "out", pdf=False)
    docx = tmp_path / "out" / "2567" / "e-laas-circular.docx"
    copy = tmp_path / "copy.docx"
    assert prepare_copy(docx, copy) is True                   # Thai page numbers wanted
    with zipfile.ZipFile(docx) as original, zipfile.ZipFile(copy) as adjusted:
        assert "thaiDistribute" in original.read("word/document.xml").decode()
        document = adjusted.read("word/document.xml").decode()
        headers = "".join(adjusted.read(n).decode() for n in adjusted.namelist() if n.startswith("word/header"))
    assert "thaiDistribute" not in document and 'w:jc w:val="both"' in document
    assert "ThaiArabic" not in headers and " PAGE " in headers
    assert 'w:bidi="th-TH"' in document and 'w:val="th-TH"' not in document.replace('w:bidi="th-TH"', "")


def test_arabic_letters_keep_arabic_page_numbers(tmp_path):
    tree = tmp_path / "letters"
    tree.mkdir()
    (tree / "agency.yaml").write_text((LETTERS / "agency.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    text = SEED.read_text(encoding="utf-8") + "digits: arabic\n"
    (tree / "letter.yaml").write_text(text, encoding="utf-8")
    build([tree], tmp_path / "out", pdf=False)
    copy = tmp_path / "copy.docx"
    assert prepare_copy(tmp_path / "out" / "letter.docx", copy) is False


def test_engine_choice(monkeypatch):
    assert isinstance(choose_engine("libreoffice"), LibreOfficeEngine)
    with pytest.raises(SetupError, match="unknown engine"):
        choose_engine("typewriter")
    monkeypatch.setattr(WordEngine, "available", staticmethod(lambda: False))
    assert isinstance(choose_engine("auto"), LibreOfficeEngine)
    with pytest.raises(SetupError, match="Microsoft Word"):
        choose_engine("word")
    monkeypatch.setattr(WordEngine, "available", staticmethod(lambda: True))
    assert isinstance(choose_engine("auto"), WordEngine)


def test_word_engine_drives_docx2pdf(tmp_path, monkeypatch):
    calls = []

    def convert(source, target):
        calls.append((source, target))
        Path(target).write_bytes(b"%PDF-1.7\n")

    monkeypatch.setitem(sys.modules, "docx2pdf", types.SimpleNamespace(convert=convert))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"")
    assert WordEngine().convert([docx]) == [tmp_path / "a.pdf"]
    assert calls == [(str(docx), str(tmp_path / "a.pdf"))]


def test_missing_libreoffice_is_a_setup_error(monkeypatch, tmp_path):
    monkeypatch.setattr("generator.pdf.engines.libreoffice.soffice_path", lambda: None)
    with pytest.raises(SetupError, match="LibreOffice is not installed"):
        LibreOfficeEngine().convert([tmp_path / "a.docx"])


def test_thai_numbers_get_a_run_of_their_own_in_libreoffices_copy():
    from generator.pdf.engines.libreoffice import _thai_numbers_apart

    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.'
           'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:rPr><w:b/><w:lang w:val="th-TH" '
           'w:bidi="th-TH"/></w:rPr><w:t>เป็นเงิน ๗,๒๐๐ บาท เมื่อ ๑๐/๐๓/๒๕๖๘ และ ๑๒ คน</w:t></w:r></w:p></w:body></w:document>')
    out = _thai_numbers_apart(xml)
    runs = re.findall(r"<w:r>(.*?)</w:r>", out)
    texts = [re.search(r"<w:t[^>]*>(.*?)</w:t>", run).group(1) for run in runs]
    assert texts == ["เป็นเงิน", " ๗,๒๐๐", " บาท เมื่อ", " ๑๐/๐๓/๒๕๖๘", " และ ๑๒ คน"]
    assert all("<w:b/>" in run for run in runs)                       # the run's look is kept
    assert ['w:bidi="th-TH-u-nu-thai"' in run for run in runs] == [False, True, False, True, False]
    assert _thai_numbers_apart(xml.replace("๗,๒๐๐", "7,200").replace("๑๐/๐๓/๒๕๖๘", "๑๐ มีนาคม")) == \
        xml.replace("๗,๒๐๐", "7,200").replace("๑๐/๐๓/๒๕๖๘", "๑๐ มีนาคม")     # nothing to do: untouched


@needs_soffice
def test_a_thai_amount_is_not_split_by_justification(tmp_path):
    """LibreOffice 7.4 put 3.6 pt between ๗ and the comma of ๗,๒๐๐ in a justified line (memo-training);
    every amount of a long justified paragraph now prints as typed."""
    from tests.helpers_input import GOOD, letters_tree

    sentence = "ค่าใช้จ่ายในการเดินทางไปราชการเป็นเงินไม่เกิน ๗,๒๐๐ บาท ตามระเบียบกระทรวงการคลัง "
    letters = letters_tree(tmp_path, {"a.yaml": GOOD.replace("  ข้อความ\n", f"  {sentence * 14}\n")})
    summary = build([letters / "a.yaml"], tmp_path / "out", engine="libreoffice")
    assert summary.ok, [p.what() for r in summary.results for p in r.problems]
    found = []
    with pymupdf.open(str(tmp_path / "out" / "a.pdf")) as doc:
        for page in doc:
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    chars = [c for span in line["spans"] for c in span["chars"]]
                    text = "".join(c["c"] for c in chars)
                    for match in re.finditer("๗,๒๐๐", text):
                        number = chars[match.start():match.end()]
                        found.append(max(b["bbox"][0] - a["bbox"][2] for a, b in zip(number, number[1:])))
    assert len(found) >= 10
    assert max(found) < 0.5, found                         # points between the number's characters
    with pikepdf.open(tmp_path / "out" / "a.pdf") as pdf:    # and its tags still say Thai
        languages = {str(o.Lang) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/Lang" in o}
    assert languages <= {"th-TH", "en-US"}, languages
