"""Thai keys and values (generator/letter/thaikeys.py): a letter written with the part names a clerk uses."""
from __future__ import annotations

import re

import pymupdf
import pytest

from generator.build.pipeline import build, check
from generator.errors import LetterError
from generator.kinds import load_letter as load_yaml
from generator.kinds.prepare import prepare
from tests.conftest import CM, LETTERS, needs_soffice
from tests.helpers_input import AGENCY, letters_tree

THAI = """\
ชนิด: หนังสือภายนอก
ที่: 12
หนังสือเวียน: ใช่
ลงวันที่: 2024-09-02
ชั้นความเร็ว: ด่วน
เรื่อง: ขอเชิญประชุม
เรียน: นายกรัฐมนตรี
สิ่งที่ส่งมาด้วย:
  - ชื่อ: แผนที่
    จำนวน: ๑ ฉบับ
ข้อความ: |
  ตามสิ่งที่ส่งมาด้วย

  จึงกราบเรียนมาเพื่อโปรดทราบ
ผู้ลงนาม:
  ชื่อ: นายสมชาย ใจดี
  ตำแหน่ง: ปลัดอำเภอ
ส่วนราชการเจ้าของเรื่อง:
  ส่วนราชการ: กลุ่มงานปกครอง
  โทร: ๐ ๓๒๕๔ ๗๒๐๒
ตัวเลข: อารบิก
"""


def test_thai_keys_and_values_become_the_english_ones(tmp_path):
    (tmp_path / "a.yaml").write_text(THAI, encoding="utf-8")
    source = load_yaml(tmp_path / "a.yaml")
    data = source.data
    assert data["kind"] == "external" and data["circular"] is True and data["digits"] == "arabic"
    assert data["enclosures"] == [{"title": "แผนที่", "count": "๑ ฉบับ"}]
    assert data["signer"] == {"name": "นายสมชาย ใจดี", "position": "ปลัดอำเภอ"}
    assert data["contact"] == {"unit": "กลุ่มงานปกครอง", "phone": "๐ ๓๒๕๔ ๗๒๐๒"}
    assert source.line_of(("subject",)) == 6
    assert source.line_of(("enclosures", 0, "count")) == 10
    assert source.line_of(("signer", "position")) == 17


def test_a_thai_key_letter_resolves_like_its_english_twin(tmp_path):
    tree = letters_tree(tmp_path, {"a.yaml": THAI})
    context = prepare(tree / "a.yaml", tree, tmp_path).context
    assert context["number_line"] == "ที่ พบ 0023.10/ว 12"
    assert (context["salutation"], context["closing"]) == ("กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง")


def test_errors_in_a_thai_key_letter_point_at_the_right_line(tmp_path):
    tree = letters_tree(tmp_path, {"a.yaml": THAI.replace("ชั้นความเร็ว: ด่วน", "ชั้นความเร็ว: ด่วนจี๋")})
    (result,) = check([tree]).results
    (error,) = result.errors
    assert (error.line, error.key, error.part) == (5, "urgency", "ชั้นความเร็ว")


@pytest.mark.parametrize("english, thai, line", [("subject: ซ้ำ\n", "เรื่อง", 6), ("to: ซ้ำ\n", "เรียน", 7)])
def test_one_file_may_not_mix_both_names_of_a_key(tmp_path, english, thai, line):
    (tmp_path / "a.yaml").write_text(THAI + english, encoding="utf-8")
    with pytest.raises(LetterError) as caught:
        load_yaml(tmp_path / "a.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 22 and problem.rule == "SB002 mixed-key-names"
    assert f"`{thai}` (line {line})" in problem.message and "(line 22)" in problem.message


def test_nested_names_mixed_are_caught_too(tmp_path):
    (tmp_path / "a.yaml").write_text(THAI.replace("  ตำแหน่ง: ปลัดอำเภอ\n", "  ตำแหน่ง: ปลัดอำเภอ\n  name: ซ้ำ\n"),
                                     encoding="utf-8")
    with pytest.raises(LetterError) as caught:
        load_yaml(tmp_path / "a.yaml")
    assert caught.value.problems[0].key == "name" and caught.value.problems[0].line == 18


def test_an_agency_profile_in_thai(tmp_path):
    agency = ("ชื่อส่วนราชการ: อำเภอบ้านลาด\nรหัสหนังสือ: พบ ๐๐๒๓.๑๐\nตัวเลข: ไทย\n"
              "รายชื่อผู้ลงนาม:\n  deputy:\n    ชื่อ: นายสมชาย ใจดี\n    ตำแหน่ง: ปลัดอำเภอ\n")
    letter = THAI.replace("ผู้ลงนาม:\n  ชื่อ: นายสมชาย ใจดี\n  ตำแหน่ง: ปลัดอำเภอ\n", "ผู้ลงนาม: deputy\n")
    tree = letters_tree(tmp_path, {"a.yaml": letter}, agency=agency)
    context = prepare(tree / "a.yaml", tree, tmp_path).context
    assert context["signature_lines"] == ["(นายสมชาย ใจดี)", "ปลัดอำเภอ"]


# ------------------------------------------------------------------ the same PDF

ENGLISH_TO_THAI = {"kind": "ชนิด", "number": "ที่", "date": "ลงวันที่", "urgency": "ชั้นความเร็ว",
                   "secrecy": "ชั้นความลับ", "subject": "เรื่อง", "to": "เรียน", "references": "อ้างถึง",
                   "enclosures": "สิ่งที่ส่งมาด้วย", "title": "รายการ", "count": "จำนวน", "url": "ลิงก์",
                   "body": "ข้อความ", "signer": "ผู้ลงนาม", "copies": "สำเนาส่ง", "circular": "หนังสือเวียน"}


def in_thai(text: str) -> str:
    text = re.sub(r"^(\s*(?:- )?)([a-z]+):", lambda m: m.group(1) + ENGLISH_TO_THAI.get(m.group(2), m.group(2)) + ":",
                  text, flags=re.MULTILINE)
    return text.replace("ชนิด: external", "ชนิด: หนังสือภายนอก").replace("หนังสือเวียน: true", "หนังสือเวียน: ใช่")


def pdf_text(path) -> list[str]:
    with pymupdf.open(str(path)) as doc:
        return [page.get_text() for page in doc]


@needs_soffice
def test_thai_key_letters_render_the_same_pdf_text(tmp_path):
    letters = {}
    for name in ("2567/budget-request", "2567/e-laas-circular"):
        english = (LETTERS / f"{name}.yaml").read_text(encoding="utf-8")
        thai = in_thai(english)
        assert "subject:" not in thai and "เรื่อง:" in thai
        letters[f"en/{name}.yaml"], letters[f"th/{name}.yaml"] = english, thai
    letters["pm.yaml"] = THAI               # กราบเรียน … from the salutation table, in the same build
    letters["en/agency.yaml"] = letters["th/agency.yaml"] = AGENCY.read_text(encoding="utf-8")
    tree = letters_tree(tmp_path, letters)
    # Two builds: the twins share their numbers, which one build's numbering check rightly refuses.
    for part in ("en", "th"):
        summary = build([tree / part], tmp_path / "out" / part, engine="libreoffice")
        assert summary.ok, [p for r in summary.results for p in r.errors]
    summary = build([tree / "pm.yaml"], tmp_path / "out", engine="libreoffice")
    assert summary.ok, [p for r in summary.results for p in r.errors]
    for name in ("2567/budget-request", "2567/e-laas-circular"):
        # a sub-folder keeps its path below the letters root (letters/, issue 14): out/en/en/…
        english, thai = (pdf_text(tmp_path / "out" / lang / lang / f"{name}.pdf") for lang in ("en", "th"))
        assert len(english) >= 1 and english == thai
    with pymupdf.open(str(tmp_path / "out" / "pm.pdf")) as doc:
        text = doc[0].get_text()
        salutation = min(doc[0].search_for("กราบเรียน"), key=lambda r: r.y0)      # the body says it too
        addressee = min(doc[0].search_for("นายกรัฐมนตรี"), key=lambda r: r.y0)
    assert "ขอแสดงความนับถืออย่างยิ่ง" in text
    # the addressee after the longer salutation starts at the 2 cm tab, on the salutation's line
    assert abs(salutation.x0 - 3 * CM) < 2.5 and abs(addressee.x0 - 5 * CM) < 2.5
    assert abs(salutation.y1 - addressee.y1) < 1


def test_a_misspelt_thai_key_gets_a_thai_suggestion(tmp_path):
    tree = letters_tree(tmp_path, {"a.yaml": THAI.replace("เรื่อง: ขอเชิญประชุม", "เรืองง: ขอเชิญประชุม")})
    (result,) = check([tree]).results
    unknown = next(p for p in result.errors if p.key == "เรืองง")
    assert unknown.line == 6 and unknown.hint == "did you mean `เรื่อง` (subject)?"


MINUTES_TH = """\
ชนิด: รายงานการประชุม
ชื่อการประชุม: คณะกรรมการ
ครั้งที่: 1
ลงวันที่: 2025-01-20
สถานที่: ห้องประชุม
ผู้มาประชุม:
  - ชื่อ: นายหนึ่ง
    ตำแหน่ง: ประธาน
    หมายเหตุ: ประธาน
  - นายสอง
เริ่มประชุมเวลา: "09.30"
ระเบียบวาระ:
  - เรื่อง: เรื่องแจ้งเพื่อทราบ
    ข้อความ: ไม่มี
เลิกประชุมเวลา: "12.00"
ผู้จดรายงานการประชุม: {ชื่อ: นายสาม, ตำแหน่ง: ปลัดอำเภอ}
"""
MINUTES_EN = """\
kind: minutes
title: คณะกรรมการ
session: 1
date: 2025-01-20
place: ห้องประชุม
present:
  - name: นายหนึ่ง
    position: ประธาน
    note: ประธาน
  - นายสอง
start: "09.30"
agenda:
  - title: เรื่องแจ้งเพื่อทราบ
    text: ไม่มี
end: "12.00"
recorder: {name: นายสาม, position: ปลัดอำเภอ}
"""


def test_the_new_kinds_keys_have_thai_names_too(tmp_path):
    tree = letters_tree(tmp_path, {"th.yaml": MINUTES_TH, "en.yaml": MINUTES_EN,
                                   "order.yaml": "ชนิด: คำสั่ง\nที่: อัตโนมัติ\nลงวันที่: 2025-01-20\n"
                                                 "เรื่อง: แต่งตั้ง\nข้อความ: ให้ปฏิบัติ\nผู้ลงนาม: deputy\n"})
    th, en = (prepare(tree / name, tree, tmp_path) for name in ("th.yaml", "en.yaml"))
    assert th.context == en.context
    order = prepare(tree / "order.yaml", tree, tmp_path)
    assert order.letter.number == "auto"


def test_top_level_thai_names_do_not_apply_inside_a_mapping_that_names_none(tmp_path):
    """`เรื่อง` means `subject` at the top level only: inside `layout:` (whose keys have no Thai names)
    it stays as written, so the error names the key the clerk typed."""
    from generator.letter.loader import Source
    from generator.letter.thaikeys import translate
    data = translate(Source(tmp_path / "a.yaml", {"layout": {"เรื่อง": 1}, "signer": {"ชื่อ": "ก"}})).data
    assert data == {"layout": {"เรื่อง": 1}, "signer": {"name": "ก"}}
