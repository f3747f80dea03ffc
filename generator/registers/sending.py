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
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from generator.kinds import all_kinds
from generator.kinds.numbers import CIRCULAR, Entry, Series, printed_number
from generator.letter.schema import DraftDate
from generator.registers import table
from generator.registers.cells import csv_row, text_cells
from generator.render.markdown import parse_body
from generator.text import thai, wordbreak

FORMATS = ("csv", "xlsx", "pdf")
TITLE = "ทะเบียนหนังสือส่ง"
CANCELLED = "ยกเลิก"
MISSING = "ไม่พบหนังสือเลขนี้"
MISSING_RUN = "ไม่พบหนังสือเลขเหล่านี้"
DUPLICATE = "เลขซ้ำ"
# (Thai heading, English name, width in cm on the landscape page: 27.7 cm of text width)
SERIES_HEADING = "ชุดเลข"
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
    last: int | None = None          # a summarised gap: numbers ``number``–``last`` are missing

    def shown_number(self, style: str = "arabic") -> str:
        text = str(self.number) if self.last is None else f"{self.number}–{self.last}"
        return thai.digits(text, style)


def _series_order(series: Series) -> tuple:
    return (series.code, {"": 0, CIRCULAR: 1}.get(series.name, 2), series.name)


SECRET_SUBJECTS = ("ลับที่สุด", "ลับมาก")     # their subject is not written in the general register
NO_ADDRESSEE = "-"
SUBJECT_CHARACTERS = 60             # a stamped letter's เรื่อง in the register: its text's first words


def _to_and_subject(entry: Entry) -> tuple[str, str]:
    """ถึง and เรื่อง of any kind: a certificate is to its holder, a stamped letter's subject is its
    text's first words, a kind without an addressee (orders, announcements …) shows ``-``."""
    letter = entry.letter
    to = getattr(letter, "to", None) or getattr(letter, "holder", None) or NO_ADDRESSEE
    subject = getattr(letter, "subject", None)
    if not subject and entry.kind.name == "certificate":
        subject = entry.kind.thai + (f" {letter.holder}" if getattr(letter, "holder", None) else "")
    if not subject:
        subject = _first_words(getattr(letter, "body", "") or "")
    secrecy = getattr(letter, "secrecy", None)
    if secrecy in SECRET_SUBJECTS:
        subject = f"({secrecy})"
    return to, subject or entry.kind.thai


def _first_words(body: str, limit: int = SUBJECT_CHARACTERS) -> str:
    """The body's first words, up to ``limit`` characters, cut between Thai words (ICU's word
    break, the layout's) and marked … when cut."""
    text = " ".join(run for paragraph in parse_body(body) for run, _ in paragraph.runs)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for word in wordbreak.words(text):
        if len(kept) + len(word) > limit:
            break
        kept += word
    return kept.rstrip() + " …"


def row_of(entry: Entry, style: str | None = None) -> Row:
    """The register's row of ``entry``, with the register's digits ``style`` (default: the letter's)."""
    letter, profile = entry.letter, entry.agency.profile
    style = style or getattr(letter, "digits", None) or profile.digits
    note = getattr(letter, "register_note", None)
    remarks = [CANCELLED] if entry.cancelled else []
    if note is not None and note.remarks:
        remarks.append(note.remarks)
    to, subject = _to_and_subject(entry)
    return Row(entry.series, int(entry.number), entry.issued, printed_number(entry, style), letter.date,
               thai.digits_in_prose(profile.name or "", style), thai.digits_in_prose(to, style),
               thai.digits_in_prose(subject, style),
               thai.digits_in_prose(note.action or "", style) if note is not None else "",
               thai.digits_in_prose(" ".join(remarks), style), entry.file)


def rows(entries: list[Entry], year: int, style: str | None = None) -> list[Row]:
    """The register of พ.ศ. ``year``: every issued number, series by series, duplicates marked, a
    missing number a row of its own and a long run of them one row (table.GAP_ROWS)."""
    by_series: dict[Series, list[Row]] = defaultdict(list)
    for entry in entries:
        if entry.series is not None and entry.series.year == year and isinstance(entry.number, int):
            by_series[entry.series].append(row_of(entry, style))
    out = []
    for series in sorted(by_series, key=_series_order):
        found = sorted(by_series[series], key=lambda row: (row.number, str(row.file)))
        counts = Counter(row.number for row in found)
        expected = found[0].number
        for row in found:
            if row.number > expected:
                out += _missing(series, expected, row.number - 1)
            if counts[row.number] > 1:                   # saraban check fails on it; the register shows both
                row.remarks = f"{row.remarks} {DUPLICATE}".strip()
            out.append(row)
            expected = max(expected, row.number + 1)
    return out


def _missing(series: Series, first: int, last: int) -> list[Row]:
    if table.is_summarised(first, last):
        return [Row(series, first, remarks=MISSING_RUN, last=last)]
    return [Row(series, number, remarks=MISSING) for number in range(first, last + 1)]


def series_title(series: Series, style: str = "thai") -> str:
    """The heading of a series' part of the register: หนังสือ / หนังสือเวียน (ว) / คำสั่ง …"""
    if series.name == CIRCULAR:
        title = f"หนังสือเวียน {series.code}/ว"
    elif series.name:
        kind = all_kinds().get(series.name)
        title = f"{kind.thai if kind else series.name} {series.code}".strip()
    else:
        title = f"หนังสือ {series.code}"
    return thai.digits_in_prose(title, style)


# --------------------------------------------------------------------- CSV and XLSX

def write_csv(register: list[Row], target: Path, style: str = "thai") -> None:
    """One table, a column naming each row's series first (a spreadsheet sorts and filters by it);
    dates in the Buddhist era, as a person reads them."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([SERIES_HEADING] + [name for name, _, _ in COLUMNS])
    for row in register:
        writer.writerow(csv_row([series_title(row.series, style), table.be_date_text(row.registered, style),
                                 row.shown_number(), row.reference, table.be_date_text(row.date, style), row.sender,
                                 row.to, row.subject, row.action, row.remarks]))
    table.write_readable(target, buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(register: list[Row], target: Path, year: int, office: str, style: str = "thai") -> None:
    """A sheet per series (normal letters, circulars ว, each yearly kind), dates as real date
    cells shown in the Buddhist era."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    by_series: dict[Series, list[Row]] = defaultdict(list)
    for row in register:
        by_series[row.series].append(row)
    for series, series_rows in by_series.items():
        _sheet(book, series_title(series, style), series_rows, year, office)
    if not by_series:
        _sheet(book, None, [], year, office)
    buffer = io.BytesIO()
    book.save(buffer)
    table.write_readable(target, buffer.getvalue())


def _sheet(book, title: str | None, register: list[Row], year: int, office: str) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(_sheet_name(title or TITLE, book))
    sheet.append([name for name, _, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(register, start=2):
        sheet.append([None, row.number if row.last is None else row.shown_number(), row.reference, None,
                      row.sender, row.to, row.subject, row.action, row.remarks])
        table.date_cell(sheet.cell(row=number, column=1), row.registered)
        table.date_cell(sheet.cell(row=number, column=4), row.date)
    for index, (_, _, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width * 5
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    text_cells(sheet)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"                      # the heading on every printed page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = f"{TITLE} {office} พ.ศ. {year} {title or ''}".strip()


def _sheet_name(title: str, book) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, unique in the book."""
    name = "".join("-" if c in "[]:*?/\\" else c for c in title)[:31]
    taken = set(book.sheetnames)
    base, count = name, 2
    while name in taken:
        name, count = f"{base[:28]} {count}", count + 1
    return name


# --------------------------------------------------------------------- PDF

def docx_of(register: list[Row], target: Path, year: int, office: str, font: str, style: str) -> None:
    """The register as a DOCX: A4 landscape, the title and page number in the page header, the
    column headings repeated at the top of every page."""
    from generator.registers import sending_docx as layout
    table_rows: list[list[str] | str] = []
    previous: Series | None = None
    for r in register:
        if r.series != previous:
            table_rows.append(series_title(r.series, style))          # each series under its heading
            previous = r.series
        table_rows.append([table.be_date_text(r.registered, style), r.shown_number(style), r.reference,
                           table.be_date_text(r.date, style), r.sender, r.to, r.subject, r.action, r.remarks])
    heading = f"{TITLE} {office} พ.ศ. {thai.number(year, style)}".replace("  ", " ")
    layout.document(heading, [(name, width) for name, _, width in COLUMNS], table_rows, font,
                    thai_digits=style == "thai").save(str(target))


def write_pdf(register: list[Row], target: Path, year: int, office: str, font: str, style: str,
              font_dirs: list[Path], engine: str = "auto") -> None:
    with tempfile.TemporaryDirectory(prefix="saraban-register-") as tmp:
        docx = Path(tmp) / f"register-{year}.docx"
        docx_of(register, docx, year, office, font, style)
        table.register_pdf(docx, target, TITLE, year, office, font, font_dirs, engine)
