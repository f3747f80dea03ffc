"""Where the stamp goes: the top right of page 1, or the nearest place where it covers nothing.

What is taken is read with PDFium: the boxes of the page's text (each character as tall as its
font's line), paths and images, and the dark
pixels of the page drawn at 72 dpi (1 pixel a point). An object spanning more than half the page
(a scanned page's image, a background) counts by its pixels only, so the blank paper of a scan
is free. Every place on a 2-point grid is tried at once (summed-area tables), nearest to the top
right first.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from generator.receiving.stamp import CM, HEIGHT, WIDTH

MARGIN = 1.0 * CM           # from the paper's edges, at the top right
EDGE = 0.5 * CM             # nearest the stamp may come to an edge when it moves
CLEARANCE = 2.0             # points kept free around the stamp
STEP = 2.0
DARK = 200                  # grey level (0-255) below which a pixel is ink
SPECKS = 0.002              # share of a scan's pixels under the stamp that may be dark (dust, noise)
ASCENT, DESCENT = 0.85, 0.3  # a text line's extent around its baseline, in ems (TH Sarabun: 0.85 / 0.25)
NUDGE = 0.5 * CM            # a shift this small keeps the stamp "at the top right" (not "moved")
LARGEST = 3400 * 2400       # points²: a page larger than A0 is not looked at (its grids would be huge)
BIG = 0.5                   # an object covering more than this share of the page counts by its pixels


@dataclass(frozen=True)
class Place:
    left: float                 # PDF points from the page's left edge
    bottom: float               # PDF points from the page's bottom edge
    page_width: float
    page_height: float
    moved: bool                 # not at the top right
    free: bool                  # covers nothing (False: a full page; put at the top right anyway)
    not_looked: str = ""        # why the page was not looked at (too large, smaller than the stamp)

    @property
    def left_cm(self) -> float:
        return round(self.left / CM, 2)

    @property
    def top_cm(self) -> float:
        return round((self.page_height - self.bottom - HEIGHT) / CM, 2)

    def describe(self) -> str:
        where = f"{self.left_cm:.1f} cm from the left, {self.top_cm:.1f} cm from the top of page 1"
        if self.not_looked:
            return f"at the top right of page 1: {self.not_looked}"
        if not self.free:
            return f"at the top right of page 1, over the letter: no blank place of {WIDTH / CM:.0f} × {HEIGHT / CM:.1f} cm was found"
        if self.moved:
            return f"moved: the top right is taken; {where}"
        return f"at the top right of page 1 ({where})"


def _summed(grid):
    import numpy as np
    table = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), dtype=np.int32)
    np.cumsum(grid, axis=0, dtype=np.int32, out=table[1:, 1:])
    np.cumsum(table[1:, 1:], axis=1, out=table[1:, 1:])
    return table


def _window_sums(table, tops, lefts, height: int, width: int):
    return (table[tops + height, lefts + width] - table[tops, lefts + width]
            - table[tops + height, lefts] + table[tops, lefts])


def occupied(page) -> tuple:
    """Two grids (rows from the page's top, 1 point each): object boxes, and dark pixels."""
    import numpy as np
    import pypdfium2.raw as raw

    width, height = page.get_size()
    rows, cols = int(math.ceil(height)), int(math.ceil(width))
    boxes = np.zeros((rows, cols), dtype=bool)
    kinds = (raw.FPDF_PAGEOBJ_TEXT, raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_SHADING)
    for obj in page.get_objects(max_depth=8):
        if obj.type not in kinds:
            continue
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > BIG * width * height:
            continue
        r0, r1 = max(0, int(height - top)), min(rows, int(math.ceil(height - bottom)) + 1)
        c0, c1 = max(0, int(left)), min(cols, int(math.ceil(right)) + 1)
        boxes[r0:r1, c0:c1] = True
    _text_lines(page, boxes, height)
    bitmap = page.render(scale=1, grayscale=True, fill_color=(255, 255, 255, 255))
    pixels = np.asarray(bitmap.to_numpy())
    pixels = pixels.reshape(pixels.shape[0], pixels.shape[1], -1)[:, :, 0]
    dark = np.zeros((rows, cols), dtype=bool)
    dark[:min(rows, pixels.shape[0]), :min(cols, pixels.shape[1])] = \
        pixels[:rows, :cols] < DARK
    return boxes, dark


def _text_lines(page, boxes, height: float) -> None:
    """Each character's box as tall as a line of its size (ASCENT above its baseline, DESCENT
    below), not only its ink: a line of text is taken from its tone marks to its descenders, as a
    reader (and a PDF tool's line box) sees it."""
    import ctypes

    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    rows, cols = boxes.shape
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(textpage.count_chars()):
        left, _, right, _ = textpage.get_charbox(index, loose=True)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        if right <= left or size <= 0 or not raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y):
            continue
        top, bottom = y.value + ASCENT * size, y.value - DESCENT * size
        boxes[max(0, int(height - top)):min(rows, int(math.ceil(height - bottom)) + 1),
              max(0, int(left)):min(cols, int(math.ceil(right)) + 1)] = True


def find_place(page) -> Place:
    """The place nearest the top right of ``page`` where the stamp covers no text or image."""
    import numpy as np

    width, height = page.get_size()
    if width * height > LARGEST or width < WIDTH + 2 * EDGE or height < HEIGHT + 2 * EDGE:
        why = ("the page is larger than A0 and was not looked at" if width * height > LARGEST
               else "the page is smaller than the stamp")
        left, top = max(0.0, width - MARGIN - WIDTH), min(MARGIN, max(0.0, height - HEIGHT))
        return Place(left, height - top - HEIGHT, width, height, moved=False, free=False, not_looked=why)
    boxes, dark = occupied(page)
    box_table, dark_table = _summed(boxes), _summed(dark)
    w, h = int(math.ceil(WIDTH + 2 * CLEARANCE)), int(math.ceil(HEIGHT + 2 * CLEARANCE))
    lefts = np.arange(EDGE - CLEARANCE, width - EDGE - WIDTH - CLEARANCE + 0.01, STEP)
    tops = np.arange(EDGE - CLEARANCE, height - EDGE - HEIGHT - CLEARANCE + 0.01, STEP)
    right_left, top_top = width - MARGIN - WIDTH - CLEARANCE, MARGIN - CLEARANCE
    lefts = np.append(lefts, right_left).astype(int)           # the top right itself is a candidate
    tops = np.append(tops, top_top).astype(int)
    grid_tops, grid_lefts = np.meshgrid(tops, lefts, indexing="ij")
    grid_tops, grid_lefts = grid_tops.ravel(), grid_lefts.ravel()
    fits = (grid_tops >= 0) & (grid_lefts >= 0) & (grid_tops + h < boxes.shape[0]) & (grid_lefts + w < boxes.shape[1])
    grid_tops, grid_lefts = grid_tops[fits], grid_lefts[fits]
    free = ((_window_sums(box_table, grid_tops, grid_lefts, h, w) == 0)
            & (_window_sums(dark_table, grid_tops, grid_lefts, h, w) <= SPECKS * w * h))
    preferred = (int(right_left), int(top_top))
    if not free.any():
        return _place(preferred, width, height, moved=False, free=False)
    distance = np.hypot(grid_lefts - preferred[0], grid_tops - preferred[1])
    distance[~free] = np.inf
    best = int(np.argmin(distance))
    chosen = (int(grid_lefts[best]), int(grid_tops[best]))
    return _place(chosen, width, height, moved=distance[best] > NUDGE, free=True)


def _place(corner: tuple[int, int], width: float, height: float, moved: bool, free: bool) -> Place:
    left = corner[0] + CLEARANCE
    top = corner[1] + CLEARANCE
    return Place(left, height - top - HEIGHT, width, height, moved, free)
