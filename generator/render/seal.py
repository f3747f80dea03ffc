"""ตราชื่อส่วนราชการ, the seal of a stamped letter, drawn as the regulation describes it (ข้อ 72).

Two concentric circles, 4.5 cm and 3.5 cm across; the Garuda (ข้อ 71's 3 cm one, or the agency's
emblem, or the labelled placeholder) inside the inner circle; the office's name in Thai in the band
between them, along the lower edge, read upright; all in red, as a rubber stamp prints it.

Word and LibreOffice cannot both lay text along an arc (WordArt warps are Word's; LibreOffice 7.4
cannot even rotate a text frame), so the seal is one picture, drawn once per name, emblem and font.
Pillow shapes Thai with libraqm (HarfBuzz): each grapheme cluster is shaped, then turned to face
the centre and set on the arc. The name stays searchable as the sender line printed above the seal.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

OUTER_MM, INNER_MM = 45.0, 35.0     # ข้อ 72
GARUDA_MM = 30.0                    # ข้อ 71: the Garuda 3 cm high
DPI = 600                           # the picture's resolution on the page
SUPERSAMPLE = 2                     # drawn twice as large, then reduced: smooth edges
OUTER_RING_MM, INNER_RING_MM = 0.6, 0.35
BAND_MARGIN_MM = 0.3                # between the rings and the letters' ink
MAX_SPAN_DEGREES = 250              # a longer name is set smaller, never round into the top
INK = (255, 0, 0)                   # the letters' red (builders.kit.RED)
RECIPE = "seal 1"                   # change when the drawing changes: cached pictures are redrawn

# A Thai grapheme cluster: [leading vowel] base [marks] [SARA AM], a space, or any other character.
CLUSTER = re.compile(r"[\u0e40-\u0e44]?[^\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*\u0e33?"
                     r"|\s|.", re.DOTALL)


@dataclass(frozen=True)
class SealDrawing:
    name: str
    emblem: Path
    font: Path

    def file_name(self) -> str:
        digest = hashlib.sha256(RECIPE.encode())
        for part in (self.name.encode(), self.emblem.read_bytes(), self.font.read_bytes()):
            digest.update(hashlib.sha256(part).digest())
        return f"seal-{digest.hexdigest()[:16]}.png"


def can_shape() -> bool:
    """Whether Pillow can shape Thai (libraqm, which needs FriBiDi): without it the marks of the
    name would be misplaced, so the seal is refused rather than drawn wrong."""
    from PIL import features

    return bool(features.check("raqm"))


def px(mm: float) -> int:
    return round(mm / 25.4 * DPI * SUPERSAMPLE)


def draw_seal(drawing: SealDrawing, target: Path) -> None:
    """The seal as a transparent PNG of OUTER_MM square at DPI."""
    from PIL import Image, ImageDraw  # only where a stamped letter is rendered

    size = px(OUTER_MM)
    canvas = Image.new("RGBA", (size, size), (*INK, 0))
    pen = ImageDraw.Draw(canvas)
    _ring(pen, size, OUTER_MM, OUTER_RING_MM)
    _ring(pen, size, INNER_MM, INNER_RING_MM)
    _emblem(canvas, drawing.emblem)
    _name_on_arc(canvas, drawing.name, drawing.font)
    final = canvas.resize((size // SUPERSAMPLE, size // SUPERSAMPLE), Image.LANCZOS)
    final.save(target, dpi=(DPI, DPI), optimize=True)


def _ring(pen, size: int, diameter_mm: float, width_mm: float) -> None:
    centre, radius = size / 2, px(diameter_mm) / 2
    box = (centre - radius, centre - radius, centre + radius, centre + radius)
    pen.ellipse(box, outline=(*INK, 255), width=max(1, px(width_mm)))


def _emblem(canvas, emblem: Path) -> None:
    """The emblem as red ink: dark and opaque parts print, light and clear parts do not."""
    from PIL import Image, ImageChops, ImageOps

    with Image.open(emblem) as source:
        picture = source.convert("RGBA")
    darkness = ImageOps.invert(picture.convert("L"))
    alpha = ImageChops.multiply(darkness, picture.getchannel("A"))
    # Fit the Garuda's height, and its corners inside the inner circle.
    inner = px(INNER_MM - 2 * INNER_RING_MM)
    scale = min(px(GARUDA_MM) / picture.height, inner / math.hypot(picture.width, picture.height))
    width, height = max(1, round(picture.width * scale)), max(1, round(picture.height * scale))
    ink = Image.new("RGBA", (width, height), (*INK, 255))
    ink.putalpha(alpha.resize((width, height), Image.LANCZOS))
    size = canvas.width
    canvas.alpha_composite(ink, ((size - width) // 2, (size - height) // 2))


def _name_on_arc(canvas, name: str, font_file: Path) -> None:
    """The name along the lower edge of the band, each cluster upright towards the centre."""
    from PIL import Image, ImageDraw

    band_outer = px(OUTER_MM / 2 - OUTER_RING_MM - BAND_MARGIN_MM)
    band_inner = px(INNER_MM / 2 + INNER_RING_MM / 2 + BAND_MARGIN_MM)
    text = " ".join(name.split())
    font, ascent, descent = _font_for_band(font_file, text, band_outer - band_inner)
    baseline = band_outer - descent
    radius = baseline - ascent / 2                       # the text's middle: advances measured there
    length = font.getlength(text)
    while math.degrees(length / radius) > MAX_SPAN_DEGREES:
        font = font.font_variant(size=max(8, round(font.size * 0.95)))
        length = font.getlength(text)
    start = 90 + math.degrees(length / radius) / 2       # screen angles: 90° is straight down
    centre = canvas.width / 2
    tile = round(font.size * 2.5)
    offset = 0
    for cluster in CLUSTER.findall(text):
        advance = font.getlength(text[:offset + len(cluster)]) - font.getlength(text[:offset])
        middle = font.getlength(text[:offset]) + advance / 2
        offset += len(cluster)
        if cluster.isspace():
            continue
        angle = start - math.degrees(middle / radius)
        glyph = Image.new("RGBA", (tile, tile), (*INK, 0))
        ImageDraw.Draw(glyph).text((tile / 2, tile / 2), cluster, font=font, fill=(*INK, 255), anchor="ms")
        turned = glyph.rotate(90 - angle, resample=Image.BICUBIC, center=(tile / 2, tile / 2))
        x = centre + baseline * math.cos(math.radians(angle)) - tile / 2
        y = centre + baseline * math.sin(math.radians(angle)) - tile / 2
        canvas.alpha_composite(turned, (round(x), round(y)))


def _font_for_band(font_file: Path, text: str, band: int):
    """The largest size whose ink (marks above and below included) fills 90 % of the band."""
    from PIL import ImageFont

    size = band
    while True:
        font = ImageFont.truetype(str(font_file), size, layout_engine=ImageFont.Layout.RAQM)
        _, top, _, bottom = font.getbbox(text + "ป์ญู", anchor="ls")
        if bottom - top <= 0.9 * band or size < 8:
            return font, -top, bottom
        size -= 2
