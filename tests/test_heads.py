"""The heads and the seal with a real emblem picture, in both fonts: the memo's title centred with
or without an urgency, the urgency between the emblem and the title; the external letter's
sender block (the office's name once, then the address); the stamped letter's seal drawn
around the agency's own Garuda (ข้อ 72)."""
from __future__ import annotations

import shutil

import pytest

from generator.build.pipeline import build
from generator.text import fontfiles
from tests.conftest import CM, REAL_FONTS, find, pdf_lines
from tests.helpers_pdf import (
    LEFT,
    RED,
    TEXT_CENTRE,
    TOL,
    assert_urgency,
    images,
    seal_ink,
)

AGENCY = """\
name: อำเภอบ้านลาด
address: {address}
code: พบ ๐๐๒๓.๑๐
emblem: garuda.png
font: TH SarabunPSK
digits: thai
contact:
  unit: สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด
  phone: ๐ ๓๒๕๔ ๗๒๐๒
signers:
  chief:
    name: นายสมชาย ใจดี
    position: [นายอำเภอบ้านลาด]
"""

MEMO = """\
kind: memo
number: {number}
date: 2025-03-10
{urgency}
subject: ขออนุมัติเดินทางไปราชการ
to: นายอำเภอบ้านลาด
body: |
  ขออนุมัติเดินทางไปราชการ ณ จังหวัดเพชรบุรี ในวันที่ 24 มีนาคม 2568

  จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติ
signer: chief
"""

EXTERNAL = """\
kind: external
number: {number}
date: 2025-03-10
subject: ขอเชิญประชุม
to: นายกองค์การบริหารส่วนตำบลท่าเสน
body: |
  ด้วยอำเภอบ้านลาดกำหนดประชุม ในวันที่ 24 มีนาคม 2568

  จึงเรียนมาเพื่อโปรดทราบ
signer: chief
"""

STAMPED = """\
kind: stamped
number: {number}
to: องค์การบริหารส่วนตำบลท่าเสน
body: ขอให้ส่งข้อมูลผู้สูงอายุภายในวันที่ 31 มีนาคม 2568
seal: {seal}
date: 2025-03-12
"""

# address: as agency.yaml gives it → the sender block as printed.
ADDRESSES = {
    "no-name": ("[ถนนสายสุทธิ พบ ๗๖๑๕๐]", ["อำเภอบ้านลาด", "ถนนสายสุทธิ พบ ๗๖๑๕๐"]),
    "starts-with-name": ("[อำเภอบ้านลาด, ถนนสายสุทธิ พบ ๗๖๑๕๐]", ["อำเภอบ้านลาด", "ถนนสายสุทธิ พบ ๗๖๑๕๐"]),
    "seat": ("[ที่ว่าการอำเภอบ้านลาด, ถนนสายสุทธิ พบ ๗๖๑๕๐]", ["ที่ว่าการอำเภอบ้านลาด", "ถนนสายสุทธิ พบ ๗๖๑๕๐"]),
}
LONG_NAME = "องค์การบริหารส่วนตำบลท่าเสน อำเภอบ้านลาด จังหวัดเพชรบุรี"


def garuda_like(path) -> None:
    """A stand-in for an agency's Garuda: a dark, many-pointed figure on a clear background,
    taller than wide (the placeholder is a plain box and once hid a layout bug)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (540, 600), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    pen.polygon([(270, 20), (330, 150), (520, 120), (380, 300), (450, 580), (270, 450), (90, 580),
                 (160, 300), (20, 120), (210, 150)], fill=(110, 20, 10, 255))
    pen.ellipse((220, 60, 320, 160), fill=(200, 150, 20, 255))
    image.save(path)


def letters_tree(root, fonts) -> object:
    tree = root / "letters"
    for number, (folder, (address, _)) in enumerate(ADDRESSES.items(), start=10):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "agency.yaml").write_text(AGENCY.format(address=address), encoding="utf-8")
        garuda_like(tree / folder / "garuda.png")
        (tree / folder / "external.yaml").write_text(EXTERNAL.format(number=number), encoding="utf-8")
    seat = tree / "seat"
    (seat / "memo-urgent.yaml").write_text(MEMO.format(number=2, urgency="urgency: ด่วนที่สุด"), "utf-8")
    (seat / "memo-plain.yaml").write_text(MEMO.format(number=3, urgency=""), "utf-8")
    (seat / "stamped.yaml").write_text(STAMPED.format(seal="อำเภอบ้านลาด", number=4), "utf-8")
    (tree / "no-name" / "stamped-long.yaml").write_text(STAMPED.format(seal=LONG_NAME, number=5), "utf-8")
    if fonts:
        shutil.copytree(fonts, tree / "fonts")
    return tree


def real_fonts(root):
    if not (REAL_FONTS / "THSarabun.ttf").is_file():
        pytest.skip(f"the real TH SarabunPSK is not in {REAL_FONTS} (the project does not ship it)")
    own = root / "fonts-src"
    own.mkdir()
    for ttf in REAL_FONTS.glob("THSarabun*.ttf"):
        if "IT9" not in ttf.name:
            shutil.copy(ttf, own / ttf.name)
    return own


@pytest.fixture(scope="module", params=["substitute", "real"])
def out(request, tmp_path_factory):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    root = tmp_path_factory.mktemp(request.param)
    tree = letters_tree(root, real_fonts(root) if request.param == "real" else None)
    summary = build([tree], root / "out", engine="libreoffice")
    assert summary.ok, [str(p) for r in summary.results for p in r.errors]
    assert not [p for r in summary.results for p in r.warnings if p.key == "emblem"]
    return root / "out"


@pytest.mark.parametrize("letter", ["memo-urgent", "memo-plain"])
def test_memo_title_centred_with_or_without_urgency(out, letter):
    pdf = out / "seat" / f"{letter}.pdf"
    lines = pdf_lines(pdf)
    title = find(lines, "บันทึกข้อความ")
    assert title.centre == pytest.approx(TEXT_CENTRE, abs=TOL)
    emblem = images(pdf)[0]
    assert emblem[0] == pytest.approx(LEFT, abs=TOL) and emblem[3] - emblem[1] == pytest.approx(1.5 * CM, abs=1)
    assert title.x0 > emblem[2]
    if letter == "memo-urgent":
        urgency = find(lines, "ด่วนที่สุด")
        assert_urgency(urgency)
        assert emblem[2] < urgency.x0 and urgency.x1 < title.x0
        assert urgency.baseline == pytest.approx(title.baseline, abs=TOL)
    else:
        assert not [line for line in lines if line.color == RED]


@pytest.mark.parametrize("folder", ADDRESSES)
def test_sender_block_names_the_office_once_then_the_address(out, folder):
    lines = pdf_lines(out / folder / "external.pdf")
    expected = ADDRESSES[folder][1]
    first = find(lines, expected[0])
    block = [line.text for line in lines if line.page == 1 and abs(line.x0 - first.x0) < TOL
             and first.baseline <= line.baseline < first.baseline + 3 * 20]
    assert block[:len(expected)] == expected
    assert sum(line.text == "อำเภอบ้านลาด" for line in lines if line.baseline < first.baseline + 40) <= 1


@pytest.mark.parametrize("letter", ["seat/stamped", "no-name/stamped-long"])
def test_seal_around_the_agency_emblem(out, letter):
    ink = seal_ink(out / f"{letter}.pdf")
    assert ink.box.width == pytest.approx(4.5 * CM, abs=1)
    assert ink.ring_cover[22.2] > 0.97 and ink.ring_cover[17.5] > 0.97
    assert ink.inside > 20000                       # the Garuda-like figure, in red, fills the centre
    assert ink.band_below > 300 and ink.band_above == 0


def test_seal_font_is_the_agencys_own_bold_when_supplied():
    if not (REAL_FONTS / "THSarabun Bold.ttf").is_file():
        pytest.skip(f"the real TH SarabunPSK is not in {REAL_FONTS} (the project does not ship it)")
    found = fontfiles.family_file([REAL_FONTS], "TH SarabunPSK", bold=True)
    assert found is not None and found.name == "THSarabun Bold.ttf"
    assert fontfiles.family_file([REAL_FONTS], "TH SarabunPSK", bold=False).name == "THSarabun.ttf"
