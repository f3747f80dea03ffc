"""`saraban export` (issue 15): the TH e-GIF CorrespondenceLetter record, XML and JSON, read back:
the letter's fields, the agency's organisation codes, the PDF and each enclosure file in base64."""
from __future__ import annotations

import base64
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from generator.cli import main
from generator.esaraban.egif import NAMESPACE, from_xml
from tests.conftest import LETTERS, needs_soffice

pytestmark = needs_soffice

LETTER = """\
kind: external
number: 41
date: 2025-02-03
urgency: ด่วนมาก
secrecy: ลับ
subject: ส่งรายงาน <ผล> & "ภาพ" การสำรวจ
to: นายอำเภอเมืองเพชรบุรี
references:
  - หนังสืออำเภอเมืองเพชรบุรี ที่ พบ 0017/12 ลงวันที่ 2 มกราคม 2568
enclosures:
  - title: รายงานการสำรวจ
    file: files/report.pdf
  - title: ภาพถ่าย
    count: ๒ ภาพ
    file: files/photo.png
qr:
  url: https://banlad.example.go.th/docs/2568/survey
  caption: สแกนเพื่อดาวน์โหลดเอกสารทั้งหมด
body: |
  อำเภอบ้านลาดขอส่ง **รายงาน** การสำรวจพื้นที่

  จึงเรียนมาเพื่อโปรดทราบ
signer: district-chief
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export")
    tree = root / "letters"
    (tree / "files").mkdir(parents=True)
    shutil.copy(LETTERS / "agency.yaml", tree / "agency.yaml")
    with (tree / "agency.yaml").open("a", encoding="utf-8") as profile:
        profile.write("egif:\n  ministry_id: '0000000000000015'\n  department_id: '0000000000001503'\n")
    (tree / "letter.yaml").write_text(LETTER, encoding="utf-8")
    Image.new("RGB", (40, 30), "navy").save(tree / "files" / "photo.png")
    (tree / "files" / "report.pdf").write_bytes(_small_pdf())
    assert main(["export", str(tree), "--out", str(root / "out")]) == 0
    assert main(["export", str(tree), "--format", "json", "--out", str(root / "out")]) == 0
    return root


def _small_pdf() -> bytes:
    import io

    import pikepdf
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_the_xml_record_reads_back_with_every_field(exported):
    text = (exported / "out" / "letter.egif.xml").read_bytes()
    assert ET.fromstring(text).tag == f"{{{NAMESPACE}}}CorrespondenceLetter"
    record = from_xml(text)
    assert record["ID"] == "พบ ๐๐๒๓.๑๐/๔๑"
    assert record["CorrespondenceDate"] == "2025-02-03"
    assert record["Subject"] == 'ส่งรายงาน <ผล> & "ภาพ" การสำรวจ'          # escaped by the library, read back whole
    assert (record["SecretCode"], record["SpeedCode"]) == ("002", "003")
    sender = record["SenderParty"]
    assert (sender["GivenName"], sender["FamilyName"]) == ("วิสนีย์", "จงใจจักร")
    assert sender["JobTitle"] == "นายอำเภอบ้านลาด"
    assert (sender["MinistryID"], sender["DepartmentID"]) == ("0000000000000015", "0000000000001503")
    assert record["ReceiverParty"]["JobTitle"] == "นายอำเภอเมืองเพชรบุรี"
    assert [r["Subject"] for r in record["ReferenceCorrespondence"]] == [
        "หนังสืออำเภอเมืองเพชรบุรี ที่ พบ 0017/12 ลงวันที่ 2 มกราคม 2568"]
    assert [a["Name"] for a in record["Attachment"]] == ["รายงานการสำรวจ", "ภาพถ่าย"]
    assert record["Description"] == "อำเภอบ้านลาดขอส่ง รายงาน การสำรวจพื้นที่"
    main_letter = record["MainLetterBinaryObject"]
    assert main_letter["mimeCode"] == "application/pdf"
    assert base64.b64decode(main_letter["value"]) == (exported / "out" / "letter.pdf").read_bytes()
    files = record["AttachmentBinaryObject"]
    assert [(f["fileName"], f["mimeCode"]) for f in files] == [("report.pdf", "application/pdf"),
                                                              ("photo.png", "image/png")]
    assert base64.b64decode(files[1]["value"]) == (exported / "letters" / "files" / "photo.png").read_bytes()


def test_json_is_the_same_record(exported):
    as_json = json.loads((exported / "out" / "letter.egif.json").read_text(encoding="utf-8"))["CorrespondenceLetter"]
    as_xml = from_xml((exported / "out" / "letter.egif.xml").read_bytes())
    assert as_json == as_xml


def test_a_draft_and_a_file_outside_the_tree_are_not_exported(tmp_path, capsys):
    tree = tmp_path / "letters"
    tree.mkdir()
    shutil.copy(LETTERS / "agency.yaml", tree / "agency.yaml")
    (tree / "draft.yaml").write_text(LETTER.replace("number: 41", "number: auto").replace("    file: files/report.pdf\n", "")
                                     .replace("    file: files/photo.png\n", ""), encoding="utf-8")
    (tmp_path / "secret.pdf").write_bytes(_small_pdf())
    (tree / "outside.yaml").write_text(LETTER.replace("files/report.pdf", "../secret.pdf")
                                       .replace("    file: files/photo.png\n", ""), encoding="utf-8")
    assert main(["export", str(tree), "--out", str(tmp_path / "out")]) == 1
    printed = capsys.readouterr().out
    assert "a draft is not sent" in printed
    assert not list((tmp_path / "out").rglob("*.egif.xml"))


def test_the_bundle_is_the_letter_then_its_enclosures_with_bookmarks(exported, capsys, tmp_path):
    import pikepdf

    from tests.conftest import decode_qr
    tree, out = exported / "letters", exported / "out"
    assert main(["bundle", str(tree), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "not PDF/A: report.pdf, photo.png" in printed
    letter_pages = len(pikepdf.open(out / "letter.pdf").pages)
    with pikepdf.open(out / "letter.bundle.pdf") as doc:
        assert len(doc.pages) == letter_pages + 2
        with doc.open_outline() as outline:
            marks = [(item.title, doc.pages.index(pikepdf.Page(item.destination[0]))) for item in outline.root]
        assert marks == [("หนังสือ", 0), ("สิ่งที่ส่งมาด้วย ๑", letter_pages), ("สิ่งที่ส่งมาด้วย ๒", letter_pages + 1)]
        image_page = doc.pages[letter_pages + 1]
        assert len(image_page.get_images()) == 1
        assert "pdfaid:part" not in doc.open_metadata()
        assert "/AcroForm" in doc.Root                    # the letter's signature field is kept
    if shutil.which("zbarimg"):
        assert decode_qr(out / "letter.bundle.pdf", letter_pages, tmp_path) == {
            "https://banlad.example.go.th/docs/2568/survey"}
