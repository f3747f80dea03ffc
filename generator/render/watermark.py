"""The draft mark: a light diagonal ``ร่าง`` behind the text of every page of a letter not yet issued.

The word is laid out by MuPDF's HTML engine (a ``pymupdf.Story``), which shapes Thai with HarfBuzz:
the tone mark of ร่าง sits low over ร as it should (``insert_text`` draws it unshaped, floating a
line too high). The shaped tone mark is one of the font's private-use glyphs (U+F70A), so the
word's ToUnicode map is rewritten to the standard characters: the PDF's text then reads ``ร่าง``
and can be searched. The word is drawn once into a one-page PDF and placed on each page, rotated
along the page's diagonal.
"""
from __future__ import annotations

import functools
import io
import math
import re
from pathlib import Path

import pymupdf

DRAFT_WORD = "ร่าง"
DRAFT_COLOUR = "#d9d9d9"          # light grey: readable text stays readable over it
DRAFT_SIZE_PT = 220
# The Thai private-use glyphs of TIS-620 era fonts (Microsoft/Apple convention, used by TH Sarabun
# and Laksaman) and the characters they are shaped forms of.
THAI_PUA = {
    0xF700: 0x0E10, 0xF70F: 0x0E0D,
    **{0xF701 + i: 0x0E34 + i for i in range(4)},            # upper vowels, shifted left
    **{0xF705 + i: 0x0E48 + i for i in range(5)},            # tone marks, low and left
    **{0xF70A + i: 0x0E48 + i for i in range(5)},            # tone marks, low
    0xF710: 0x0E31, 0xF711: 0x0E4D, 0xF712: 0x0E47,          # shifted left
    **{0xF713 + i: 0x0E48 + i for i in range(5)},            # tone marks, left
    **{0xF718 + i: 0x0E38 + i for i in range(3)},            # lower vowels, lowered
}

_BFRANGE = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_BFCHAR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def standard_cmap(cmap: str) -> str:
    """A ToUnicode CMap with Thai private-use code points replaced by the standard characters."""
    mapping: dict[int, int] = {}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, start in _BFRANGE.findall(block):
            for offset in range(int(last, 16) - int(first, 16) + 1):
                mapping[int(first, 16) + offset] = int(start, 16) + offset
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in _BFCHAR.findall(block):
            if len(target) == 4:
                mapping[int(code, 16)] = int(target, 16)
    head = cmap[:cmap.index("endcodespacerange") + len("endcodespacerange")]
    tail = cmap[cmap.index("endcmap"):]
    items = sorted((code, THAI_PUA.get(char, char)) for code, char in mapping.items())
    blocks = []
    for start in range(0, len(items), 100):                   # at most 100 entries per block
        chunk = items[start:start + 100]
        lines = "\n".join(f"<{code:04x}> <{char:04x}>" for code, char in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{lines}\nendbfchar")
    return head + "\n" + "\n".join(blocks) + "\n" + tail


@functools.lru_cache(maxsize=8)
def draft_word(font_file: Path) -> tuple[bytes, tuple[float, float, float, float]]:
    """A one-page PDF with ร่าง shaped in ``font_file``, and the word's box on that page."""
    archive = pymupdf.Archive(str(font_file.parent))
    css = (f"@font-face {{font-family: draft; src: url('{font_file.name}');}}"
           f"body, p {{margin: 0; padding: 0;}}"
           f"p {{font-family: draft; font-size: {DRAFT_SIZE_PT}pt; color: {DRAFT_COLOUR};}}")
    story = pymupdf.Story(html=f"<p>{DRAFT_WORD}</p>", user_css=css, archive=archive)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    box = pymupdf.Rect(0, 0, DRAFT_SIZE_PT * 4, DRAFT_SIZE_PT * 2)
    device = writer.begin_page(box)
    story.place(box)
    story.draw(device)
    writer.end_page()
    writer.close()
    with pymupdf.open("pdf", buffer.getvalue()) as doc:
        for xref in range(1, doc.xref_length()):
            if doc.xref_get_key(xref, "ToUnicode")[0] == "xref":
                cmap_xref = int(doc.xref_get_key(xref, "ToUnicode")[1].split()[0])
                doc.update_stream(cmap_xref, standard_cmap(doc.xref_stream(cmap_xref).decode("latin-1")).encode())
        words = doc[0].get_text("words")
        bbox = pymupdf.Rect(words[0][:4]) if words else box
        for word in words[1:]:
            bbox |= pymupdf.Rect(word[:4])
        return doc.tobytes(garbage=3, deflate=True), tuple(bbox)


def stamp_draft(doc: pymupdf.Document, font_file: Path) -> None:
    """Put the light diagonal ร่าง behind the text of every page of ``doc``."""
    data, bbox = draft_word(font_file)
    with pymupdf.open("pdf", data) as word:
        for page in doc:
            angle = math.degrees(math.atan2(page.rect.height, page.rect.width))
            side = min(page.rect.width, page.rect.height) * 0.8
            centre = (page.rect.tl + page.rect.br) / 2
            target = pymupdf.Rect(centre.x - side / 2, centre.y - side / 2, centre.x + side / 2, centre.y + side / 2)
            page.show_pdf_page(target, word, 0, clip=pymupdf.Rect(bbox), rotate=angle, overlay=False)
