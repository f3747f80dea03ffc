"""Register cells that a spreadsheet never runs (OWASP's CSV-injection guidance): text starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice
(``=HYPERLINK("http://…";"คลิก")`` in a subject). In CSV it gets a leading ``'``; in XLSX it is
written as a text cell, never a formula. Every register writes its cells through here."""
from __future__ import annotations

from typing import Any, Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> Any:
    """``value`` for a CSV cell: text a spreadsheet would read as a formula, quoted with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(value) for value in values]


def text_cells(sheet) -> None:
    """Every text cell of an openpyxl ``sheet`` stored as text (openpyxl makes a formula cell of
    any string that starts with ``=``)."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
