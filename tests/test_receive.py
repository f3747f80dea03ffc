"""saraban receive: the receiving number (เลขรับ), the receiving stamp (ตรารับ), the record and the
receiving register (ทะเบียนหนังสือรับ). Positions are points from the page's top-left corner."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from generator.cli import main
from generator.letter.tree import discover
from generator.receiving.receive import receive
from generator.receiving.record import check_record, load_record
from generator.receiving.stamp import HEIGHT, INK, WIDTH, stamp_pdf, stamp_text
from tests.conftest import CM, REAL_FONTS, REPO, make_tree, pdf_lines

AT = dt.datetime(2024, 9, 5, 13, 40)
OFFICE = "อำเภอบ้านลาด"                       # letters/agency.yaml's name: the receiving office here
STAMP_LINES = [OFFICE, "เลขรับที่ ๑", "วันที่ ๕ ก.ย. ๖๗", "เวลา ๑๓.๔๐ น."]
PAGE_W, PAGE_H = 21 * CM, 29.7 * CM


# --------------------------------------------------------------------- helpers

def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path, fonts=REAL_FONTS if REAL_FONTS.is_dir() else None)


def stamp_box(record_file: Path) -> tuple[float, float, float, float]:
    """The stamp's box (x0, top, x1, bottom) from its record."""
    record, _ = load_record(record_file)
    x0, top = record.stamp.left_cm * CM, record.stamp.top_cm * CM
    return x0, top, x0 + WIDTH, top + HEIGHT


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def found_text(pdf: Path, text: str) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom) of ``text`` found by a search of page 1's text layer."""
    document = pdfium.PdfDocument(pdf)
    page = document[0]
    height = page.get_height()
    textpage = page.get_textpage()
    searcher = textpage.search(text)
    boxes = []
    while (hit := searcher.get_next()) is not None:
        index, count = hit
        chars = [textpage.get_charbox(i) for i in range(index, index + count)]
        boxes.append((min(c[0] for c in chars), height - max(c[3] for c in chars),
                      max(c[2] for c in chars), height - min(c[1] for c in chars)))
    return boxes


def text_pdf(target: Path, lines: list[tuple[float, float, str]], extra: str = "") -> Path:
    """A one-page A4 PDF with Helvetica text at (x, top) points: a letter made elsewhere."""
    pdf = pikepdf.new()
    ops = ["BT /F1 12 Tf"]
    for x, top, text in lines:
        ops.append(f"1 0 0 1 {x} {PAGE_H - top - 10:.2f} Tm ({text}) Tj")
    ops.append("ET")
    if extra:
        ops.append(extra)
    page = pdf.add_blank_page(page_size=(PAGE_W, PAGE_H))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.obj.Contents = pdf.make_stream("\n".join(ops).encode("latin-1"))
    pdf.save(target)
    return target


def scanned_pdf(target: Path) -> Path:
    """One page that is one greyish scanned image: a dark block at the top right, text lines below
    from 8.8 cm, dust everywhere; no text layer."""
    import random

    from PIL import Image, ImageDraw
    image = Image.new("L", (1240, 1754), 235)           # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    for y in range(520, 1600, 40):
        draw.rectangle([180, y, 1100, y + 18], fill=30)
    draw.rectangle([700, 60, 1180, 460], fill=40)
    random.seed(1)
    for _ in range(400):
        draw.point((random.randrange(1240), random.randrange(1754)), fill=90)
    image.save(target, resolution=150)
    return target


# --------------------------------------------------------------------- a saraban letter

@pytest.fixture(scope="module")
def received_letter(built, tmp_path_factory):
    """The example circular, as the office would receive it, received once."""
    tmp = tmp_path_factory.mktemp("received")
    root = tree(tmp)
    original = shutil.copy(built.pdf("2567/e-laas-circular"), tmp / "incoming.pdf")
    before = Path(original).read_bytes()
    [receipt] = receive([Path(original)], root, AT)
    return root, Path(original), before, receipt


def test_a_saraban_letter_is_stamped_at_the_top_right_over_no_text(received_letter, built):
    root, original, before, receipt = received_letter
    assert receipt.error is None and receipt.number == 1 and receipt.year == 2567
    assert receipt.stamped == root / "received" / "2567" / "1.pdf"
    assert original.read_bytes() == before                           # the original never changes
    found = []
    for line in STAMP_LINES[1:]:                                     # searchable, shaped Thai
        boxes = [box for box in found_text(receipt.stamped, line) if box[3] < 4 * CM]
        assert len(boxes) == 1, f"{line!r} is not within the top 4 cm once: {boxes}"
        assert boxes[0][0] > PAGE_W / 2, f"{line!r} is not at the right"
        found.append(boxes[0])
    assert [box[1] for box in found] == sorted(box[1] for box in found)      # one under the other
    office = [box for box in found_text(receipt.stamped, OFFICE) if 0 < found[0][1] - box[3] < 10]
    assert len(office) == 1                                                  # the office's name above them
    stamp = stamp_box(receipt.record)
    assert stamp[2] == pytest.approx(PAGE_W - 1 * CM, abs=1)          # 1 cm from the right edge
    assert stamp[3] - stamp[1] == pytest.approx(2.5 * CM) and stamp[2] - stamp[0] == pytest.approx(5 * CM)
    letter = [line for line in pdf_lines(built.pdf("2567/e-laas-circular")) if line.page == 1]
    assert letter
    for line in letter:
        assert not overlaps(stamp, (line.x0, line.top, line.x1, line.bottom)), f"the stamp covers {line.text!r}"
    with pikepdf.open(built.pdf("2567/e-laas-circular")) as pdf:
        assert pdf.pages[0].get_images()                            # the emblem, which it does not cover
    import pymupdf
    with pymupdf.open(str(built.pdf("2567/e-laas-circular"))) as doc:
        for info in doc[0].get_image_info():
            assert not overlaps(stamp, info["bbox"])


def test_a_saraban_letter_fills_its_record_and_passes_check(received_letter):
    root, _, _, receipt = received_letter
    record, _ = load_record(receipt.record)
    assert record.receipt == 1 and record.received == AT
    assert record.number == "พบ ๐๐๒๓.๑๐/ว ๒๗๓๗"
    assert record.date == dt.date(2024, 9, 2)
    assert record.subject == "การปฏิบัติงานในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"
    assert record.to == "นายกเทศมนตรีตำบลบ้านลาด และนายกองค์การบริหารส่วนตำบล ทุกแห่ง"
    assert record.sender == "ที่ว่าการอำเภอบ้านลาด"                  # the head's block at the top right
    assert record.missing() == [] and receipt.missing == []
    assert check_record(receipt.record) == []
    assert receipt.record.read_text(encoding="utf-8").splitlines()[2] == "เลขรับ: 1"     # Thai keys
    assert all(file not in {f for f, _ in discover([root])} for file in (receipt.record,))   # not a letter
    assert oct(receipt.record.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_the_stamp_is_the_regulation_box_in_ink_and_the_office_font(received_letter):
    _, _, _, receipt = received_letter
    with pikepdf.open(receipt.stamped) as pdf:
        fonts = {str(f.BaseFont) for f in _fonts(pdf.pages[0])}
    assert any("+THSarabunPSK" in name or "+SarabanSubstitute" in name for name in fonts), fonts
    page = pdfium.PdfDocument(receipt.stamped)[0]
    image = page.render(scale=2).to_pil().convert("RGB")
    x0, top, x1, bottom = (v * 2 for v in stamp_box(receipt.record))
    border = image.getpixel((int((x0 + x1) / 2), int(top + 1)))          # the box's top edge
    assert border[2] > 120 and border[0] < 100, border                   # blue ink
    assert INK[2] > INK[0]


def _fonts(page):
    resources = page.obj.Resources
    for xobject in resources.get("/XObject", {}).values():
        yield from xobject.get("/Resources", {}).get("/Font", {}).values()
    yield from resources.get("/Font", {}).values()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_flags_override_what_was_read(received_letter, tmp_path):
    root = tree(tmp_path)
    _, original, _, _ = received_letter
    [receipt] = receive([original], root, AT, {"subject": "เรื่องที่แก้", "number": "ที่ ๑/๒๕๖๗",
                                                "date": dt.date(2024, 9, 3), "sender": None})
    record, _ = load_record(receipt.record)
    assert (record.subject, record.number, record.date) == ("เรื่องที่แก้", "ที่ ๑/๒๕๖๗", dt.date(2024, 9, 3))
    assert record.sender == "ที่ว่าการอำเภอบ้านลาด"                  # not given: as read


# --------------------------------------------------------------------- letters made elsewhere

def test_a_full_top_right_moves_the_stamp_to_the_nearest_free_place(tmp_path):
    root = tree(tmp_path)
    block = [(300 + 0, top, "X" * 40) for top in range(20, 200, 14)]       # 300-580 pt, 20-210 from the top
    body = [(60, top, "Body text of the letter " * 3) for top in range(260, 700, 14)]
    original = text_pdf(tmp_path / "full.pdf", block + body)
    [receipt] = receive([original], root, AT)
    assert receipt.error is None and receipt.place.moved and receipt.place.free
    stamp = stamp_box(receipt.record)
    chars = _char_boxes(original)
    assert chars and not any(overlaps(stamp, box) for box in chars)
    block_foot = max(box[3] for box in chars if box[0] >= 300 and box[1] < 250)
    # nearest the top right: straight under the block (moving left past it would be further)
    assert stamp[2] == pytest.approx(PAGE_W - 1 * CM, abs=1)
    assert block_foot < stamp[1] < block_foot + 10
    assert "moved" in receipt.place.describe() and "moved" in load_record(receipt.record)[0].stamp.placed
    record, _ = load_record(receipt.record)
    assert set(record.missing()) == {"number", "date", "sender", "to", "subject"}


def _char_boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    page = pdfium.PdfDocument(pdf)[0]
    textpage, height = page.get_textpage(), page.get_height()
    boxes = []
    for index in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(index)
        if right > left:
            boxes.append((left, height - top, right, height - bottom))
    return boxes


def test_a_scanned_page_is_stamped_on_blank_paper_and_the_clerk_fills_the_record(tmp_path):
    root = tree(tmp_path)
    original = scanned_pdf(tmp_path / "scan.pdf")
    [receipt] = receive([original], root, AT)
    assert receipt.error is None and receipt.number == 1
    assert receipt.missing == ["ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง"]
    problems = check_record(receipt.record)
    assert sorted(p.key for p in problems) == sorted(["number", "date", "sender", "to", "subject"])
    assert all(p.severity == "warning" and "to fill" in p.message for p in problems)
    text = receipt.record.read_text(encoding="utf-8")
    assert text.count("ต้องกรอก") == 5
    # under the stamp, the scan was blank paper (dust aside): no dark pixel of its text or block
    page = pdfium.PdfDocument(original)[0]
    pixels = page.render(scale=1, grayscale=True).to_pil()
    x0, top, x1, bottom = (int(v) for v in stamp_box(receipt.record))
    under = pixels.crop((x0, top, x1, bottom))
    assert sum(1 for value in under.get_flattened_data() if value < 100) <= 5
    assert receipt.place.moved and bottom < 4 * CM                      # left of the block, at the top
    assert found_text(receipt.stamped, "เลขรับที่ ๑")


# --------------------------------------------------------------------- bad input, the same file twice

def test_bad_files_fail_alone_and_use_no_number(tmp_path, capsys):
    root = tree(tmp_path)
    good = text_pdf(tmp_path / "good.pdf", [(60, 100, "A letter")])
    not_pdf = tmp_path / "letter.docx"
    not_pdf.write_bytes(b"PK\x03\x04 not a pdf")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    encrypted = tmp_path / "encrypted.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(encrypted, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    code = main(["receive", "--letters", str(root), "--at", "2024-09-05 13:40",
                 str(not_pdf), str(damaged), str(encrypted), str(good)])
    out = capsys.readouterr().out
    assert code == 1
    assert "letter.docx is not a PDF file / ไม่ใช่ไฟล์ PDF" in out
    assert "damaged.pdf is a damaged PDF" in out and "ไฟล์ PDF เสียหาย" in out
    assert "encrypted.pdf is encrypted" in out and "ไฟล์ถูกเข้ารหัส" in out
    assert out.count("no number was used") == 3
    assert sorted(p.name for p in (root / "received" / "2567").iterdir()) == ["1.pdf", "1.yaml"]


def test_an_office_without_a_name_stamps_nothing(tmp_path, capsys):
    root = tmp_path / "letters"
    root.mkdir()
    (root / "agency.yaml").write_text("digits: thai\n", encoding="utf-8")
    good = text_pdf(tmp_path / "good.pdf", [(60, 100, "A letter")])
    assert main(["receive", "--letters", str(root), str(good)]) == 3
    assert "set `name:`" in capsys.readouterr().err and not (root / "received").exists()


def test_the_same_content_twice_warns_and_does_nothing_unless_forced(tmp_path, capsys):
    root = tree(tmp_path)
    first = text_pdf(tmp_path / "a.pdf", [(60, 100, "A letter")])
    again = shutil.copy(first, tmp_path / "copy-of-a.pdf")
    assert main(["receive", "--letters", str(root), str(first)]) == 0
    assert main(["receive", "--letters", str(root), str(again)]) == 0
    assert "already received" in capsys.readouterr().out
    year = str(dt.date.today().year + 543)
    assert sorted(p.name for p in (root / "received" / year).iterdir()) == ["1.pdf", "1.yaml"]
    assert main(["receive", "--letters", str(root), "--force", str(again)]) == 0
    assert (root / "received" / year / "2.yaml").is_file()


# --------------------------------------------------------------------- numbers

def test_two_clerks_receiving_at_once_never_share_a_number(tmp_path):
    root = tree(tmp_path)
    files = [text_pdf(tmp_path / f"in-{n:02d}.pdf", [(60, 100, f"Letter {n}")]) for n in range(50)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "generator", "receive", "--letters", str(root), "--at", "2024-12-31 16:00"]
    runs = [subprocess.Popen(command + [str(f) for f in files[half::2]], env=env, cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for half in (0, 1)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err
    folder = root / "received" / "2567"
    numbers = sorted(int(f.stem) for f in folder.glob("*.yaml"))
    assert numbers == list(range(1, 51))
    assert sorted(int(f.stem) for f in folder.glob("*.pdf")) == numbers
    hashes = {load_record(f)[0].sha256 for f in folder.glob("*.yaml")}
    assert hashes == {hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def test_numbers_run_through_the_calendar_year(tmp_path):
    root = tree(tmp_path)
    late = text_pdf(tmp_path / "late.pdf", [(60, 100, "December")])
    early = text_pdf(tmp_path / "early.pdf", [(60, 100, "January")])
    assert receive([late], root, dt.datetime(2024, 12, 31, 16, 0))[0].number == 1
    [new_year] = receive([early], root, dt.datetime(2025, 1, 2, 8, 30))
    assert (new_year.number, new_year.year) == (1, 2568)                 # 1 January starts again


# --------------------------------------------------------------------- the receiving register

@pytest.fixture(scope="module")
def register_tree(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("register")
    root = tree(tmp)
    files = [text_pdf(tmp / f"r{n}.pdf", [(60, 100, f"Register {n}")]) for n in range(3)]
    receive(files[:1], root, AT, {"subject": "=HYPERLINK(\"http://x\")", "sender": "จังหวัดเพชรบุรี",
                                  "number": "พบ ๐๐๒๓.๕/ว ๑๒๓๒๒", "date": dt.date(2024, 8, 27), "to": "นายอำเภอ"})
    receive(files[1:], root, AT + dt.timedelta(hours=1), {"subject": "เรื่องที่สอง"})
    return tmp, root


def test_the_register_as_csv(register_tree):
    tmp, root = register_tree
    target = tmp / "out" / "received.csv"
    assert main(["register", str(root), "--received", "--year", "2567", "--out", str(target)]) == 0
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["เลขทะเบียนรับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ", "วันเวลาที่รับ"]
    assert rows[1] == ["1", "พบ ๐๐๒๓.๕/ว ๑๒๓๒๒", "27 ส.ค. 2567", "จังหวัดเพชรบุรี", "นายอำเภอ",
                       "'=HYPERLINK(\"http://x\")", "", "", "5 ก.ย. 2567 13.40 น."]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"] and rows[3][8] == "5 ก.ย. 2567 14.40 น."
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_the_register_as_xlsx(register_tree):
    from openpyxl import load_workbook
    tmp, root = register_tree
    target = tmp / "out" / "received.xlsx"
    assert main(["register", str(root), "--received", "--year", "2567", "--out", str(target)]) == 0
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "เลขทะเบียนรับ" and len(rows) == 4
    assert rows[1][2] == dt.datetime(2024, 8, 27) and rows[1][8] == AT
    assert "107" in sheet["C2"].number_format and "107" in sheet["I2"].number_format    # shown in พ.ศ.
    assert sheet["F2"].data_type == "s" and sheet["F2"].value.startswith("'=")


def test_the_register_as_pdf(register_tree):
    tmp, root = register_tree
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    target = tmp / "out" / "received.pdf"
    assert main(["register", str(root), "--received", "--year", "2567", "--out", str(target)]) == 0
    text = pdfium.PdfDocument(target)[0].get_textpage().get_text_range()
    assert "ทะเบียนหนังสือรับ อำเภอบ้านลาด พ.ศ. ๒๕๖๗" in text
    flat = "".join(text.split())
    assert "เรื่องที่สอง" in flat and "จังหวัดเพชรบุรี" in flat and "๒๗ส.ค.๒๕๖๗" in flat
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


# --------------------------------------------------------------------- the records under check

def test_check_reads_records_and_reports_their_errors(tmp_path, capsys):
    root = tree(tmp_path)
    folder = root / "received" / "2567"
    folder.mkdir(parents=True)
    (folder / "7.yaml").write_text("เลขรับ: 7\nวันเวลาที่รับ: 2024-13-05 13:40\nเรื่อง: ทดสอบ\n", encoding="utf-8")
    assert main(["check", str(folder / "7.yaml")]) == 1
    out = capsys.readouterr().out
    assert "7.yaml:2" in out and "date and time received" in out


def test_the_stamp_alone_takes_milliseconds():
    import time
    font = REAL_FONTS / "THSarabun.ttf"
    if not font.is_file():
        pytest.skip("the real font is not here")
    stamp_pdf(stamp_text(OFFICE, 1, AT), font)
    start = time.perf_counter()
    data = stamp_pdf(stamp_text(OFFICE, 1338, AT), font)
    assert time.perf_counter() - start < 0.5
    with pikepdf.open(__import__("io").BytesIO(data)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2:] == pytest.approx([5 * CM, 2.5 * CM])


def test_a_long_office_name_takes_two_lines_and_stays_searchable():
    font = REAL_FONTS / "THSarabun.ttf"
    if not font.is_file():
        pytest.skip("the real font is not here")
    office = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเพชรบุรี"
    data = stamp_pdf(stamp_text(office, 7, AT), font)
    text = pdfium.PdfDocument(data)[0].get_textpage().get_text_range()
    lines = text.split("\r\n")
    assert "".join(lines[:2]) == office and len(lines) == 5
    assert lines[2:] == ["เลขรับที่ ๗", "วันที่ ๕ ก.ย. ๖๗", "เวลา ๑๓.๔๐ น."]


def test_a_page_smaller_than_the_stamp_and_a_file_that_cannot_be_stamped_fail_alone(tmp_path, monkeypatch):
    from generator.receiving import receive as module
    root = tree(tmp_path)
    tiny = tmp_path / "tiny.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page(page_size=(50, 50))
        pdf.save(tiny)
    odd = text_pdf(tmp_path / "odd.pdf", [(60, 100, "Odd")])
    good = text_pdf(tmp_path / "good.pdf", [(60, 100, "Good")])
    real = module.stamped_copy

    def failing(incoming, *args):
        if incoming.file == odd:
            raise ValueError("a page object pikepdf cannot draw on")
        return real(incoming, *args)

    monkeypatch.setattr(module, "stamped_copy", failing)
    small, broken, fine = receive([tiny, odd, good], root, AT)
    assert small.number == 1 and "smaller than the stamp" in small.place.describe()
    assert broken.number is None and "odd.pdf could not be stamped" in broken.error
    assert fine.number == 2                                           # the odd file used no number
    assert sorted(p.name for p in (root / "received" / "2567").iterdir()) == ["1.pdf", "1.yaml", "2.pdf", "2.yaml"]


@pytest.mark.parametrize("name, expected", [
    ("2567/budget-request", {"number": "พบ ๐๐๒๓.๑๐/๓๑๐๕", "date": dt.date(2024, 11, 18),   # marks above, two-line subject
                             "sender": "ที่ว่าการอำเภอบ้านลาด", "to": "ผู้ว่าราชการจังหวัดเพชรบุรี",
                             "subject": "ขอรับการสนับสนุนงบประมาณโครงการป้องกันและบรรเทาอุทกภัย ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"}),
    ("2568/memo-training", {"number": "พบ ๐๐๒๓.๑๐/๔๑๒", "date": dt.date(2025, 3, 10),        # a memo's dotted lines
                            "sender": "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด", "to": "นายอำเภอบ้านลาด",
                            "subject": "ขออนุมัติให้ข้าราชการเข้ารับการฝึกอบรมหลักสูตรการใช้งานระบบสารบรรณอิเล็กทรอนิกส์"}),
    ("2568/stamped-data-request", {"number": "พบ ๐๐๒๓.๑๐/๔๑๓", "date": dt.date(2025, 3, 12),  # no เรื่อง in a stamped letter
                                   "sender": "อำเภอบ้านลาด", "to": "องค์การบริหารส่วนตำบลท่าเสน", "subject": None}),
])
def test_the_fields_of_other_kinds_are_read(built, name, expected):
    from generator.receiving.fields import read_fields
    read = read_fields(pdfium.PdfDocument(built.pdf(name)))
    assert {key: getattr(read, key) for key in expected} == expected
