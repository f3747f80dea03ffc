"""Shared fixtures: the example letters rendered once per test session, and PDF readers.

Rendering is the slow part (LibreOffice); every PDF test reads the same build.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from generator.build.pipeline import build
from generator.build.results import Summary

# The commands the tests run are run by themselves, not by a resident saraban a developer keeps
# (tests/test_resident.py starts its own).
os.environ["SARABAN_RESIDENT"] = "off"

REPO = Path(__file__).resolve().parents[1]
LETTERS = REPO / "letters"
REAL_FONTS = REPO.parent / "shared" / "fonts"
CM = 72 / 2.54                                  # points per centimetre

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                   reason="LibreOffice is not installed (make test installs it)")


@dataclass(frozen=True)
class Line:
    """One line of text on a PDF page, in points from the top-left corner."""

    page: int          # 1-based
    x0: float
    x1: float
    baseline: float
    top: float
    bottom: float
    text: str
    size: float
    font: str
    color: int

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def pdf_lines(pdf: Path) -> list[Line]:
    """Every text line of ``pdf`` in reading order (page, then top to bottom, then left)."""
    lines = []
    with pymupdf.open(str(pdf)) as doc:
        for number, page in enumerate(doc, start=1):
            for widget in list(page.widgets()):   # MuPDF draws "SIGN" into an empty signature field
                page.delete_widget(widget)
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    spans = [s for s in line["spans"] if s["text"].strip()]
                    if not spans:
                        continue
                    # A no-break space (line breaking keeps units together with it) reads as a space.
                    text = "".join(s["text"] for s in line["spans"]).replace("\u00a0", " ").strip()
                    first = spans[0]
                    x0 = min(s["bbox"][0] for s in spans)
                    x1 = max(s["bbox"][2] for s in spans)
                    lines.append(Line(number, x0, x1, first["origin"][1], line["bbox"][1], line["bbox"][3],
                                      text, first["size"], first["font"], first["color"]))
    return sorted(lines, key=lambda l: (l.page, round(l.baseline), l.x0))


def find(lines: list[Line], start: str, page: int | None = None) -> Line:
    """The first line starting with ``start`` (whitespace-insensitive)."""
    want = start.replace(" ", "")
    for line in lines:
        if line.text.replace(" ", "").replace("\u00a0", "").startswith(want) and (page is None or line.page == page):
            return line
    raise AssertionError(f"no line starting with {start!r}; lines: {[l.text[:30] for l in lines]}")


def decode_qr(pdf: Path, page: int, tmp: Path) -> set[str]:
    """Every QR code on ``page`` decoded with zbarimg from a 200 dpi rendering."""
    prefix = tmp / f"qr-{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "200", "-f", str(page), "-l", str(page), "-png", str(pdf), str(prefix)],
                   check=True)
    image = next(tmp.glob(f"{prefix.name}*.png"))
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                          capture_output=True, text=True)
    return {line for line in done.stdout.splitlines() if line}


@dataclass
class Built:
    tree: Path
    out: Path
    summary: Summary

    def pdf(self, relative: str) -> Path:
        return self.out / f"{relative}.pdf"

    def docx(self, relative: str) -> Path:
        return self.out / f"{relative}.docx"

    def result(self, relative: str):
        return next(r for r in self.summary.results if r.relative.as_posix() == relative)


EXTRA_LETTERS = {
    # digits: arabic throughout, and a circular without a number.
    "extra/arabic.yaml": """\
kind: external
circular: true
date: 2025-01-15
digits: arabic
subject: แจ้งกำหนดการประชุม ครั้งที่ ๑/๒๕๖๘
to: หัวหน้าส่วนราชการประจำอำเภอ ทุกส่วน
body: |
  อำเภอบ้านลาดกำหนดประชุมหัวหน้าส่วนราชการ ครั้งที่ 1/2568 ในวันที่ 20 มกราคม 2568
  เวลา 09.30 น. ณ ห้องประชุมที่ว่าการอำเภอ

  จึงเรียนมาเพื่อโปรดทราบ
signer: district-chief
""",
    # The standard's other conventions: 6 pt between parts, a 2.5 cm top margin.
    "compact/agency.yaml": "layout:\n  part_spacing: 6pt\n  top_margin_cm: 2.5\n",
    # (a number of its own: saraban check fails when two letters share one)
    "compact/letter.yaml": (LETTERS / "2567" / "budget-request.yaml").read_text(encoding="utf-8")
                           .replace("number: 3105", "number: 3106"),
    # The agency's font does not exist: the PDF would silently use another font.
    "fallback/agency.yaml": "font: Nonexistent Sans\n",
    "fallback/letter.yaml": """\
kind: external
number: 1
date: 2025-01-15
subject: ทดสอบแบบอักษร
to: ผู้ทดสอบ
body: ข้อความ
signer: district-chief
""",
    # Memo, stamped letter, certificate (issue 3): Arabic digits, marks, the letter's own values.
    "extra/memo-arabic.yaml": """\
kind: memo
unit: กลุ่มงานบริหารงานปกครอง
phone: 0 3254 7100
date: 2025-04
digits: arabic
secrecy: ลับ
subject: รายงานผลการตรวจเยี่ยม 3 ตำบล
to: นายอำเภอบ้านลาด
body: ตามที่ได้รับมอบหมายให้ตรวจเยี่ยม 3 ตำบล ระหว่างวันที่ 1 - 3 เมษายน 2568 นั้น
signer: deputy
""",
    "extra/stamped-arabic.yaml": """\
kind: stamped
number: 15
to: ผู้ใหญ่บ้านหมู่ที่ 4 ตำบลท่าเสน
body: ขอให้แจ้งประชาชนในหมู่บ้านมารับเงินเบี้ยยังชีพ ในวันที่ 5 เมษายน 2568
sender: ที่ทำการปกครองอำเภอบ้านลาด
seal: ที่ทำการปกครองอำเภอบ้านลาด
date: 2025-04-01
digits: arabic
urgency: ด่วนมาก
""",
    "extra/certificate-arabic.yaml": """\
kind: certificate
number: 7
body: หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า นายสมชาย ใจดี ปฏิบัติราชการที่อำเภอบ้านลาดมาแล้ว 12 ปี
date: 2025-04-02
digits: arabic
signer: district-chief
""",
    # A letter-level QR code (qr:) stands in for the enclosures' own codes.
    "extra/letter-qr.yaml": """\
kind: external
number: 2
date: 2025-01-16
subject: ส่งเอกสารประกอบการประชุม
to: หัวหน้าส่วนราชการประจำอำเภอ
enclosures:
  - title: ระเบียบวาระการประชุม
    url: https://banlad.example.go.th/docs/2568/agenda.pdf
  - title: รายงานการประชุมครั้งที่แล้ว
    url: https://banlad.example.go.th/docs/2568/minutes.pdf
qr:
  url: https://banlad.example.go.th/meetings/2568/01?all=1
  caption: สแกนเพื่อดาวน์โหลดเอกสารการประชุมทั้งหมด
body: |
  ตามที่อำเภอบ้านลาดกำหนดประชุมหัวหน้าส่วนราชการ ได้ส่งเอกสารการประชุมมาพร้อมนี้

  จึงเรียนมาเพื่อโปรดทราบ
signer: district-chief
""",
    # An order with Arabic digits, no number yet, and a date as its effective day (issue 3b).
    "extra/order-arabic.yaml": """\
kind: order
date: 2025-01-05
digits: arabic
subject: ให้ข้าราชการปฏิบัติหน้าที่เวรรักษาการณ์ที่ว่าการอำเภอ ประจำปี ๒๕๖๘
body: |
  เพื่อให้การรักษาความปลอดภัยสถานที่ราชการเป็นไปด้วยความเรียบร้อย จึงให้ข้าราชการต่อไปนี้ปฏิบัติหน้าที่

  1. นายวีระ เพชรดี ปลัดอำเภอ หัวหน้าเวร
  2. นางสาวอรุณี ทองคำ เจ้าพนักงานปกครองชำนาญงาน ผู้ช่วยเวร
effective: 2025-02-01
signer: deputy
""",
}


def make_tree(root: Path, extra: dict[str, str] | None = None, fonts: Path | None = None) -> Path:
    """A copy of the example letters (plus ``extra`` files, plus a fonts/ folder) under ``root``."""
    tree = root / "letters"
    shutil.copytree(LETTERS, tree)
    for name, text in (extra or {}).items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    if fonts is not None:
        shutil.copytree(fonts, tree / "fonts")
    return tree


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    """The examples and a few test letters, rendered once with LibreOffice."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    root = tmp_path_factory.mktemp("built")
    tree = make_tree(root, EXTRA_LETTERS)
    out = root / "out"
    summary = build([tree], out, engine="libreoffice")
    return Built(tree, out, summary)
