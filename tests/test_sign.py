"""`saraban sign` and `saraban verify` (issue 15): PAdES into the letter's signature field, B-B and
B-T against a time-stamp server on 127.0.0.1, checked with pyHanko against the test root; the
PDF/A form kept; a draft refused; the unsigned original never overwritten without --in-place."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from generator.cli import main
from generator.esaraban.verifying import verify
from tests.conftest import needs_soffice
from tests.helpers_pdfa import pdfa_problems
from tests.helpers_pki import PASSPHRASE, SIGNER_NAME, TimeStampServer, make_pki

pyhanko = pytest.importorskip("pyhanko")
pytestmark = needs_soffice


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def tsa(pki):
    with TimeStampServer(pki) as server:
        yield server


@pytest.fixture
def letters(built, tmp_path, monkeypatch) -> Path:
    """Copies of built examples to sign; the key's passphrase in the environment."""
    monkeypatch.setenv("SARABAN_KEY_PASSPHRASE", PASSPHRASE.decode())
    for name in ("2567/budget-request", "2568/thanks-draft", "2568/minutes-district-heads-1"):
        shutil.copy(built.pdf(name), tmp_path / Path(name).with_suffix(".pdf").name)
    return tmp_path


def pyhanko_status(pdf: Path, root: Path, index: int = 0):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root))])
    with pdf.open("rb") as handle:
        signature = PdfFileReader(handle).embedded_regular_signatures[index]
        return signature, validate_pdf_signature(signature, context, ts_validation_context=context)


def test_b_b_signature_is_intact_trusted_pades_and_keeps_pdfa(letters, pki):
    original = letters / "budget-request.pdf"
    before = original.read_bytes()
    assert main(["sign", str(original), "--pkcs12", str(pki.signer_p12), "--reason", "อนุมัติ"]) == 0
    signed = letters / "budget-request.signed.pdf"
    assert original.read_bytes() == before                          # the original untouched
    assert signed.read_bytes().startswith(before)                   # an incremental update
    signature, status = pyhanko_status(signed, pki.root)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert signature.field_name == "signature"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["common_name"] == SIGNER_NAME
    assert status.timestamp_validity is None
    [report] = verify(signed, [pki.root])
    assert (report.intact, report.trusted, report.level, report.timestamped) == (True, True, "B-B", False)
    assert pdfa_problems(signed, "2b") == []
    with pikepdf.open(signed) as doc:
        assert doc.pdf_version == "1.7" or doc.pdf_version < "2.0"


def test_b_t_signature_carries_a_time_stamp_from_the_local_server(letters, pki, tsa, monkeypatch):
    monkeypatch.delenv("SARABAN_KEY_PASSPHRASE")                # the PEM key is not encrypted
    requests = tsa.requests
    pdf = letters / "budget-request.pdf"
    assert main(["sign", str(pdf), "--key", str(pki.signer_key), "--cert", str(pki.signer_cert),
                 "--timestamp", tsa.url, "--out", str(letters / "bt.pdf")]) == 0
    _, status = pyhanko_status(letters / "bt.pdf", pki.root)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.intact
    assert status.timestamp_validity.trusted
    assert tsa.requests > requests
    [report] = verify(letters / "bt.pdf", [pki.root])
    assert (report.level, report.timestamped) == ("B-T", True)
    assert pdfa_problems(letters / "bt.pdf", "2b") == []


def test_b_lta_adds_validation_information_and_a_document_time_stamp(letters, pki, tsa):
    pdf = letters / "budget-request.pdf"
    assert main(["sign", str(pdf), "--pkcs12", str(pki.signer_p12), "--timestamp", tsa.url, "--lta",
                 "--trust", str(pki.root), "--out", str(letters / "lta.pdf")]) == 0
    [report] = verify(letters / "lta.pdf", [pki.root])
    assert (report.intact, report.trusted, report.level, report.signer) == (True, True, "B-LTA", SIGNER_NAME)
    assert pdfa_problems(letters / "lta.pdf", "2b") == []


def test_lta_without_a_time_stamp_server_is_refused(letters, pki, capsys):
    assert main(["sign", str(letters / "budget-request.pdf"), "--pkcs12", str(pki.signer_p12), "--lta"]) == 1
    assert "--lta needs a time-stamp server" in capsys.readouterr().out
    assert not (letters / "budget-request.signed.pdf").exists()


def test_the_appearance_is_drawn_in_thai_inside_the_field(letters, pki, tmp_path):
    pdf = letters / "budget-request.pdf"
    assert main(["sign", str(pdf), "--pkcs12", str(pki.signer_p12), "--out", str(tmp_path / "look.pdf")]) == 0
    with pikepdf.open(tmp_path / "look.pdf") as doc:
        field = doc.Root.AcroForm.Fields[0]
        left, bottom, right, top = (float(v) for v in field.Rect)
        height = float(doc.pages[1].mediabox[3])
        assert "/V" in field and "/N" in field.AP
        # The appearance alone as a page's content, so PDFium reads its text (with its ToUnicode).
        alone = pikepdf.new()
        form = alone.copy_foreign(field.AP.N)
        alone.add_blank_page(page_size=(right - left, top - bottom))
        alone.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form))
        alone.pages[0].Contents = alone.make_stream(b"/Fm Do")
        alone.save(tmp_path / "appearance.pdf")
    import pypdfium2 as pdfium
    text = pdfium.PdfDocument(str(tmp_path / "appearance.pdf"))[0].get_textpage().get_text_range()
    flat = "".join(text.split())
    assert "ลงนามด้วยลายมือชื่ออิเล็กทรอนิกส์โดย" in flat
    assert "(นายสมชายใจดี)" in flat
    assert "วันที่" in flat and "เวลา" in flat
    # Ink inside the field, none in the unsigned letter's same place (the PNG is kept to look at).
    prefix = tmp_path / "appearance"
    subprocess.run(["pdftoppm", "-r", "100", "-f", "2", "-l", "2", "-png", str(tmp_path / "look.pdf"), str(prefix)],
                   check=True)
    image = np.asarray(Image.open(next(tmp_path.glob("appearance*.png"))).convert("L"))
    scale = 100 / 72
    box = image[int((height - top) * scale):int((height - bottom) * scale), int(left * scale):int(right * scale)]
    assert (box < 128).mean() > 0.02


def test_a_draft_is_refused_and_nothing_is_written(letters, pki, capsys):
    draft = letters / "thanks-draft.pdf"
    assert main(["sign", str(draft), "--pkcs12", str(pki.signer_p12)]) == 1
    assert "draft" in capsys.readouterr().out
    assert not (letters / "thanks-draft.signed.pdf").exists()
    assert sorted(p.name for p in letters.iterdir() if p.name.startswith(".")) == []


def test_no_overwrite_without_in_place_and_each_signer_signs_their_field(letters, pki, capsys):
    minutes = letters / "minutes-district-heads-1.pdf"
    assert main(["sign", str(minutes), "--pkcs12", str(pki.signer_p12), "--out", str(minutes)]) == 1
    assert "--in-place" in capsys.readouterr().out
    before = minutes.read_bytes()
    assert main(["sign", str(minutes), "--pkcs12", str(pki.signer_p12), "--in-place"]) == 0
    assert "the certificate is นายสมชาย ใจดี's, the field is for นางสาวรัตนา บุญมา" in capsys.readouterr().out
    assert minutes.read_bytes().startswith(before)
    assert main(["sign", str(minutes), "--pkcs12", str(pki.signer_p12), "--in-place"]) == 0
    reports = verify(minutes, [pki.root])
    assert [r.field for r in reports] == ["signature", "signature-2"]
    assert all(r.intact and r.trusted for r in reports)
    assert reports[0].coverage.startswith("its revision") and reports[1].coverage == "the whole file"
    assert main(["sign", str(minutes), "--pkcs12", str(pki.signer_p12), "--in-place"]) == 1
    assert "no empty signature field" in capsys.readouterr().out
    assert pdfa_problems(minutes, "2b") == []


def test_verify_reports_a_changed_file_as_not_intact(letters, pki, capsys):
    pdf = letters / "budget-request.pdf"
    assert main(["sign", str(pdf), "--pkcs12", str(pki.signer_p12)]) == 0
    signed = letters / "budget-request.signed.pdf"
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Producer") + 20                        # a byte of the signed, original revision
    data[at] = ord("X") if data[at] != ord("X") else ord("Y")
    signed.write_bytes(bytes(data))
    assert main(["verify", str(signed), "--trust", str(pki.root)]) == 1
    assert "NOT intact" in capsys.readouterr().out


def test_a_wrong_passphrase_or_missing_key_is_one_line_without_a_traceback(letters, pki, capsys, monkeypatch):
    monkeypatch.setenv("SARABAN_KEY_PASSPHRASE", "wrong")
    assert main(["sign", str(letters / "budget-request.pdf"), "--pkcs12", str(pki.signer_p12)]) == 3
    printed = capsys.readouterr()
    assert "could not read the signing key" in printed.err and "Traceback" not in printed.err + printed.out
    assert main(["sign", str(letters / "budget-request.pdf"), "--key", str(letters / "none.key"),
                 "--cert", str(pki.signer_cert)]) == 3
    assert "none.key does not exist" in capsys.readouterr().err.replace("\n", "")
    assert not (letters / "budget-request.signed.pdf").exists()
