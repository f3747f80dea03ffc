"""The sending register in CSV, XLSX (read back) and PDF (A4 landscape, headings on every page).
(The draft mark of `number: auto` letters is tested in test_draft_mark.py.)"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pymupdf
import pytest

from generator.cli import main
from generator.letter.tree import discover
from generator.pdf import fonts
from generator.registers import numbering
from tests.conftest import CM, needs_soffice, pdf_lines
from tests.helpers_pdf import ASCENT, TOL
from tests.test_numbering import letter, tree

HEADINGS = ["วันที่ลงทะเบียน", "เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"]
REGISTER_NOTE = "register:\n  action: ส่งทางไปรษณีย์\n  remarks: แนบเอกสาร 2 ชุด\n"


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    """A year of letters (2569): 30 normal ones with number 12 missing and number 7 cancelled,
    two circulars, one letter of 2568 (not in the register)."""
    root = tmp_path_factory.mktemp("register")
    files = {f"n{i:02d}.yaml": letter((dt.date(2026, 2, 1) + dt.timedelta(days=i)).isoformat(),
                                      extra=REGISTER_NOTE if i == 3 else "")
             for i in range(1, 31)}
    files |= {"c1.yaml": letter("2026-03-01", extra="circular: true\n"),
              "c2.yaml": letter("2026-03-02", extra="circular: true\n"),
              "old.yaml": letter("2025-12-30", 500)}
    folder = tree(root, files)
    numbering.issue(discover([folder]), dt.date(2026, 3, 5))
    (folder / "n12.yaml").unlink()
    cancelled = folder / "n07.yaml"
    cancelled.write_text(cancelled.read_text(encoding="utf-8") + "status: cancelled\n", encoding="utf-8")
    return folder


def register(letters, tmp_path, form: str) -> tuple[int, object]:
    target = tmp_path / f"register.{form}"
    code = main(["register", str(letters), "--year", "2569", "--format", form, "--out", str(target)])
    return code, target


def test_csv(letters, tmp_path):
    code, target = register(letters, tmp_path, "csv")
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                      # Excel reads Thai CSV only with a BOM
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()       # 0644 under umask 022
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["ชุดเลข"] + HEADINGS
    body = rows[1:]
    assert [int(r[2]) for r in body] == list(range(1, 31)) + [1, 2]      # normal series, then ว
    assert [r[0] for r in body] == ["หนังสือ พบ ๐๐๒๓.๑๐"] * 30 + ["หนังสือเวียน พบ ๐๐๒๓.๑๐/ว"] * 2
    assert body[2] == ["หนังสือ พบ ๐๐๒๓.๑๐", "๕ มี.ค. ๒๕๖๙", "3", "พบ ๐๐๒๓.๑๐/๓", "๔ ก.พ. ๒๕๖๙", "อำเภอบ้านลาด",
                       "ผู้รับ", "เรื่องทดสอบ", "ส่งทางไปรษณีย์", "แนบเอกสาร ๒ ชุด"]
    assert body[6][2] == "7" and body[6][9] == "ยกเลิก" and body[6][3] == "พบ ๐๐๒๓.๑๐/๗"
    assert body[11][2:4] == ["12", ""] and body[11][9] == "ไม่พบหนังสือเลขนี้"
    assert body[30][3] == "พบ ๐๐๒๓.๑๐/ว ๑"
    assert "500" not in [r[2] for r in body]


def current_umask() -> int:
    import os
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_xlsx_read_back(letters, tmp_path):
    from openpyxl import load_workbook
    code, target = register(letters, tmp_path, "xlsx")
    assert code == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~current_umask()
    book = load_workbook(target)
    assert book.sheetnames == ["หนังสือ พบ ๐๐๒๓.๑๐", "หนังสือเวียน พบ ๐๐๒๓.๑๐-ว"]   # a sheet per series
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADINGS
    assert len(values) == 1 + 30 and len(list(book.worksheets[1].iter_rows())) == 1 + 2
    third = values[3]
    assert third[0] == dt.datetime(2026, 3, 5) and third[1] == 3 and third[3] == dt.datetime(2026, 2, 4)
    assert sheet.cell(row=4, column=1).number_format == "[$-107041E]d mmmm yyyy"     # shown in พ.ศ.
    assert third[2] == "พบ ๐๐๒๓.๑๐/๓" and third[7] == "ส่งทางไปรษณีย์"
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


def test_a_letter_with_an_error_stops_the_register(letters, tmp_path, capsys):
    bad = tree(tmp_path, {"a.yaml": letter("2026-01-02", 1), "b.yaml": "kind: external\nnumber: x\n"})
    code = main(["register", str(bad), "--year", "2569", "--out", str(tmp_path / "r.csv")])
    assert code == 1 and not (tmp_path / "r.csv").exists()
    assert "b.yaml:2: number" in capsys.readouterr().out


@needs_soffice
def test_pdf_landscape_with_headings_on_every_page(letters, tmp_path):
    code, target = register(letters, tmp_path, "pdf")
    assert code == 0
    lines = pdf_lines(target)
    with pymupdf.open(str(target)) as doc:
        pages = doc.page_count
        for page in doc:
            assert page.rect.width == pytest.approx(29.7 * CM, abs=1)
            assert page.rect.height == pytest.approx(21 * CM, abs=1)
    assert pages == 2                                             # 32 rows of 14 pt
    for number in range(1, pages + 1):
        on_page = [l for l in lines if l.page == number]
        title = next(l for l in on_page if l.text.startswith("ทะเบียนหนังสือส่ง"))
        assert title.text == "ทะเบียนหนังสือส่ง อำเภอบ้านลาด พ.ศ. ๒๕๖๙"
        assert title.size == pytest.approx(18, abs=0.1) and "Bold" in title.font
        assert title.centre == pytest.approx(29.7 / 2 * CM, abs=TOL)
        assert title.baseline == pytest.approx(0.8 * CM + ASCENT * 18, abs=TOL)     # the header's first line
        page_number = next(l for l in on_page if l.text.startswith("หน้า"))
        assert page_number.text.replace(" ", "") in (f"หน้า{number}", f"หน้า{'๐๑๒๓๔๕๖๗๘๙'[number]}")
        assert page_number.x1 == pytest.approx(28.7 * CM, abs=TOL) and page_number.size == pytest.approx(14, abs=0.1)
        heading_row = sorted((l for l in on_page if l.text in ("ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ",
                                                               "หมายเหตุ")), key=lambda l: l.x0)
        assert [l.text for l in heading_row] == ["ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"]
        for heading in heading_row:                               # at the top margin, 14 pt bold
            assert heading.baseline == pytest.approx(2.2 * CM + ASCENT * 14, abs=TOL)
            assert heading.size == pytest.approx(14, abs=0.1) and "Bold" in heading.font
    assert any(l.text == "พบ ๐๐๒๓.๑๐/ว ๒" for l in lines)
    titles = [l for l in lines if l.text in ("หนังสือ พบ ๐๐๒๓.๑๐", "หนังสือเวียน พบ ๐๐๒๓.๑๐/ว")]   # a heading per series
    assert [l.text for l in titles] == ["หนังสือ พบ ๐๐๒๓.๑๐", "หนังสือเวียน พบ ๐๐๒๓.๑๐/ว"]
    assert all("Bold" in l.font for l in titles)
    assert any(l.text == "ยกเลิก" for l in lines)
    assert not fonts.unexpected_fonts(target, {"TH SarabunPSK", fonts.SUBSTITUTE_FAMILY})
