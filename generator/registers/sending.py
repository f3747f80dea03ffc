"""The sending register (ทะเบียนหนังสือส่ง), derived from the letters: never edited by hand.

One row per number of a year, series by series (normal letters, circulars ว, then each yearly
kind), with the standard's columns. A cancelled letter keeps its row, marked ยกเลิก; a number
missing between two letters gets a row saying so, so the register shows every number.

Written as CSV (UTF-8 with a byte-order mark, which Excel needs to read Thai), XLSX (openpyxl:
pure Python, writes and reads, so the tests read the file back) or PDF (A4 landscape, a DOCX
drawn here with python-docx and converted by the letters' PDF engine, which shapes Thai as the
letters are shaped).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.kinds.numbers import CIRCULAR, Entry, Series, printed_number
from generator.letter.schema import DraftDate
from generator.registers.cells import csv_row, text_cells
from generator.registers.numbering import write_atomically
from generator.text import thai

FORMATS = ("csv", "xlsx", "pdf")
TITLE = "ทะเบียนหนังสือส่ง"
CANCELLED = "ยกเลิก"
MISSING = "ไม่พบหนังสือเลขนี้"
DUPLICATE = "เลขซ้ำ"
# (Thai heading, English name, width in cm on the landscape page: 27.7 cm of text width)
COLUMNS = (
    ("วันที่ลงทะเบียน", "registered", 2.5),
    ("เลขทะเบียนส่ง", "number", 1.9),
    ("ที่", "reference", 3.3),
    ("ลงวันที่", "date", 2.5),
    ("จาก", "from", 2.6),
    ("ถึง", "to", 3.9),
    ("เรื่อง", "subject", 6.6),
    ("การปฏิบัติ", "action", 2.6),
    ("หมายเหตุ", "remarks", 1.8),
)


@dataclass
class Row:
    series: Series
    number: int
    registered: dt.date | None = None
    reference: str = ""
    date: dt.date | DraftDate | None = None
    sender: str = ""
    to: str = ""
    subject: str = ""
    action: str = ""
    remarks: str = ""
    file: Path | None = None


def _series_order(series: Series) -> tuple:
    return (series.code, {"": 0, CIRCULAR: 1}.get(series.name, 2), series.name)


def row_of(entry: Entry) -> Row:
    letter, profile = entry.letter, entry.agency.profile
    style = getattr(letter, "digits", None) or profile.digits
    note = getattr(letter, "register_note", None)
    remarks = [CANCELLED] if entry.cancelled else []
    if note is not None and note.remarks:
        remarks.append(note.remarks)
    return Row(entry.series, int(entry.number), entry.issued, printed_number(entry, style), letter.date,
               thai.digits_in_prose(profile.name or "", style),
               thai.digits_in_prose(getattr(letter, "to", None) or "", style),
               thai.digits_in_prose(getattr(letter, "subject", None) or "", style),
               thai.digits_in_prose(note.action or "", style) if note is not None else "",
               thai.digits_in_prose(" ".join(remarks), style), entry.file)


def rows(entries: list[Entry], year: int) -> list[Row]:
    """The register of พ.ศ. ``year``: every issued number, series by series, gaps and duplicates marked."""
    by_series: dict[Series, list[Row]] = defaultdict(list)
    for entry in entries:
        if entry.series is not None and entry.series.year == year and isinstance(entry.number, int):
            by_series[entry.series].append(row_of(entry))
    out = []
    for series in sorted(by_series, key=_series_order):
        found = sorted(by_series[series], key=lambda row: (row.number, str(row.file)))
        counts = Counter(row.number for row in found)
        expected = found[0].number
        for row in found:
            out += [Row(series, missing, remarks=MISSING) for missing in range(expected, row.number)]
            if counts[row.number] > 1:                   # saraban check fails on it; the register shows both
                row.remarks = f"{row.remarks} {DUPLICATE}".strip()
            out.append(row)
            expected = max(expected, row.number + 1)
    return out


# --------------------------------------------------------------------- CSV and XLSX

def _iso(value) -> str:
    if isinstance(value, DraftDate):
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat() if value else ""


def write_csv(register: list[Row], target: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([name for name, _, _ in COLUMNS])
    for row in register:
        writer.writerow(csv_row([_iso(row.registered), row.number, row.reference, _iso(row.date), row.sender,
                                 row.to, row.subject, row.action, row.remarks]))
    write_atomically(target, buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(register: list[Row], target: Path, year: int, office: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"{TITLE} {year}"
    sheet.append([name for name, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in register:
        date = row.date if isinstance(row.date, dt.date) else _iso(row.date)
        sheet.append([row.registered, row.number, row.reference, date, row.sender, row.to, row.subject,
                      row.action, row.remarks])
    for index, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 5
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    text_cells(sheet)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"                      # the heading on every printed page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = f"{TITLE} {office} พ.ศ. {year}"
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(target, buffer.getvalue())


# --------------------------------------------------------------------- PDF

def _date_text(value, style: str) -> str:
    if isinstance(value, DraftDate):
        return thai.digits(f"{thai.month_name(value.month, short=True)} {thai.buddhist_year(value.year)}", style)
    if not value:
        return ""
    return thai.digits(f"{value.day} {thai.month_name(value.month, short=True)} "
                       f"{thai.buddhist_year(value.year)}", style)


def docx_of(register: list[Row], target: Path, year: int, office: str, font: str, style: str) -> None:
    """The register as a DOCX: A4 landscape, the title and page number in the page header, the
    column headings repeated at the top of every page."""
    from generator.registers import sending_docx as layout
    table = [[_date_text(r.registered, style), thai.number(r.number, style), r.reference,
              _date_text(r.date, style), r.sender, r.to, r.subject, r.action, r.remarks] for r in register]
    heading = f"{TITLE} {office} พ.ศ. {thai.number(year, style)}".replace("  ", " ")
    layout.document(heading, [(name, width) for name, _, width in COLUMNS], table, font,
                    thai_digits=style == "thai").save(str(target))


def write_pdf(register: list[Row], target: Path, year: int, office: str, font: str, style: str,
              font_dirs: list[Path], engine: str = "auto") -> None:
    from generator.errors import EngineError
    from generator.pdf.engines import choose_engine
    from generator.pdf.finish import FontFallback, finish_pdf

    with tempfile.TemporaryDirectory(prefix="saraban-register-") as tmp:
        docx = Path(tmp) / f"register-{year}.docx"
        docx_of(register, docx, year, office, font, style)
        [pdf] = choose_engine(engine, font_dirs).convert([docx])
        try:
            finish_pdf(pdf, {"title": f"{TITLE} พ.ศ. {year}", "author": office,
                             "date": dt.date(year - thai.BUDDHIST_ERA_OFFSET, 12, 31)}, font)
        except FontFallback as exc:
            raise EngineError(f"the register's text fell back to {exc} instead of {font}") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(pdf), target.with_name(f".{target.name}.tmp"))
        os.replace(target.with_name(f".{target.name}.tmp"), target)
