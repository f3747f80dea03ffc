"""The same letter, the same PDF bytes: put what LibreOffice leaves to chance into one order.

LibreOffice numbers a document's font subsets (``BAAAAA+``, ``CAAAAA+``), its font resources
(``/F1``, ``/F2``) and their objects in an order that is not fixed: on a fresh Debian 12 machine
two builds of one letter swapped Regular and Bold in all three. Here every subset gets a tag
derived from its own font program, every font resource a name in the order of those fonts,
and qpdf (through pikepdf) writes the objects in the order it meets them from the trailer, with
an /ID computed from the content. Nothing that prints changes.
"""
from __future__ import annotations

import hashlib
import re
import string
from pathlib import Path
from typing import Callable

import pikepdf
from pikepdf import Dictionary, Name

SUBSET_TAG_LENGTH = 6


def canonicalise(pdf: Path, edit: Callable[[pikepdf.Pdf], None] | None = None) -> int:
    """Rewrite ``pdf`` in place in its canonical form, after ``edit(doc)`` (the finish stage's
    metadata: the file is opened and saved once); return its page count."""
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        if edit is not None:
            edit(doc)
        pages = len(doc.pages)
        for font in _all_fonts(doc):
            _retag_subset(font)
        _rename_font_resources(doc)
        for key in ("/ID", "/DocChecksum"):  # LibreOffice's: from the clock and the file's path
            if key in doc.trailer:
                del doc.trailer[key]
        doc.save(pdf, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return pages


def _all_fonts(doc: pikepdf.Pdf):
    seen = set()
    for obj in doc.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font and obj.objgen not in seen:
            seen.add(obj.objgen)
            yield obj


def _font_program(font: Dictionary) -> bytes:
    """The bytes of the embedded font file (of the descendant font, for a composite font)."""
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font.DescendantFonts[0].get("/FontDescriptor")
    if descriptor is None:
        return b""
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return descriptor[key].read_raw_bytes()
    return b""


def _retag_subset(font: Dictionary) -> None:
    """``BAAAAA+Name`` → a tag from the subset's own bytes (the PDF standard asks only that a tag
    be six capital letters, different for different subsets)."""
    base = str(font.get("/BaseFont", ""))
    if len(base) < SUBSET_TAG_LENGTH + 2 or base[SUBSET_TAG_LENGTH + 1] != "+":
        return
    name = base[SUBSET_TAG_LENGTH + 2:]
    digest = hashlib.sha256(_font_program(font) + name.encode()).digest()
    tag = "".join(string.ascii_uppercase[b % 26] for b in digest[:SUBSET_TAG_LENGTH])
    new = Name(f"/{tag}+{name}")
    font.BaseFont = new
    for holder in [font, *font.get("/DescendantFonts", [])]:
        holder.BaseFont = new
        descriptor = holder.get("/FontDescriptor")
        if descriptor is not None and "/FontName" in descriptor:
            descriptor.FontName = new


def _font_key(font: Dictionary) -> tuple[str, str]:
    return str(font.get("/BaseFont", "")), hashlib.sha256(_font_program(font)).hexdigest()


# A font selection in LibreOffice's content streams: ``/F2 20 Tf``.
FONT_SELECTION = re.compile(rb"/(F\d+)(\s+[-\d.]+\s+Tf)")


def _rename_font_resources(doc: pikepdf.Pdf) -> None:
    """Name each page's fonts /F1, /F2 … in the order of the fonts themselves, and say so in its
    content. Pages may share one resource dictionary: every renaming is decided before any is made.
    Every page is rewritten, renamed or not (a direct font dictionary, the content compressed by
    pikepdf): whether LibreOffice's own order was already the canonical one is chance, and must not
    change the file's structure. Rewriting a canonical page gives the same bytes."""
    plans = []
    for page in (p.obj for p in doc.pages):
        resources = page.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if not fonts:
            continue
        old_names = sorted(fonts.keys(), key=lambda n: _font_key(fonts[n]))
        renamed = {old[1:].encode(): f"F{index}".encode() for index, old in enumerate(old_names, start=1)}
        plans.append((page, resources, fonts, renamed))
    for page, _resources, _fonts, renamed in plans:
        content = b"".join(stream.read_bytes() for stream in _content_streams(page))
        content = FONT_SELECTION.sub(lambda m: b"/" + renamed.get(m.group(1), m.group(1)) + m.group(2), content)
        page.Contents = doc.make_stream(content)
    for _page, resources, fonts, renamed in plans:
        resources.Font = Dictionary({f"/{new.decode()}": fonts[f"/{old.decode()}"] for old, new in renamed.items()})


def _content_streams(page: Dictionary) -> list:
    contents = page.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
