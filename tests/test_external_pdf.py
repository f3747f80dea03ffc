"""The external letter as rendered to PDF, measured against ../shared/reference/standard.md."""
from __future__ import annotations

import re
import zipfile

import pymupdf
import pytest

from tests.conftest import CM, decode_qr, find, pdf_lines
from tests.helpers_pdf import (
    ARABIC_DIGIT,
    ASCENT,
    BODY_INDENT,
    DATE_X,
    DESCENT,
    LEFT,
    LINE,
    PAGE_W,
    RED,
    RIGHT,
    SENDER_X,
    SIGNATURE_CENTRE,
    SIZE,
    TOL,
    URGENCY_SIZE,
    assert_a4,
    assert_emblem_top_centre,
    assert_number_at_emblem_foot,
    assert_page_numbers,
    assert_secrecy_marks,
    assert_signature_gap,
    assert_thai_font_embedded,
    assert_thai_font_in_every_slot,
    assert_urgency,
    images,
)

SEED = "2567/e-laas-circular"
FULL = "2567/budget-request"
DRAFT = "2568/thanks-draft"
ARABIC = "extra/arabic"
LETTER_QR = "extra/letter-qr"
LABEL_WIDTH = {"อ้างถึง": 1.5 * CM, "สิ่งที่ส่งมาด้วย": 2.75 * CM, "สำเนาส่ง": 1.75 * CM}   # the label's tab
BLANK_DAY = 1.1 * CM                 # a draft's blank day: eight no-break spaces and a space at 16 pt
QR_SIZE = 2.2 * CM                   # Resolver.qr: 22 mm, in the standard's 2–2.5 cm



@pytest.fixture(scope="module")
def seed(built):
    return pdf_lines(built.pdf(SEED))


@pytest.fixture(scope="module")
def full(built):
    return pdf_lines(built.pdf(FULL))


def test_all_examples_build(built):
    for relative in (SEED, FULL, DRAFT, ARABIC):
        result = built.result(relative)
        assert result.status == "built", result.problems
        assert built.pdf(relative).is_file() and built.docx(relative).is_file()


def test_a4_pages(built):
    for relative in (SEED, FULL, DRAFT):
        assert_a4(built.pdf(relative))


def test_emblem_three_cm_high_top_centre(built, seed):
    assert_emblem_top_centre(built.pdf(SEED))


def test_number_left_level_with_emblem_foot_and_sender_right(built, seed):
    emblem, number = assert_number_at_emblem_foot(built.pdf(SEED), seed, "ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗")
    sender = [find(seed, "ที่ว่าการอำเภอบ้านลาด"), find(seed, "ถนนสายสุทธิ")]
    assert emblem[2] < SENDER_X and PAGE_W / 2 < SENDER_X         # right of the emblem and of the page centre
    assert all(line.x0 == pytest.approx(SENDER_X, abs=TOL) for line in sender)
    assert sender[-1].baseline == pytest.approx(number.baseline, abs=1)


def test_parts_in_order_flush_left_with_hanging_lines(seed):
    date = find(seed, "๒ กันยายน ๒๕๖๗")
    subject = find(seed, "เรื่อง")
    to = find(seed, "เรียน")
    enclosure = find(seed, "สิ่งที่ส่งมาด้วย")
    body = find(seed, "ตามที่จังหวัดเพชรบุรี")
    closing = find(seed, "ขอแสดงความนับถือ")
    name = find(seed, "(นางสาววิสนีย์ จงใจจักร)")
    position = find(seed, "นายอำเภอบ้านลาด", page=name.page)
    contact = find(seed, "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอบ้านลาด")
    order = [date, subject, to, enclosure, body, closing, name, position, contact]
    assert [(l.page, l.baseline) for l in order] == sorted((l.page, l.baseline) for l in order)
    assert date.x0 == pytest.approx(DATE_X, abs=TOL)
    assert closing.x0 == pytest.approx(DATE_X, abs=TOL)
    for label in (subject, to, enclosure, contact):
        assert label.x0 == pytest.approx(LEFT, abs=TOL)
    # A wrapped enclosure line continues under the text, not under the label.
    enclosure_lines = [l for l in seed if l.page == 1 and enclosure.baseline <= l.baseline < body.baseline]
    text_x = {round(l.x0) for l in enclosure_lines[1:]}
    assert len(enclosure_lines) == 3 and len(text_x) == 1
    assert text_x.pop() == pytest.approx(LEFT + LABEL_WIDTH["สิ่งที่ส่งมาด้วย"], abs=TOL)


def test_body_first_line_indent_and_justified(seed):
    body = find(seed, "ตามที่จังหวัดเพชรบุรี")
    assert body.x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)
    second = next(l for l in seed if l.page == 1 and l.baseline > body.baseline)
    assert second.x0 == pytest.approx(LEFT, abs=TOL)
    # Justified: the paragraph's inner lines reach the right margin.
    assert body.x1 == pytest.approx(RIGHT, abs=6)
    assert second.x1 == pytest.approx(RIGHT, abs=6)


def test_numbered_items_keep_paragraph_indent(seed):
    for item in ("๑. ยกเลิกหนังสือ", "๒. กรมส่งเสริม", "๓. สำหรับข้อมูล"):
        assert find(seed, item).x0 == pytest.approx(LEFT + BODY_INDENT, abs=TOL)


def test_signature_block_centred_under_the_closing(full):
    closing = find(full, "ขอแสดงความนับถือ")
    name = find(full, "(นายสมชาย ใจดี)")
    acting = find(full, "ปฏิบัติราชการแทน")
    assert name.page == closing.page
    assert_signature_gap(closing, name)                                # three blank lines
    assert name.centre == pytest.approx(SIGNATURE_CENTRE, abs=TOL)
    assert name.centre == pytest.approx(acting.centre, abs=TOL)
    assert name.centre == pytest.approx(closing.centre, abs=1.5 * CM)


def test_urgency_red_bold_32pt_above_number(full):
    urgency = find(full, "ด่วนที่สุด")
    number = find(full, "ที่ พบ")
    assert urgency.page == 1
    assert urgency.baseline == pytest.approx(number.baseline - DESCENT * URGENCY_SIZE - ASCENT * SIZE, abs=TOL)
    assert urgency.x0 == pytest.approx(LEFT, abs=TOL)
    assert_urgency(urgency)


def test_secrecy_red_top_and_bottom_centre_of_every_page(built, full):
    assert assert_a4(built.pdf(FULL)) == 2
    assert_secrecy_marks(built.pdf(FULL), full, "ลับ")


def test_no_marks_without_urgency_or_secrecy(seed):
    assert not [l for l in seed if l.color == RED]


def test_page_two_number_in_thai_digits_centred_at_top(built):
    assert_page_numbers(built.pdf(SEED), pdf_lines(built.pdf(SEED)))
    assert_page_numbers(built.pdf(FULL), pdf_lines(built.pdf(FULL)))                 # under the secrecy mark


def test_embedded_fonts_are_the_thai_font_only(built):
    for relative in (SEED, FULL, DRAFT, ARABIC):
        assert_thai_font_embedded(built.pdf(relative))


def test_qr_codes_decode_to_the_exact_urls(built, tmp_path):
    urls = {"https://banlad.example.go.th/docs/2568/flood-project.pdf",
            "https://banlad.example.go.th/docs/2568/flood-budget.xlsx"}
    lines = pdf_lines(built.pdf(FULL))
    page = find(lines, "สิ่งที่ส่งมาด้วย ๑ (สแกน").page
    assert decode_qr(built.pdf(FULL), page, tmp_path) == urls
    seed_page = find(pdf_lines(built.pdf(SEED)), "สิ่งที่ส่งมาด้วย (สแกน").page
    assert decode_qr(built.pdf(SEED), seed_page, tmp_path) == {
        "https://www.oldaasreport.dla.go.th/documents/pb0023.5-v12322.pdf"}


def test_a_letter_level_qr_code_stands_in_for_the_enclosures_own(built, tmp_path):
    """``qr:`` gives one code of exactly its URL, with its caption and its URL printed beside it;
    the enclosures' own URLs get no code."""
    url = "https://banlad.example.go.th/meetings/2568/01?all=1"
    assert built.result(LETTER_QR).status == "built", built.result(LETTER_QR).problems
    lines = pdf_lines(built.pdf(LETTER_QR))
    caption = find(lines, "สแกนเพื่อดาวน์โหลดเอกสารการประชุมทั้งหมด")
    assert decode_qr(built.pdf(LETTER_QR), caption.page, tmp_path) == {url}
    printed = next(l for l in lines if l.page == caption.page and l.baseline > caption.baseline)
    assert printed.text == url and printed.size == pytest.approx(12, abs=0.1)
    assert caption.text == "สแกนเพื่อดาวน์โหลดเอกสารการประชุมทั้งหมด"
    assert printed.x0 == pytest.approx(caption.x0, abs=TOL)
    assert not [l for l in lines if "agenda.pdf" in l.text or "minutes.pdf" in l.text]
    code = images(built.pdf(LETTER_QR), caption.page)[-1]
    assert code[2] - code[0] == pytest.approx(QR_SIZE, abs=1) and code[3] - code[1] == pytest.approx(QR_SIZE, abs=1)
    assert code[0] == pytest.approx(LEFT, abs=TOL)


def test_qr_is_the_last_part_and_about_two_cm(built, full):
    copies = find(full, "สำเนาส่ง")
    caption = find(full, "สิ่งที่ส่งมาด้วย ๒ (สแกน")
    assert (caption.page, caption.baseline) > (copies.page, copies.baseline)
    with pymupdf.open(str(built.pdf(FULL))) as doc:
        codes = [i for i in doc[caption.page - 1].get_image_info() if i["bbox"][1] > copies.baseline]
    assert len(codes) == 2
    for code in codes:
        x0, y0, x1, y1 = code["bbox"]
        assert x1 - x0 == pytest.approx(QR_SIZE, abs=1) and y1 - y0 == pytest.approx(QR_SIZE, abs=1)
        assert x0 == pytest.approx(LEFT, abs=TOL)


def test_references_enclosures_copies_numbered_in_thai(built):
    parts = (("อ้างถึง", ("๑. หนังสือจังหวัดเพชรบุรี", "๒. หนังสืออำเภอบ้านลาด")),
             ("สิ่งที่ส่งมาด้วย", ("๑. แบบเสนอโครงการ", "๒. ประมาณการค่าใช้จ่าย", "๓. ภาพถ่ายพื้นที่ประสบอุทกภัย")),
             ("สำเนาส่ง", ("๑. นายกองค์การบริหารส่วนตำบลท่าเสน", "๒. นายกองค์การบริหารส่วนตำบลบ้านทาน")))
    with pymupdf.open(str(built.pdf(FULL))) as doc:
        for label, items in parts:
            page = next(p for p in doc if p.search_for(items[-1]))
            head = page.search_for(label)[0]
            rects = [page.search_for(item)[0] for item in items]
            assert rects[0].y1 == pytest.approx(head.y1, abs=1)             # first item beside the label
            assert len({round(r.x0) for r in rects}) == 1                    # numbers in one column
            assert rects[0].x0 == pytest.approx(LEFT + LABEL_WIDTH[label], abs=TOL)   # at the label's tab
    find(pdf_lines(built.pdf(FULL)), "๓. ภาพถ่ายพื้นที่ประสบอุทกภัย ตำบลท่าเสน และตำบลบ้านทาน จำนวน ๑๒ ภาพ")


def test_thai_digits_and_buddhist_dates(built, full):
    assert find(full, "๑๘ พฤศจิกายน ๒๕๖๗").x0 == pytest.approx(DATE_X, abs=TOL)
    find(full, "ที่ พบ ๐๐๒๓.๑๐/๓๑๐๕")
    # Arabic digits remain only in URLs and e-mail addresses.
    for line in full:
        if ARABIC_DIGIT.search(line.text) and not re.fullmatch(r"-\s*\d\s*-", line.text):
            assert "http" in line.text or "@" in line.text, line.text
    body = " ".join(l.text for l in full)
    assert "๘,๗๕๐,๐๐๐ บาท" in body and "๔,๓๕๐ ไร่" in body


def test_draft_leaves_number_and_day_blank(built):
    lines = pdf_lines(built.pdf(DRAFT))
    number = find(lines, "ที่ พบ")
    assert number.text.replace(" ", "") == "ที่พบ๐๐๒๓.๑๐/"
    with pymupdf.open(str(built.pdf(DRAFT))) as doc:
        month = doc[0].search_for("มีนาคม ๒๕๖๘")[0]
    assert find(lines, "มีนาคม ๒๕๖๘").x0 == pytest.approx(DATE_X, abs=TOL)
    assert month.x0 == pytest.approx(DATE_X + BLANK_DAY, abs=TOL)   # room for the day, written by hand
    assert len([l for l in lines if l.page > 1]) == 0    # a short letter stays on one page


def test_arabic_digits_option(built):
    lines = pdf_lines(built.pdf(ARABIC))
    find(lines, "ที่ พบ 0023.10/ว")
    find(lines, "15 มกราคม 2568")
    find(lines, "แจ้งกำหนดการประชุม ครั้งที่ 1/")
    assert not re.search("[๐-๙]", " ".join(l.text for l in lines))


def test_missing_font_is_an_error_not_a_fallback(built):
    result = built.result("fallback/letter")
    assert result.status == "failed"
    message = " ".join(str(p) for p in result.errors)
    assert "Nonexistent Sans" in message and "fonts/" in message
    assert not built.pdf("fallback/letter").exists() and not built.docx("fallback/letter").exists()


def test_docx_keeps_thai_distributed_justification_and_fonts_in_every_slot(built):
    with zipfile.ZipFile(built.docx(SEED)) as docx:
        document = docx.read("word/document.xml").decode()
    assert document.count('w:jc w:val="thaiDistribute"') == 6       # the six body paragraphs, for Word
    assert_thai_font_in_every_slot(built.docx(SEED))


def test_placeholder_emblem_warns(built):
    warnings = built.result(SEED).warnings
    assert any(w.key == "emblem" for w in warnings)


def test_pdf_metadata_from_the_letter(built):
    with pymupdf.open(str(built.pdf(SEED))) as doc:
        meta = doc.metadata
        language = doc.pdf_catalog() and doc.xref_get_key(doc.pdf_catalog(), "Lang")
    assert meta["title"] == "การปฏิบัติงานในระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"
    assert meta["author"] == "อำเภอบ้านลาด"
    assert meta["subject"] == "ที่ พบ ๐๐๒๓.๑๐/ว ๒๗๓๗"
    assert meta["creationDate"].startswith("D:20240902") and meta["modDate"] == meta["creationDate"]
    assert meta["producer"].startswith("saraban")
    assert "th-TH" in language[1]


def test_layout_conventions_from_the_profile(built, full):
    compact = pdf_lines(built.pdf("compact/letter"))
    with pymupdf.open(str(built.pdf("compact/letter"))) as doc:
        emblem = min(doc[0].get_image_info(), key=lambda info: info["bbox"][1])["bbox"]
    assert emblem[1] == pytest.approx(2.5 * CM, abs=TOL)
    line = LINE * SIZE                                           # TH SarabunPSK 16 pt, single spacing
    for layout, gap in ((full, line), (compact, 6)):
        subject, to = find(layout, "เรื่อง"), find(layout, "เรียน")   # the subject takes two lines
        assert to.baseline - subject.baseline == pytest.approx(2 * line + gap, abs=1.5)
    closing = find(compact, "ขอแสดงความนับถือ")
    assert closing.page == find(compact, "(นายสมชาย ใจดี)").page  # the signature block never splits
