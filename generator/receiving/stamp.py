"""The receiving stamp (ตรารับ): the regulation's 2.5 × 5 cm box with the receiving office's name
and the lines เลขรับที่, วันที่ and เวลา, filled in, drawn as a one-page PDF the size of the box.

PDF text operators place glyphs, they do not shape: Thai marks need HarfBuzz's positions (GPOS)
and substitutions (GSUB). Each line is shaped with uharfbuzz, every glyph placed where HarfBuzz
puts it, and the font embedded as a CID font subset (fontTools, glyph ids kept) with a ToUnicode
map, so the stamp's text is found by a search and copied as Thai. No LibreOffice: a stamp takes
a few milliseconds.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from generator.text import thai

CM = 72 / 2.54
WIDTH_CM, HEIGHT_CM = 5.0, 2.5
WIDTH, HEIGHT = WIDTH_CM * CM, HEIGHT_CM * CM
INK = (0.11, 0.23, 0.62)            # the blue of a stamp pad
BORDER_PT = 1.2
PAD = 4.0                           # points between the box and its text
SIZE = 14.0                         # TH Sarabun draws small: 14 pt fits four lines in 2.5 cm
LABELS = ("เลขรับที่", "วันที่", "เวลา")
SUBSET_TAG = "SBRCVD+"


@dataclass(frozen=True)
class StampText:
    office: str
    number: str
    date: str
    time: str

    @property
    def lines(self) -> tuple[str, ...]:
        return (self.office, *(f"{label} {value}" for label, value in zip(LABELS, (self.number, self.date, self.time))))


def stamp_text(office: str, number: int, at: dt.datetime, style: str = "thai") -> StampText:
    """What the stamp says, the clerks' way: ``๕ ก.ย. ๖๗`` and ``๑๓.๔๐ น.``."""
    year = thai.buddhist_year(at.year) % 100
    date = thai.digits(f"{at.day} {thai.month_name(at.month, short=True)} {year:02d}", style)
    return StampText(office, thai.number(number, style), date, thai.thai_time(at.hour, at.minute, style))


# --------------------------------------------------------------------- shaping

@dataclass(frozen=True)
class Glyph:
    gid: int
    x: float          # in font units from the line's start
    y: float
    text: str         # the characters this glyph stands for ("" for the second glyph of a cluster)


class Shaper:
    def __init__(self, font_file: Path):
        import uharfbuzz as hb
        self.file = font_file
        self.data = font_file.read_bytes()
        self._hb = hb
        self.face = hb.Face(hb.Blob(self.data))
        self.font = hb.Font(self.face)
        self.upem = self.face.upem

    def shape(self, text: str) -> tuple[list[Glyph], float]:
        """The glyphs of one line and its width, in font units."""
        hb = self._hb
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self.font, buffer, {})
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        starts = sorted({info.cluster for info in infos}) + [len(text)]
        texts = {start: text[start:end] for start, end in zip(starts, starts[1:])}
        by_cluster: dict[int, list[int]] = {}
        for index, info in enumerate(infos):
            by_cluster.setdefault(info.cluster, []).append(index)
        glyphs, pen = [], 0.0
        for index, (info, pos) in enumerate(zip(infos, positions)):
            members, chars = by_cluster[info.cluster], texts[info.cluster]
            if len(members) == len(chars):
                own = chars[members.index(index)]
            else:
                own = chars if members[0] == index else ""
            glyphs.append(Glyph(info.codepoint, pen + pos.x_offset, pos.y_offset, own))
            pen += pos.x_advance
        return glyphs, pen


@functools.lru_cache(maxsize=4)
def shaper(font_file: Path) -> Shaper:
    return Shaper(font_file)


# --------------------------------------------------------------------- the PDF

@dataclass(frozen=True)
class Subset:
    data: bytes                          # the TTF, glyph ids kept
    advances: dict[int, int]             # glyph id → advance, in 1/1000 em
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    name: str


@functools.lru_cache(maxsize=8)
def repertoire(shaper: Shaper, office: str) -> frozenset[int]:
    """Every glyph a stamp of ``office`` can use: its name, the labels, both kinds of digits, the
    months' abbreviations (shaped whole: a mark's glyph depends on its neighbours) and น."""
    texts = [office, *LABELS, "0123456789", thai.THAI_DIGITS, " ./:น", *thai.MONTHS_SHORT]
    return frozenset(glyph.gid for text in texts for glyph in shaper.shape(text)[0])


@functools.lru_cache(maxsize=8)
def font_subset(shaper: Shaper, gids: frozenset[int]) -> Subset:
    """The font cut down to ``gids`` (fontTools; kept for the process: every stamp of one office
    uses the same glyphs, and cutting costs far more than drawing)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)    # 'feat NOT subset' is no news here
    font = TTFont(io.BytesIO(shaper.data), lazy=True)
    for table in ("GSUB", "GPOS", "GDEF", "morx", "feat", "kern", "DSIG", "BASE", "JSTF"):
        if table in font:                                     # shaped already: never read them
            del font[table]
    order = font.getGlyphOrder()
    options = subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[order[gid] for gid in gids])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    scale = 1000 / shaper.upem
    metrics = font["hmtx"].metrics
    head, os2 = font["head"], font["OS/2"]
    return Subset(out.getvalue(), {gid: round(metrics[order[gid]][0] * scale) for gid in gids},
                  tuple(round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)),
                  round(os2.sTypoAscender * scale), round(os2.sTypoDescender * scale),
                  round(getattr(os2, "sCapHeight", 0) or os2.sTypoAscender * scale),
                  (font["name"].getDebugName(6) or "ThaiFont").replace(" ", ""))


def _font_objects(pdf, cut: Subset, used: dict[int, str]):
    """A Type0 font of the glyphs used (Identity-H: the content stream names glyph ids)."""
    import pikepdf

    widths = []
    for gid in sorted(used):
        widths += [gid, [cut.advances[gid]]]
    name = pikepdf.Name("/" + SUBSET_TAG + cut.name)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32, FontBBox=list(cut.bbox), ItalicAngle=0,
        Ascent=cut.ascent, Descent=cut.descent, CapHeight=cut.cap_height, StemV=80,
        FontFile2=pdf.make_stream(cut.data))
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), W=widths, CIDToGIDMap=pikepdf.Name.Identity, DW=0)
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid)],
        ToUnicode=pdf.make_stream(_to_unicode(used).encode("ascii"))))


def _to_unicode(used: dict[int, str]) -> str:
    entries = [(gid, text) for gid, text in sorted(used.items()) if text]
    body = []
    for start in range(0, len(entries), 100):                   # at most 100 entries per block
        chunk = entries[start:start + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for gid, text in chunk]
        body.append("endbfchar")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange", *body,
        "endcmap", "CMapName currentdict /CIDInit /ProcSet findresource /defineresource pop", "end", "end"])


def _fit(shaper: Shaper, text: str, room: float, size: float) -> tuple[list[Glyph], float]:
    """The line's glyphs and the size at which it fits ``room`` points (never above ``size``)."""
    glyphs, width = shaper.shape(text)
    points = width * size / shaper.upem
    return glyphs, size if points <= room else size * room / points


def stamp_pdf(text: StampText, font_file: Path) -> bytes:
    """The stamp as a one-page PDF of 5 × 2.5 cm."""
    import pikepdf

    s = shaper(font_file)
    pdf = pikepdf.new()
    used: dict[int, str] = {}
    ink = " ".join(f"{c:.3f}" for c in INK)
    ops = [f"q {ink} RG {ink} rg {BORDER_PT} w",
           f"{BORDER_PT / 2:.2f} {BORDER_PT / 2:.2f} {WIDTH - BORDER_PT:.2f} {HEIGHT - BORDER_PT:.2f} re S"]
    pitch = (HEIGHT - 2 * PAD) / 4
    room = WIDTH - 2 * PAD
    for row, line in enumerate(text.lines):
        baseline = HEIGHT - PAD - pitch * (row + 1) + pitch * 0.28
        glyphs, size = _fit(s, line, room, SIZE)
        scale = size / s.upem
        if row == 0:                                    # the office's name, centred
            left = (WIDTH - s.shape(line)[1] * scale) / 2
        else:
            left = PAD + 2
            label_width = s.shape(LABELS[row - 1] + " ")[1] * scale
            ops.append(_dots(left + label_width, baseline - 1.5, WIDTH - PAD - 2))
        ops.append(f"BT /F1 {size:.2f} Tf")
        for glyph in glyphs:
            used.setdefault(glyph.gid, glyph.text)
            ops.append(f"1 0 0 1 {left + glyph.x * scale:.3f} {baseline + glyph.y * scale:.3f} Tm <{glyph.gid:04X}> Tj")
        ops.append("ET")
    ops.append("Q")
    page = pdf.add_blank_page(page_size=(WIDTH, HEIGHT))
    cut = font_subset(s, repertoire(s, text.office) | frozenset(used))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font_objects(pdf, cut, used)))
    page.obj.Contents = pdf.make_stream("\n".join(ops).encode("ascii"))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _dots(left: float, y: float, right: float) -> str:
    """The form's dotted line that the value is written on."""
    return f"q 0.6 w [0.6 1.8] 0 d 1 J {left:.2f} {y:.2f} m {right:.2f} {y:.2f} l S Q"
