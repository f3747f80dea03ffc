"""Tests for generator.pdf.fonts: the TH SarabunPSK substitute, fontconfig, PDF font checks."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from generator.pdf import fonts

REAL_FONTS = Path(__file__).resolve().parents[2] / "shared" / "fonts"
REAL_PSK = REAL_FONTS / "THSarabun.ttf"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

needs_real_fonts = pytest.mark.skipif(
    not REAL_PSK.is_file(), reason=f"real TH SarabunPSK fonts not found in {REAL_FONTS}"
)
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
needs_fc = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig not installed")


def _laksaman_available() -> bool:
    try:
        fonts.find_laksaman()
    except fonts.FontError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _laksaman_available(), reason="Laksaman not installed (apt-get install fonts-tlwg-laksaman-ttf)"
)

# --------------------------------------------------------------------------
# Helpers: tmp DOCX building, conversion, line extraction
# --------------------------------------------------------------------------

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

PARAGRAPHS = [
    "ที่ ศธ 0210.304/1234",
    "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน ถนนราชดำเนินนอก เขตดุสิต กรุงเทพมหานคร 10300",
    "15 มีนาคม 2567",
    "เรื่อง ขอความอนุเคราะห์ใช้สถานที่จัดการประชุมเชิงปฏิบัติการ",
    "เรียน ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1",
    "สิ่งที่ส่งมาด้วย 1. กำหนดการประชุมเชิงปฏิบัติการ จำนวน 1 ฉบับ",
    "2. รายชื่อผู้เข้าร่วมประชุม จำนวน 1 ชุด",
    "ด้วยสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐานมีกำหนดจัดการประชุมเชิงปฏิบัติการพัฒนาศักยภาพ"
    "บุคลากรทางการศึกษาด้านการจัดทำหนังสือราชการตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ "
    "พ.ศ. 2526 และที่แก้ไขเพิ่มเติม ระหว่างวันที่ 20 - 22 เมษายน 2567 โดยมีผู้เข้าร่วมประชุม"
    "ประมาณ 150 คน",
    "ในการนี้ สำนักงานฯ พิจารณาแล้วเห็นว่าห้องประชุมของท่านมีความเหมาะสม ทั้งในด้านขนาดและ"
    "สิ่งอำนวยความสะดวก จึงขอความอนุเคราะห์ใช้ห้องประชุมใหญ่ ชั้น 3 อาคาร 2 ตั้งแต่เวลา "
    "08.30 - 16.30 น. ทั้งนี้ สำนักงานฯ จะเป็นผู้รับผิดชอบค่าใช้จ่ายที่เกิดขึ้นทั้งหมด",
    "อนึ่ง หากท่านมีข้อขัดข้องประการใด โปรดแจ้งให้ทราบล่วงหน้าอย่างน้อย 7 วันทำการ เพื่อที่"
    "สำนักงานฯ จะได้ดำเนินการจัดหาสถานที่แห่งอื่นทดแทนได้ทันตามกำหนดเวลา และขอขอบคุณ"
    "มา ณ โอกาสนี้",
    "จึงเรียนมาเพื่อโปรดพิจารณาให้ความอนุเคราะห์ด้วย จะขอบคุณยิ่ง",
    "ขอแสดงความนับถือ",
    "(นายสมชาย ใจดี)",
    "ผู้อำนวยการสำนักพัฒนาระบบบริหารงานบุคคลและนิติการ",
    "สำนักพัฒนาระบบบริหารงานบุคคล",
    "โทร. 0 2288 5555 ต่อ 123 โทรสาร 0 2281 6666",
    "ไปรษณีย์อิเล็กทรอนิกส์ saraban@obec.go.th",
    "บันทึกเพิ่มเติม: การประชุมครั้งนี้มีวัตถุประสงค์เพื่อให้ผู้เข้าร่วมประชุมมีความรู้ความเข้าใจ"
    "ในการจัดทำหนังสือราชการทั้ง 6 ชนิด ได้แก่ หนังสือภายนอก หนังสือภายใน หนังสือประทับตรา "
    "หนังสือสั่งการ หนังสือประชาสัมพันธ์ และหนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐานในราชการ",
    "ผู้เข้าร่วมประชุมจะได้ฝึกปฏิบัติการร่างหนังสือ การใช้ตัวเลขไทย การกำหนดรหัสตัวพยัญชนะและ"
    "ตัวเลขประจำส่วนราชการ ตลอดจนการเก็บรักษาและการทำลายหนังสือตามระยะเวลาที่กำหนดไว้ "
    "ไม่น้อยกว่า 10 ปี สำหรับหนังสือที่มีความสำคัญ",
    "ค่าใช้จ่ายในการจัดประชุมเบิกจ่ายจากงบประมาณประจำปี 2567 แผนงานพื้นฐานด้านการพัฒนา"
    "และเสริมสร้างศักยภาพทรัพยากรมนุษย์ ผลผลิตที่ 3 กิจกรรมที่ 4 จำนวนเงิน 125,500 บาท "
    "(หนึ่งแสนสองหมื่นห้าพันห้าร้อยบาทถ้วน)",
    "ทั้งนี้ ได้แนบกำหนดการและรายชื่อผู้เข้าร่วมประชุมมาพร้อมนี้ เพื่อประกอบการพิจารณา"
    "ของท่านด้วยแล้ว หากมีข้อสงสัยสามารถติดต่อสอบถามเจ้าหน้าที่ผู้ประสานงานได้ในวันและ"
    "เวลาราชการ",
    "กลุ่มงานพัฒนาระบบบริหาร นางสาวมาลี ศรีสุข นักทรัพยากรบุคคลชำนาญการ โทร. 08 1234 5678",
    "สำเนาส่ง ผู้อำนวยการโรงเรียนในสังกัดทุกแห่ง เพื่อโปรดทราบและประชาสัมพันธ์ให้ข้าราชการครู"
    "และบุคลากรทางการศึกษาที่สนใจเข้าร่วมการประชุมตามวันและเวลาดังกล่าว",
    "หมายเหตุ ขอให้ผู้เข้าร่วมประชุมแต่งกายด้วยชุดผ้าไทยหรือชุดสุภาพ และนำคอมพิวเตอร์"
    "พกพามาด้วยเพื่อใช้ในการฝึกปฏิบัติ",
    "ผู้ประสานงาน ว่าที่ร้อยตรีประเสริฐ มั่นคง โทร. 09 8765 4321",
]


def _set_run_font(run, family: str, size_pt: float, bold: bool = False, italic: bool = False):
    """Set a python-docx run's font (see _set_rpr)."""
    _set_rpr(run._r.get_or_add_rPr(), family, size_pt, bold, italic)


def _set_rpr(rpr, family: str, size_pt: float, bold: bool = False, italic: bool = False):
    """Name ``family`` in all four rFonts slots, sz/szCs, b/bCs, i/iCs, lang th-TH."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tag in ("w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:sz", "w:szCs", "w:lang"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    # Order matters for schema validity: rFonts, b, bCs, i, iCs, ..., sz, szCs, ..., lang.
    fonts_el = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts_el.set(qn(slot), family)
    children = [fonts_el]
    for flag, tags in ((bold, ("w:b", "w:bCs")), (italic, ("w:i", "w:iCs"))):
        if flag:
            children += [OxmlElement(t) for t in tags]
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(int(size_pt * 2)))
        children.append(el)
    lang = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "th-TH")
    children.append(lang)
    for child in reversed(children):
        rpr.insert(0, child)


def make_docx(path: Path, family: str = "TH SarabunPSK", paragraphs: list[str] | None = None) -> Path:
    """A4 letter-like DOCX (margins L 3 cm, R 2 cm), ``family`` 16 pt, justified, Thai digits.

    Every 5th paragraph has a bold run and every 7th an italic one, to exercise all styles.
    """
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    _set_rpr(doc.styles["Normal"].element.get_or_add_rPr(), family, 16)
    for i, text in enumerate(paragraphs if paragraphs is not None else PARAGRAPHS):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.space_after = Cm(0)
        para.paragraph_format.first_line_indent = Cm(2.5) if len(text) > 80 else None
        text = text.translate(THAI_DIGITS)
        head, _, tail = text.partition(" ")
        if i % 5 == 3 and tail:
            _set_run_font(para.add_run(head + " "), family, 16, bold=True)
            text = tail
        elif i % 7 == 4 and tail:
            _set_run_font(para.add_run(head + " "), family, 16, italic=True, bold=True)
            _set_run_font(para.add_run(tail.split(" ")[0] + " "), family, 16, italic=True)
            text = " ".join(tail.split(" ")[1:])
        _set_run_font(para.add_run(text), family, 16)
    doc.save(str(path))
    return path


def convert(docx_files: list[Path], outdir: Path, conf: Path) -> list[Path]:
    """Convert DOCX files to PDF with one soffice call, FONTCONFIG_FILE=conf."""
    profile = outdir / "lo-profile"
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    cmd = [
        SOFFICE,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
        *map(str, docx_files),
    ]
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=240)
    pdfs = [outdir / (f.stem + ".pdf") for f in docx_files]
    missing = [p for p in pdfs if not p.is_file()]
    assert not missing, f"soffice did not produce {missing}"
    return pdfs


def pdf_lines(pdf: Path) -> list[tuple[int, str, float, float, float]]:
    """(page, text, baseline y, x0, x1) for each text line, in reading order.

    Spans are grouped by baseline (within 1.5 pt), so a justified line split into
    several spans is still one line; whitespace runs are collapsed.
    """
    import pymupdf

    out = []
    with pymupdf.open(str(pdf)) as doc:
        for page_no, page in enumerate(doc):
            spans = [
                s
                for b in page.get_text("dict")["blocks"]
                for ln in b.get("lines", [])
                for s in ln["spans"]
                if s["text"].strip()
            ]
            spans.sort(key=lambda s: (round(s["origin"][1], 1), s["origin"][0]))
            groups: list[list[dict]] = []
            for span in spans:
                if groups and abs(groups[-1][0]["origin"][1] - span["origin"][1]) <= 1.5:
                    groups[-1].append(span)
                else:
                    groups.append([span])
            for group in groups:
                group.sort(key=lambda s: s["bbox"][0])
                text = " ".join(" ".join(s["text"].split()) for s in group)
                x0 = min(s["bbox"][0] for s in group)
                x1 = max(s["bbox"][2] for s in group)
                out.append((page_no, text, group[0]["origin"][1], x0, x1))
    return out


@pytest.fixture(scope="module")
def substitute_dir(tmp_path_factory) -> Path:
    return fonts.ensure_substitute(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory) -> Path:
    """A tmp ``fonts/`` folder holding copies of the real TTFs (as a letters tree would)."""
    dest = tmp_path_factory.mktemp("letters") / "fonts"
    dest.mkdir()
    for ttf in REAL_FONTS.glob("*.ttf"):
        shutil.copy(ttf, dest / ttf.name)
    return dest


# --------------------------------------------------------------------------
# The substitute fonts
# --------------------------------------------------------------------------


def _substitute(substitute_dir: Path, suffix: str) -> TTFont:
    return TTFont(str(substitute_dir / f"SarabanSubstitute-{suffix}.ttf"))


def test_substitute_has_four_styles(substitute_dir):
    expect = {
        "Regular": (400, 0, 0b1000000),
        "Bold": (700, 1, 0b100000),
        "Italic": (400, 2, 0b1),
        "BoldItalic": (700, 3, 0b100001),
    }
    for suffix, (weight, mac, sel) in expect.items():
        font = _substitute(substitute_dir, suffix)
        assert font["OS/2"].usWeightClass == weight
        assert font["head"].macStyle == mac
        assert font["OS/2"].fsSelection & 0b11100001 == sel
        assert font["name"].getDebugName(6) == fonts.SUBSTITUTE_FAMILY.replace(" ", "") + (
            "" if suffix == "Regular" else f"-{suffix}"
        )


def test_substitute_vertical_metrics(substitute_dir):
    font = _substitute(substitute_dir, "Regular")
    assert font["head"].unitsPerEm == 1500
    hhea, os2 = font["hhea"], font["OS/2"]
    assert (hhea.ascent, hhea.descent, hhea.lineGap) == (1275, -375, 45)
    assert (os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap) == (1275, -375, 90)
    assert (os2.usWinAscent, os2.usWinDescent) == (1275, 375)
    assert not os2.fsSelection & fonts.USE_TYPO_METRICS


@needs_real_fonts
@pytest.mark.parametrize(
    "suffix,real_name",
    [("Regular", "THSarabun.ttf"), ("Bold", "THSarabun Bold.ttf"),
     ("Italic", "THSarabun Italic.ttf"), ("BoldItalic", "THSarabun BoldItalic.ttf")],
)
def test_substitute_matches_real_metrics(substitute_dir, suffix, real_name):
    sub, real = _substitute(substitute_dir, suffix), TTFont(str(REAL_FONTS / real_name))
    s_upm, r_upm = sub["head"].unitsPerEm, real["head"].unitsPerEm
    for attr in ("ascent", "descent", "lineGap"):
        assert getattr(sub["hhea"], attr) / s_upm == pytest.approx(getattr(real["hhea"], attr) / r_upm)
    for attr in ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"):
        assert getattr(sub["OS/2"], attr) / s_upm == pytest.approx(getattr(real["OS/2"], attr) / r_upm)
    assert (sub["OS/2"].fsSelection & fonts.USE_TYPO_METRICS) == (
        real["OS/2"].fsSelection & fonts.USE_TYPO_METRICS
    )
    for char in ("ก", " ", "า", "๑", "A"):
        s_adv = sub["hmtx"][sub.getBestCmap()[ord(char)]][0] / s_upm
        r_adv = real["hmtx"][real.getBestCmap()[ord(char)]][0] / r_upm
        assert s_adv == pytest.approx(r_adv, rel=0.01), char


def test_substitute_name_and_hinting(substitute_dir):
    reserved = ("thsarabun", "sarabunpsk", "sarabun psk", "th sarabun", "sarabunnew", "sarabun new")
    for path in substitute_dir.glob("*.ttf"):
        font = TTFont(str(path))
        for record in font["name"].names:
            if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
                text = record.toUnicode().casefold()
                assert not any(r in text for r in reserved), (path.name, record.nameID, text)
        assert font["name"].getDebugName(1) == fonts.SUBSTITUTE_FAMILY
        assert "GNU General Public License" in font["name"].getDebugName(13)
        assert "Laksaman" in font["name"].getDebugName(0)
        for tag in ("fpgm", "prep", "cvt "):
            assert tag not in font
        glyf = font["glyf"]
        assert all(
            not getattr(glyf[g], "program", None) or not glyf[g].program.getBytecode()
            for g in glyf.keys()
        )


def test_regenerating_is_a_noop(substitute_dir, tmp_path):
    cache = substitute_dir.parent
    mtimes = {p: p.stat().st_mtime_ns for p in substitute_dir.glob("*.ttf")}
    assert fonts.ensure_substitute(cache) == substitute_dir
    assert {p: p.stat().st_mtime_ns for p in substitute_dir.glob("*.ttf")} == mtimes


def test_rebuilt_when_recipe_changes(substitute_dir, tmp_path, monkeypatch):
    """A new recipe version builds a new set of fonts beside the old one, which stays as it was
    (a build still running with the old code keeps reading its fonts)."""
    cache = tmp_path / "cache"
    old = cache / substitute_dir.name
    shutil.copytree(substitute_dir, old)
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    version = fonts.RECIPE_VERSION + "-test"
    monkeypatch.setattr(fonts, "RECIPE_VERSION", version)
    new = fonts.ensure_substitute(cache)
    assert new.parent == cache and new != old
    assert sorted(p.name for p in cache.iterdir()) == sorted([old.name, new.name])
    assert sorted(p.name for p in new.iterdir()) == sorted(s.file_name for s in fonts.STYLES)
    for path in new.iterdir():
        assert f"saraban substitute {version}" in TTFont(str(path))["name"].getDebugName(5)
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before


def test_concurrent_builds_do_not_corrupt(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=3, mp_context=ctx) as pool:
        results = list(pool.map(fonts.ensure_substitute, [tmp_path] * 3))
    assert len(set(results)) == 1
    out = results[0]
    # Only the four fonts: no temp files left behind.
    assert sorted(p.name for p in out.iterdir()) == sorted(s.file_name for s in fonts.STYLES)
    for path in out.iterdir():
        font = TTFont(str(path))
        assert font["head"].unitsPerEm == fonts.UNITS_PER_EM
        font.ensureDecompiled()  # every table parses


def test_missing_laksaman_raises(monkeypatch):
    monkeypatch.setattr(fonts, "laksaman_files", lambda: {})
    with pytest.raises(fonts.FontError, match="fonts-tlwg-laksaman-ttf"):
        fonts.ensure_substitute()


# --------------------------------------------------------------------------
# fontconfig
# --------------------------------------------------------------------------


@needs_fc
def test_fontconfig_uses_substitute_without_real_fonts(substitute_dir, tmp_path):
    conf = fonts.write_fontconfig(tmp_path / "conf", [substitute_dir])
    for family in fonts.THAI_FAMILIES:
        for style in ("Regular", "Bold", "Italic", "Bold Italic"):
            assert fonts.fc_match(family, conf, style) == fonts.SUBSTITUTE_FAMILY, (family, style)


@needs_fc
@needs_real_fonts
def test_fontconfig_prefers_real_fonts(substitute_dir, real_dir, tmp_path):
    conf = fonts.write_fontconfig(tmp_path / "conf", [substitute_dir, real_dir])
    for style in ("Regular", "Bold", "Italic", "Bold Italic"):
        assert fonts.fc_match("TH SarabunPSK", conf, style) == "TH SarabunPSK"
    for style in ("Regular", "Bold Italic"):
        assert fonts.fc_match("TH SarabunIT๙", conf, style) == "TH SarabunIT๙"
    # No real TH Sarabun New supplied: still the substitute.
    assert fonts.fc_match("TH Sarabun New", conf) == fonts.SUBSTITUTE_FAMILY


@needs_fc
@needs_real_fonts
def test_fontconfig_keeps_it9_out_of_sarabunpsk(substitute_dir, real_dir, tmp_path):
    """TH SarabunIT๙ files also claim family "TH SarabunPSK"; the conf removes that claim."""
    conf = fonts.write_fontconfig(tmp_path / "conf", [substitute_dir, real_dir])
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    listing = subprocess.run(
        ["fc-list", "TH SarabunPSK", "file"], env=env, capture_output=True, text=True, check=True
    ).stdout
    files = {Path(line.split(":")[0]).name for line in listing.splitlines() if line.strip()}
    assert files == {"THSarabun.ttf", "THSarabun Bold.ttf", "THSarabun Italic.ttf",
                     "THSarabun BoldItalic.ttf"}


# --------------------------------------------------------------------------
# Reading a PDF's fonts (pikepdf lists them, PDFium tells which draw visible text)
# --------------------------------------------------------------------------

# Longer than 31 characters with its subset tag (MuPDF cut span font names there).
LONG_NAME = "NotoSansThaiLooped-ExtraCondensedSemiBold"
BLANKS_ONLY = "DejaVuSansCondensed-BoldOblique"
IN_A_FORM = "Garuda-Oblique"


def _font(name: str):
    import pikepdf

    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name("/" + name), Encoding=pikepdf.Name.WinAnsiEncoding)


def _type0_font(name: str):
    """A composite font as MuPDF wrote the draft mark: the Type0 font and its CIDFont named apart."""
    import pikepdf

    cid_font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2,
                                  BaseFont=pikepdf.Name("/" + name),
                                  CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0))
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0,
                              BaseFont=pikepdf.Name("/" + name.replace("-", " ")),
                              Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid_font])


@pytest.fixture(scope="module")
def font_cases(tmp_path_factory) -> Path:
    """One page whose resources are inherited from the page tree (as some writers do): a long-named
    font drawing text, a font drawing only spaces, and a form XObject drawing text in a third font."""
    import pikepdf

    pdf = pikepdf.new()
    form = pikepdf.Stream(pdf, b"BT /F3 12 Tf 72 650 Td (in a form) Tj ET",
                          Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                          Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F3=_font("MNOPQR+" + IN_A_FORM))))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Contents = pikepdf.Stream(
        pdf, b"BT /F1 12 Tf 72 720 Td (Visible) Tj ET BT /F2 12 Tf 72 700 Td (  \t ) Tj ET /Fm0 Do")
    del page.obj["/Resources"]
    pdf.Root.Pages.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=_font("ABCDEF+" + LONG_NAME), F2=_font("GHIJKL+" + BLANKS_ONLY)),
        XObject=pikepdf.Dictionary(Fm0=pdf.make_indirect(form)))
    path = tmp_path_factory.mktemp("font-cases") / "cases.pdf"
    pdf.save(path)
    return path


def test_pdf_fonts_lists_every_font_of_the_pages_and_their_forms(font_cases):
    assert fonts.pdf_fonts(font_cases) == {LONG_NAME, BLANKS_ONLY, IN_A_FORM}


def test_text_fonts_are_the_fonts_drawing_visible_text_by_their_full_names(font_cases):
    assert fonts.text_fonts(font_cases) == {LONG_NAME, IN_A_FORM}


def test_a_font_drawing_only_blanks_is_not_unexpected(font_cases):
    assert fonts.unexpected_fonts(font_cases, {LONG_NAME, IN_A_FORM}) == set()
    assert fonts.unexpected_fonts(font_cases, {"Garuda"}) == {LONG_NAME}


def test_a_composite_font_is_named_by_its_font_program(tmp_path):
    import pikepdf

    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F0=_type0_font("SarabanSubstitute-Bold")))
    pdf.save(tmp_path / "type0.pdf")
    assert fonts.pdf_fonts(tmp_path / "type0.pdf") == {"SarabanSubstitute-Bold"}
    assert fonts.unexpected_fonts(tmp_path / "type0.pdf", {fonts.SUBSTITUTE_FAMILY}) == set()


@pytest.mark.parametrize("name,family", [
    ("ABCDEF+SarabanSubstitute-BoldItalic", fonts.SUBSTITUTE_FAMILY),
    ("THSarabunPSK-Bold", "TH SarabunPSK"),
    ("THSarabunITY-Italic", "TH SarabunIT๙"),     # LibreOffice writes ๙ (U+0E59) as its low byte, Y
    ("TH Sarabun New,Bold", "TH Sarabun New"),
])
def test_font_names_are_matched_by_family(name, family):
    assert fonts.normalise_font_name(name) == fonts.normalise_font_name(family)


def test_another_family_does_not_match():
    assert fonts.normalise_font_name("ABCDEF+DejaVuSans-Bold") not in fonts.allowed_font_names(*fonts.THAI_FAMILIES)


# --------------------------------------------------------------------------
# Rendering through LibreOffice
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_sub(substitute_dir, tmp_path_factory) -> dict[str, Path]:
    """The letter, and a letter naming a missing font, rendered with the substitute only
    (one soffice call)."""
    work = tmp_path_factory.mktemp("render-sub")
    letter = make_docx(work / "letter.docx")
    missing = make_docx(work / "missing.docx", family="No Such Thai Font", paragraphs=PARAGRAPHS[:6])
    conf = fonts.write_fontconfig(work / "conf", [substitute_dir])
    (work / "out").mkdir()
    letter_pdf, missing_pdf = convert([letter, missing], work / "out", conf)
    return {"letter": letter_pdf, "missing": missing_pdf}


@pytest.fixture(scope="module")
def rendered_real(substitute_dir, real_dir, tmp_path_factory) -> dict[str, Path]:
    """The letter, and a short one naming TH SarabunIT๙, rendered with the real fonts
    available (from a tmp fonts/ folder; one soffice call)."""
    work = tmp_path_factory.mktemp("render-real")
    letter = make_docx(work / "letter.docx")
    it9 = make_docx(work / "it9.docx", family="TH SarabunIT๙", paragraphs=PARAGRAPHS[:6])
    conf = fonts.write_fontconfig(work / "conf", [substitute_dir, real_dir])
    (work / "out").mkdir()
    letter_pdf, it9_pdf = convert([letter, it9], work / "out", conf)
    return {"letter": letter_pdf, "it9": it9_pdf}


@needs_soffice
def test_libreoffice_embeds_substitute(rendered_sub):
    sub = fonts.pdf_fonts(rendered_sub["letter"])
    assert {"SarabanSubstitute", "SarabanSubstitute-Bold", "SarabanSubstitute-Italic",
            "SarabanSubstitute-BoldItalic"} <= sub
    assert not any("sarabunpsk" in f.casefold() for f in sub)
    allowed = set(fonts.THAI_FAMILIES) | {fonts.SUBSTITUTE_FAMILY}
    assert fonts.unexpected_fonts(rendered_sub["letter"], allowed) == set()
    # The substitute is not the real font: not allowed when only the real one is.
    assert fonts.unexpected_fonts(rendered_sub["letter"], {"TH SarabunPSK"})


@needs_soffice
@needs_real_fonts
def test_libreoffice_embeds_real_font(rendered_real):
    real = fonts.pdf_fonts(rendered_real["letter"])
    assert real == {"THSarabunPSK", "THSarabunPSK-Bold", "THSarabunPSK-Italic",
                    "THSarabunPSK-BoldItalic"}
    assert fonts.unexpected_fonts(rendered_real["letter"], {"TH SarabunPSK"}) == set()
    # LibreOffice writes the PostScript name THSarabunIT๙ as "THSarabunITY".
    it9 = fonts.pdf_fonts(rendered_real["it9"])
    assert "THSarabunITY" in it9
    assert fonts.unexpected_fonts(rendered_real["it9"], {"TH SarabunIT๙"}) == set()


@needs_soffice
@needs_real_fonts
def test_substitute_renders_like_real_font(rendered_sub, rendered_real):
    sub, real = pdf_lines(rendered_sub["letter"]), pdf_lines(rendered_real["letter"])
    assert [l[1] for l in sub] == [l[1] for l in real]  # same line breaks
    assert [l[0] for l in sub] == [l[0] for l in real]  # same lines per page
    assert max(l[0] for l in sub) == 1  # two pages
    assert len(sub) >= 40
    dy = max(abs(s[2] - r[2]) for s, r in zip(sub, real))
    dx = max(max(abs(s[3] - r[3]), abs(s[4] - r[4])) for s, r in zip(sub, real))
    print(f"\nfidelity: {len(sub)} lines on 2 pages, max baseline dy {dy:.2f} pt, "
          f"max x-extent dx {dx:.2f} pt")
    assert dy <= 1.0
    assert dx <= 5.0


@needs_soffice
def test_fallback_font_is_detected(rendered_sub):
    allowed = set(fonts.THAI_FAMILIES) | {fonts.SUBSTITUTE_FAMILY}
    unexpected = fonts.unexpected_fonts(rendered_sub["missing"], allowed)
    assert unexpected, fonts.pdf_fonts(rendered_sub["missing"])
