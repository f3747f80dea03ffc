"""The receiving register (ทะเบียนหนังสือรับ) of a year, derived from the records: never edited by hand.

One row per receiving number, with the regulation's columns and the date and time received; a
number missing between two records gets a row saying so. CSV (UTF-8 with a byte-order mark, for
Excel), XLSX (real date cells shown in the Buddhist era: Excel's and LibreOffice's calendar code
``[$-th-TH,107]``) or PDF (the sending register's page layout, converted by the letters' engine).
Dates are written in the Buddhist era everywhere; a cell that a spreadsheet would read as a
formula (starting with = + - @, a tab or a carriage return) is written with a leading apostrophe.
Every file is readable by all (0644 less the umask).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import LetterError, Problem
from generator.receiving.receive import write_new
from generator.receiving.record import FOLDER, Record, load_record
from generator.text import thai

FORMATS = ("csv", "xlsx", "pdf")
TITLE = "ทะเบียนหนังสือรับ"
MISSING = "ไม่พบหนังสือเลขรับนี้"
# (Thai heading, width in cm on the landscape page: 27.7 cm of text width)
COLUMNS = (
    ("เลขทะเบียนรับ", 1.9),
    ("ที่", 3.4),
    ("ลงวันที่", 2.0),
    ("จาก", 3.4),
    ("ถึง", 3.4),
    ("เรื่อง", 6.8),
    ("การปฏิบัติ", 2.4),
    ("หมายเหตุ", 1.8),
    ("วันเวลาที่รับ", 2.6),
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE = "[$-th-TH,107]d mmm yyyy"
XLSX_TIME = "[$-th-TH,107]d mmm yyyy hh:mm"


@dataclass
class Row:
    receipt: int
    record: Record | None = None

    def cells(self) -> list:
        """The row's values: text, or dates and datetimes (which each format writes its way)."""
        r = self.record
        if r is None:
            return [self.receipt, "", None, "", "", "", "", MISSING, None]
        return [r.receipt, r.number or "", r.date, r.sender or "", r.to or "", r.subject or "",
                r.action or "", r.remarks or "", r.received]


def rows(root: Path, year: int) -> tuple[list[Row], list[Problem]]:
    """The register of พ.ศ. ``year`` from the records of the tree at ``root``, gaps marked."""
    found: dict[int, Row] = {}
    problems: list[Problem] = []
    for file in sorted((root / FOLDER / str(year)).glob("*.y*ml")):
        try:
            record, _ = load_record(file)
        except LetterError as exc:
            problems += exc.problems
            continue
        found[record.receipt] = Row(record.receipt, record)
    if not found:
        return [], problems
    return [found.get(n) or Row(n) for n in range(1, max(found) + 1)], problems


def safe_cell(value):
    """Text a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def be_date(value, style: str = "arabic") -> str:
    """``2 ก.ย. 2567`` (with ``13.40 น.`` for a time received), in ``style`` digits."""
    if value is None:
        return ""
    text = f"{value.day} {thai.month_name(value.month, short=True)} {thai.buddhist_year(value.year)}"
    if isinstance(value, dt.datetime):
        text += " " + thai.thai_time(value.hour, value.minute, "arabic")
    return thai.digits(text, style)


def _text_cells(row: Row, style: str) -> list[str]:
    return [thai.number(c, style) if isinstance(c, int) else be_date(c, style) if isinstance(c, dt.date) or c is None
            else thai.digits_in_prose(c, style) if style == "thai" else c for c in row.cells()]


def write_csv(register: list[Row], target: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in COLUMNS])
    for row in register:
        writer.writerow([safe_cell(c) for c in _text_cells(row, "arabic")])
    write_new(target, buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(register: list[Row], target: Path, year: int, office: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"{TITLE} {year}"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in register:
        sheet.append([safe_cell(c) for c in row.cells()])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 5
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, dt.datetime):
                cell.number_format = XLSX_TIME
            elif isinstance(cell.value, dt.date):
                cell.number_format = XLSX_DATE
            elif isinstance(cell.value, str):
                cell.data_type = "s"                   # never a formula
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = f"{TITLE} {office} พ.ศ. {year}"
    buffer = io.BytesIO()
    book.save(buffer)
    write_new(target, buffer.getvalue())


def write_pdf(register: list[Row], target: Path, year: int, office: str, font: str, style: str,
              font_dirs: list[Path], engine: str = "auto") -> None:
    from generator.registers import sending_docx as layout
    from generator.registers.table import register_pdf

    heading = f"{TITLE} {office} พ.ศ. {thai.number(year, style)}".replace("  ", " ")
    table = [_text_cells(row, style) for row in register]
    with tempfile.TemporaryDirectory(prefix="saraban-received-") as tmp:
        docx = Path(tmp) / f"received-{year}.docx"
        layout.document(heading, list(COLUMNS), table, font, thai_digits=style == "thai").save(str(docx))
        register_pdf(docx, target, TITLE, year, office, font, font_dirs, engine)
