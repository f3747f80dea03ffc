"""Archival PDFs (issue 15): every example is PDF/A-2b, its XMP agrees with its document
information, an empty signature field lies over each signer's signing space, the source may be
embedded (PDF/A-3b) and agency.yaml may turn PDF/A off."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from generator.build.pipeline import build
from generator.pdf.archival import DRAFT_KEY
from tests.conftest import LETTERS, find, needs_soffice, pdf_lines
from tests.helpers_pdfa import claimed_part, pdfa_problems

pytestmark = needs_soffice

NUMBER = re.compile(r"^number: .*$", re.MULTILINE)
EXAMPLES = sorted(f.relative_to(LETTERS).with_suffix("").as_posix() for f in LETTERS.rglob("*.yaml")
                  if f.name != "agency.yaml")


@pytest.mark.parametrize("letter", EXAMPLES)
def test_every_example_is_pdfa_2b(built, letter):
    pdf = built.pdf(letter)
    assert claimed_part(pdf) == ("2", "B")
    assert pdfa_problems(pdf, "2b") == []


def test_the_xmp_agrees_with_the_document_information(built):
    with pikepdf.open(built.pdf("2567/budget-request")) as doc:
        info, meta = doc.docinfo, doc.open_metadata()
        assert meta["dc:title"] == str(info.Title) == "ขอรับการสนับสนุนงบประมาณโครงการป้องกันและบรรเทาอุทกภัย ประจำปีงบประมาณ พ.ศ. 2568"
        assert meta["dc:creator"] == [str(info.Author)] == ["อำเภอบ้านลาด"]
        assert meta["dc:language"] == {"th"}
        assert meta["pdf:Producer"] == str(info.Producer)
        assert dt.datetime.fromisoformat(meta["xmp:CreateDate"]) == dt.datetime(2024, 11, 18, tzinfo=dt.timezone.utc)
        assert str(info.CreationDate) == "D:20241118000000+00'00'"
        assert "/OutputIntents" in doc.Root and doc.Root.OutputIntents[0].S == "/GTS_PDFA1"
        assert "/ID" in doc.trailer


def fields(pdf: Path) -> dict[str, tuple[int, list[float]]]:
    """Each form field's name: its page (1-based) and rectangle."""
    with pikepdf.open(pdf) as doc:
        pages = {page.obj.objgen: number for number, page in enumerate(doc.pages, start=1)}
        return {str(f.T): (pages[f.P.objgen], [float(v) for v in f.Rect])
                for f in doc.Root.get("/AcroForm", {}).get("/Fields", [])}


def assert_over_the_signing_space(pdf: Path, rect_page, name: str, above: str) -> None:
    page, (left, bottom, right, top) = rect_page
    lines = pdf_lines(pdf)
    with pikepdf.open(pdf) as doc:
        height = float(doc.pages[page - 1].mediabox[3])
    name_line = find(lines, name, page)
    above_line = find(lines, above, page)
    assert abs((left + right) / 2 - name_line.centre) < 1.0           # centred on the name
    assert right - left >= max(name_line.x1 - name_line.x0, 170)
    assert height - bottom <= name_line.baseline - 10                 # the name stays clear
    assert height - top >= above_line.baseline + 2                    # so does the line above
    assert top - bottom > 30                                          # room to sign


def test_an_empty_signature_field_lies_over_the_signing_space(built):
    pdf = built.pdf("2567/budget-request")
    found = fields(pdf)
    assert list(found) == ["signature"]
    assert found["signature"][0] == 2
    assert_over_the_signing_space(pdf, found["signature"], "(นายสมชาย ใจดี)", "ขอแสดงความนับถือ")
    with pikepdf.open(pdf) as doc:
        field = doc.Root.AcroForm.Fields[0]
        assert field.FT == "/Sig" and "/V" not in field and int(field.F) == 4


def test_minutes_have_a_field_for_each_signer_in_order(built):
    pdf = built.pdf("2568/minutes-district-heads-1")
    found = fields(pdf)
    assert list(found) == ["signature", "signature-2"]
    assert_over_the_signing_space(pdf, found["signature"], "(นางสาวรัตนา บุญมา)", "เลิกประชุมเวลา")
    assert_over_the_signing_space(pdf, found["signature-2"], "(นายสมชาย ใจดี)", "ผู้จดรายงานการประชุม")


def test_a_stamped_letter_has_no_field_and_a_draft_has_none_and_says_why(built):
    assert fields(built.pdf("2568/stamped-data-request")) == {}
    assert fields(built.pdf("2568/thanks-draft")) == {}
    with pikepdf.open(built.pdf("2568/thanks-draft")) as doc:
        assert str(doc.docinfo[DRAFT_KEY]) == "number: auto (not yet issued)"
    with pikepdf.open(built.pdf("2567/budget-request")) as doc:
        assert DRAFT_KEY not in doc.docinfo


@pytest.fixture(scope="module")
def settings_built(tmp_path_factory) -> Path:
    """One letter with its source embedded, one with PDF/A turned off: one build."""
    root = tmp_path_factory.mktemp("archive")
    tree = root / "letters"
    tree.mkdir()
    shutil.copy(LETTERS / "agency.yaml", tree / "agency.yaml")
    letter = (LETTERS / "2567" / "e-laas-circular.yaml").read_text(encoding="utf-8")
    for folder, setting, number in (("archive", "pdf:\n  embed_source: true\n", 1), ("plain", "pdf:\n  standard: none\n", 2)):
        (tree / folder).mkdir()
        (tree / folder / "agency.yaml").write_text(setting, encoding="utf-8")
        (tree / folder / "letter.yaml").write_text(NUMBER.sub(f"number: {number}", letter, count=1), encoding="utf-8")
    summary = build([tree], root / "out", engine="libreoffice")
    assert summary.ok, [str(p) for r in summary.results for p in r.errors]
    return root


def test_the_source_embedded_makes_a_pdfa_3b(settings_built):
    pdf = settings_built / "out" / "archive" / "letter.pdf"
    assert claimed_part(pdf) == ("3", "B")
    assert pdfa_problems(pdf, "3b") == []
    with pikepdf.open(pdf) as doc:
        spec = doc.Root.AF[0]
        assert spec.AFRelationship == "/Source" and str(spec.F) == "letter.yaml"
        assert spec.EF.F.Subtype == "/application#2Fyaml" or str(spec.EF.F.Subtype) == "/application/yaml"
        assert spec.EF.F.read_bytes() == (settings_built / "letters" / "archive" / "letter.yaml").read_bytes()


def test_standard_none_claims_no_pdfa(settings_built):
    pdf = settings_built / "out" / "plain" / "letter.pdf"
    assert claimed_part(pdf) is None
    with pikepdf.open(pdf) as doc:
        assert doc.open_metadata()["dc:title"] == str(doc.docinfo.Title)
        assert "/AF" not in doc.Root and list(fields(pdf)) == ["signature"]


def test_both_libreoffice_engines_export_pdfa_2b():
    """The warm engine's worker runs under the system Python (it imports uno), so its setting is
    read from its source."""
    import ast

    from generator.pdf.engines import libreoffice
    worker = Path(libreoffice.__file__).with_name("uno_worker.py")
    assigned = {node.targets[0].id: ast.literal_eval(node.value) for node in ast.parse(worker.read_text()).body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "PDF_EXPORT"}
    assert assigned["PDF_EXPORT"] == libreoffice.PDF_EXPORT == {"SelectPdfVersion": 2}
    assert libreoffice.PDF_FILTER == 'pdf:writer_pdf_Export:{"SelectPdfVersion": {"type": "long", "value": "2"}}'
