"""Draw generator/render/assets/emblem-placeholder.png: ``python templates/make_placeholder.py``.

The project ships no Garuda emblem. Until an agency sets ``emblem:`` in its
agency.yaml, letters show this clearly labelled box of the emblem's size
(3 cm high on the external letter; 300 dpi).
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
HEIGHT_CM, WIDTH_CM = 3.0, 2.7
FONT = "/usr/share/fonts/truetype/tlwg/Laksaman-Bold.ttf"
TARGET = Path(__file__).resolve().parents[1] / "generator" / "render" / "assets" / "emblem-placeholder.png"


def px(cm: float) -> int:
    return round(cm / 2.54 * DPI)


def main() -> None:
    w, h = px(WIDTH_CM), px(HEIGHT_CM)
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    grey = (150, 150, 150)
    dash = 18
    for x in range(0, w, dash * 2):
        draw.line([(x, 3), (min(x + dash, w), 3)], fill=grey, width=6)
        draw.line([(x, h - 4), (min(x + dash, w), h - 4)], fill=grey, width=6)
    for y in range(0, h, dash * 2):
        draw.line([(3, y), (3, min(y + dash, h))], fill=grey, width=6)
        draw.line([(w - 4, y), (w - 4, min(y + dash, h))], fill=grey, width=6)
    lines = [("ตราครุฑ", 62, (90, 90, 90)), ("EMBLEM", 34, grey), ("PLACEHOLDER", 34, grey),
             ("ตั้งค่า emblem:", 30, grey), ("ใน agency.yaml", 30, grey)]
    y = 40
    for text, size, colour in lines:
        font = ImageFont.truetype(FONT, size)
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(((w - (box[2] - box[0])) / 2 - box[0], y), text, font=font, fill=colour)
        y += size + 22
    image.save(TARGET, dpi=(DPI, DPI), optimize=True)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
