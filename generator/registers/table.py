"""What every register saraban writes shares (the sending register here, a receiving register
beside it): Buddhist-era dates as text and as spreadsheet date cells, files readable like the PDFs,
and long runs of missing numbers summarised in one row."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Iterable

from generator.letter.schema import DraftDate
from generator.registers.numbering import write_atomically
from generator.text import thai

# Excel's number format for a Thai date in the Buddhist era: [$-NNCCLLLL] with calendar CC = 07
# (Thai Buddhist) and locale 041E (Thai): 5 มีนาคม 2569. The cell holds a real date (sortable,
# computable); only its display is in พ.ศ.
BE_DATE_FORMAT = "[$-107041E]d mmmm yyyy"
BE_MONTH_FORMAT = "[$-107041E]mmmm yyyy"
#: A run of missing numbers longer than this is one row (ไม่พบหนังสือเลข ๑๓–๗๘๙), not one row each.
GAP_ROWS = 3


def be_date_text(value: dt.date | DraftDate | None, style: str = "thai") -> str:
    """``๕ มี.ค. ๒๕๖๙`` (a draft date without its day: ``มี.ค. ๒๕๖๙``); empty for none."""
    if value is None:
        return ""
    if isinstance(value, DraftDate):
        return thai.digits(f"{thai.month_name(value.month, short=True)} {thai.buddhist_year(value.year)}", style)
    return thai.digits(f"{value.day} {thai.month_name(value.month, short=True)} "
                       f"{thai.buddhist_year(value.year)}", style)


def date_cell(cell, value: dt.date | DraftDate | None) -> None:
    """A spreadsheet cell holding ``value`` as a real date shown in the Buddhist era (a draft date:
    its month's first day, shown as the month)."""
    if value is None:
        cell.value = None
        return
    if isinstance(value, DraftDate):
        cell.value, cell.number_format = dt.date(value.year, value.month, 1), BE_MONTH_FORMAT
    else:
        cell.value, cell.number_format = value, BE_DATE_FORMAT


def write_readable(target: Path, content: bytes | str) -> None:
    """:func:`write_atomically`, and a new file readable by the group and others as the umask
    allows (0644 under the usual 022), like the PDFs: a register is meant to be read."""
    existed = target.exists()
    write_atomically(target, content)
    if not existed:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(target, 0o666 & ~umask)


def missing_runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """The runs (first, last) of numbers missing between the lowest and the highest given."""
    ordered = sorted(set(numbers))
    return [(low + 1, high - 1) for low, high in zip(ordered, ordered[1:]) if high - low > 1]


def is_summarised(first: int, last: int) -> bool:
    return last - first + 1 > GAP_ROWS


def register_pdf(docx: Path, target: Path, title: str, year: int, office: str, font: str,
                 font_dirs: list[Path], engine: str = "auto") -> None:
    """A register's DOCX (drawn by registers/sending_docx.py) as a finished PDF at ``target``,
    written as :func:`write_readable` writes; text that fell back to another font fails."""
    from generator.errors import EngineError
    from generator.pdf.engines import choose_engine
    from generator.pdf.finish import FontFallback, finish_pdf
    from generator.text import thai

    [pdf] = choose_engine(engine, font_dirs).convert([docx])
    try:
        finish_pdf(pdf, {"title": f"{title} พ.ศ. {year}", "author": office,
                         "date": dt.date(year - thai.BUDDHIST_ERA_OFFSET, 12, 31)}, font)
    except FontFallback as exc:
        raise EngineError(f"the register's text fell back to {exc} instead of {font}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_readable(target, pdf.read_bytes())
