"""Rewriting the XML parts of a DOCX (a ZIP file), shared by the render stage and engines."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable

# Word's PAGE field with Thai digits; the template's page numbers use it.
THAI_PAGE_FIELD = " PAGE \\* ThaiArabic "
# A fixed time for every entry: the same letter gives the same DOCX bytes.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def read_xml_parts(docx: Path) -> dict[str, str]:
    """The text of every ``word/*.xml`` part, by name."""
    with zipfile.ZipFile(docx) as source:
        return {name: source.read(name).decode("utf-8") for name in source.namelist()
                if name.startswith("word/") and name.endswith(".xml")}


def rewrite_xml_parts(source: Path, target: Path, transform: Callable[[str, str], str]) -> None:
    """Copy ``source`` to ``target`` (they may be the same file) with every ``word/*.xml``
    part passed through ``transform(name, xml)``, and every entry's time fixed."""
    with zipfile.ZipFile(source) as original:
        entries = [(info.filename, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            if name.startswith("word/") and name.endswith(".xml"):
                data = transform(name, data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            out.writestr(entry, data)
