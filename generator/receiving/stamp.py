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
SMALLEST_NAME = 11.5                # a name that would be smaller on one line takes two
TWO_LINE_NAME = 12.0                # the size (and pitch) of each line of a two-line name
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


def _font_objects(pdf, cut: Subset, codes: dict[tuple[int, str], int]):
    """A Type0 font of the glyphs used. Each code stands for one glyph with its text: one glyph
    serves several texts once shaped (อ alone, and the first glyph of the cluster อำ whose ำ the
    substitute draws as two glyphs), and ToUnicode gives a code one text only. CIDToGIDMap maps
    the codes back to the glyphs."""
    import pikepdf

    widths = []
    for (gid, _), code in sorted(codes.items(), key=lambda item: item[1]):
        widths += [code, [cut.advances[gid]]]
    glyph_of = [0] * (len(codes) + 1)
    for (gid, _), code in codes.items():
        glyph_of[code] = gid
    name = pikepdf.Name("/" + SUBSET_TAG + cut.name)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=32, FontBBox=list(cut.bbox), ItalicAngle=0,
        Ascent=cut.ascent, Descent=cut.descent, CapHeight=cut.cap_height, StemV=80,
        FontFile2=pdf.make_stream(cut.data))
    cid = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor), W=widths, DW=0,
        CIDToGIDMap=pdf.make_stream(b"".join(gid.to_bytes(2, "big") for gid in glyph_of)))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[pdf.make_indirect(cid)],
        ToUnicode=pdf.make_stream(_to_unicode({code: text for (_, text), code in codes.items()}).encode("ascii"))))


def _to_unicode(texts: dict[int, str]) -> str:
    entries = [(code, text) for code, text in sorted(texts.items()) if text]
    body = []
    for start in range(0, len(entries), 100):                   # at most 100 entries per block
        chunk = entries[start:start + 100]
        body.append(f"{len(chunk)} beginbfchar")
        body += [f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk]
        body.append("endbfchar")
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange", *body,
        "endcmap", "CMapName currentdict /CIDInit /ProcSet findresource /defineresource pop", "end", "end"])


def _fit(shaper: Shaper, text: str, room: float, size: float) -> tuple[list[Glyph], float, float]:
    """The line's glyphs, the size at which it fits ``room`` points (never above ``size``) and its
    width at that size."""
    glyphs, width = shaper.shape(text)
    size = min(size, room * shaper.upem / width) if width else size
    return glyphs, size, width * size / shaper.upem


def name_lines(shaper: Shaper, office: str, room: float) -> list[str]:
    """The office's name on one line, or on two when one line would need a size under
    SMALLEST_NAME: cut at a space when both halves then fit at that size or more, else between
    the words (ICU) that make the longer half shortest."""
    _, size, _ = _fit(shaper, office, room, SIZE)
    if size >= SMALLEST_NAME:
        return [office]
    from generator.text.wordbreak import words
    pieces = words(office)
    cuts = [sum(len(p) for p in pieces[:i]) for i in range(1, len(pieces))]
    if not cuts:
        return [office]
    def longer(cut: int) -> float:
        return max(shaper.shape(office[:cut].strip())[1], shaper.shape(office[cut:].strip())[1])

    widest = room * shaper.upem / SMALLEST_NAME
    spaces = [cut for cut in cuts if office[cut - 1].isspace() or office[cut].isspace()]
    fitting = [cut for cut in spaces if longer(cut) <= widest]
    best = min(fitting or cuts, key=longer)
    return [office[:best].strip(), office[best:].strip()]


def _rows(shaper: Shaper, text: StampText, room: float) -> list[tuple[str, float, float]]:
    """(line, largest size, pitch) for each line of the stamp, top down."""
    names = name_lines(shaper, text.office, room)
    values = text.lines[1:]
    if len(names) == 1:
        pitch = (HEIGHT - 2 * PAD) / 4
        return [(line, SIZE, pitch) for line in (names[0], *values)]
    pitch = (HEIGHT - 2 * PAD - 2 * TWO_LINE_NAME) / 3
    return [(name, TWO_LINE_NAME, TWO_LINE_NAME) for name in names] + [(line, SIZE - 1, pitch) for line in values]


def stamp_pdf(text: StampText, font_file: Path) -> bytes:
    """The stamp as a one-page PDF of 5 × 2.5 cm."""
    import pikepdf

    s = shaper(font_file)
    pdf = pikepdf.new()
    codes: dict[tuple[int, str], int] = {}       # (glyph id, its text) → the code drawn
    ink = " ".join(f"{c:.3f}" for c in INK)
    ops = [f"q {ink} RG {ink} rg {BORDER_PT} w",
           f"{BORDER_PT / 2:.2f} {BORDER_PT / 2:.2f} {WIDTH - BORDER_PT:.2f} {HEIGHT - BORDER_PT:.2f} re S"]
    room = WIDTH - 2 * PAD
    rows = _rows(s, text, room)
    top = HEIGHT - PAD
    for index, (line, largest, pitch) in enumerate(rows):
        baseline = top - pitch * 0.72
        top -= pitch
        glyphs, size, width = _fit(s, line, room, largest)
        scale = size / s.upem
        label = len(rows) - 1 - index                   # 2, 1, 0 for the value lines; higher for the name
        if label > 2:                                   # the office's name, centred
            left = (WIDTH - width) / 2
        else:
            left = PAD + 2
            label_width = s.shape(LABELS[2 - label] + " ")[1] * scale
            ops.append(_dots(left + label_width, baseline - 1.5, WIDTH - PAD - 2))
        ops.append(f"BT /F1 {size:.2f} Tf")
        drawn = []                                      # glyphs with no text of their own: as outlines
        for glyph in glyphs:
            x, y = left + glyph.x * scale, baseline + glyph.y * scale
            if not glyph.text:
                drawn.append(f"q {scale:.6f} 0 0 {scale:.6f} {x:.3f} {y:.3f} cm {outline(s, glyph.gid)} f Q")
                continue
            code = codes.setdefault((glyph.gid, glyph.text), len(codes) + 1)
            ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm <{code:04X}> Tj")
        ops.append("ET")
        ops += drawn
    ops.append("Q")
    page = pdf.add_blank_page(page_size=(WIDTH, HEIGHT))
    cut = font_subset(s, repertoire(s, text.office) | frozenset(gid for gid, _ in codes))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=_font_objects(pdf, cut, codes)))
    page.obj.Contents = pdf.make_stream("\n".join(ops).encode("ascii"))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


@functools.lru_cache(maxsize=512)
def outline(shaper: Shaper, gid: int) -> str:
    """The glyph's outline as PDF path operators, in font units. A cluster drawn in more glyphs
    than it has characters (อำ: the substitute draws ำ as two glyphs) keeps its text on the first
    glyph; the others are drawn as paths, so no reader finds a glyph without text in the text."""
    from fontTools.pens.basePen import BasePen

    font = _outline_font(shaper)
    parts: list[str] = []

    class PathPen(BasePen):
        def _moveTo(self, pt):
            parts.append(f"{pt[0]:.1f} {pt[1]:.1f} m")

        def _lineTo(self, pt):
            parts.append(f"{pt[0]:.1f} {pt[1]:.1f} l")

        def _curveToOne(self, p1, p2, p3):
            parts.append(" ".join(f"{v:.1f}" for point in (p1, p2, p3) for v in point) + " c")

        def _closePath(self):
            parts.append("h")

    glyph_set = font.getGlyphSet()
    glyph_set[font.getGlyphOrder()[gid]].draw(PathPen(glyph_set))
    return " ".join(parts) or "0 0 m h"


@functools.lru_cache(maxsize=4)
def _outline_font(shaper: Shaper):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(shaper.data), lazy=True)


def _dots(left: float, y: float, right: float) -> str:
    """The form's dotted line that the value is written on."""
    return f"q 0.6 w [0.6 1.8] 0 d 1 J {left:.2f} {y:.2f} m {right:.2f} {y:.2f} l S Q"
