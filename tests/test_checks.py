"""Regulation rules (generator/checks/): each rule on a letter that breaks it and on one that keeps it."""
from __future__ import annotations

import pytest

from generator.agency.salutations import form_for, salutation_and_closing
from generator.build.pipeline import check
from generator.checks._common import all_rules
from tests.helpers_input import letters_tree

HEAD = "kind: external\ndate: 2024-09-02\nsubject: ขอความอนุเคราะห์\nsigner: deputy\n"
PURPOSE = "\n\n  จึงเรียนมาเพื่อโปรดพิจารณา\n"


def letter(to: str = "นายอำเภอเมืองเพชรบุรี", body: str = "ข้อความ", **keys: str) -> str:
    extra = "".join(f"{k}: {v}\n" if "\n" not in v else f"{k}:\n{v}" for k, v in keys.items())
    return f"{HEAD}to: {to}\n{extra}body: |\n  {body}{PURPOSE}"


def problems(tmp_path, text: str, files: dict | None = None, agency: str | None = None):
    tree = letters_tree(tmp_path, {"a.yaml": text, **(files or {})}, agency=agency)
    result = check([tree / "a.yaml"]).results[0]
    return [p for p in result.problems if p.rule and p.rule_id != "SB124"]     # the test tree has no emblem


def rule_ids(found) -> list[str]:
    return sorted(p.rule_id for p in found)


ENCLOSURES = "  - title: แบบสำรวจ\n  - title: แผนที่\n"
REFERENCES = "  - หนังสือจังหวัด ที่ พบ ๐๐๑๗.๒/๑ ลงวันที่ ๑ ตุลาคม ๒๕๖๗\n"

CASES = [
    # rule, breaking letter, keeping letter
    ("SB101", letter("นายกรัฐมนตรี", salutation="เรียน"), letter("นายกรัฐมนตรี", salutation="กราบเรียน")),
    ("SB101", letter("พระครูสุวรรณธรรมโกศล เจ้าอาวาสวัดท่าเสน", salutation="เรียน"),
     letter("พระครูสุวรรณธรรมโกศล เจ้าอาวาสวัดท่าเสน", salutation="นมัสการ")),
    ("SB102", letter("ประธานศาลฎีกา", closing="ขอแสดงความนับถือ"), letter("ประธานศาลฎีกา")),
    # a general addressee is judged by the default row (issue 14): กราบเรียน to a district chief is SB101
    ("SB101", letter("นายอำเภอบ้านลาด", salutation="กราบเรียน"), letter("นายอำเภอบ้านลาด")),
    # a monk's name the table's titles miss is not judged by the default row, only for the pairing
    ("SB102", letter("พระอุดมสารโสภณ", salutation="นมัสการ", closing="ขอแสดงความนับถือ"),
     letter("พระอุดมสารโสภณ", salutation="นมัสการ", closing="ขอนมัสการด้วยความเคารพ")),
    ("SB121", letter("เรียน นายอำเภอบ้านลาด"), letter("นายอำเภอบ้านลาด")),
    ("SB103", letter(body="รายละเอียดตามสิ่งที่ส่งมาด้วย 1 และ 3", enclosures=ENCLOSURES),
     letter(body="รายละเอียดตามสิ่งที่ส่งมาด้วย 1 และ 2", enclosures=ENCLOSURES)),
    ("SB103", letter(body="รายละเอียดตามสิ่งที่ส่งมาด้วย"), letter(body="รายละเอียดตามเอกสารแนบ")),
    ("SB104", letter(body="ตามหนังสือที่อ้างถึง ๒ นั้น", references=REFERENCES),
     letter(body="ตามหนังสือที่อ้างถึง ๑ นั้น", references=REFERENCES)),
    ("SB105", letter(enclosures="  - title: แผนที่\n    file: files/map.pdf\n"),
     letter(enclosures="  - title: แผนที่\n    file: files/here.pdf\n")),
    ("SB105", letter(enclosures="  - title: แผนที่\n    file: ../outside.pdf\n"),
     letter(enclosures="  - title: แผนที่\n    file: files/here.pdf\n")),
    ("SB106", f"{HEAD}to: นายอำเภอ\nbody: |\n  ข้อความ\n\n  ขอบคุณ\n", letter()),
    ("SB107", letter(secrecy="ลับที่สุด", send="electronic"), letter(secrecy="ลับที่สุด", send="paper")),
    ("SB107", letter(secrecy="ลับที่สุด", enclosures="  - title: ก\n    url: https://example.go.th/a.pdf\n"),
     letter(secrecy="ลับ", enclosures="  - title: ก\n    url: https://example.go.th/a.pdf\n", send="electronic")),
    ("SB109", letter(body="ประชุมวันที่ 5 ตุลาคม", digits="thai"), letter(body="ประชุมวันที่ 5 ตุลาคม")),
    ("SB109", letter(body="ประชุมวันที่ 5 ตุลาคม ๒๕๖๗"), letter(body="ประชุมวันที่ ๕ ตุลาคม ๒๕๖๗")),
    ("SB110", letter(body="ตามที่ปรากฎว่า"), letter(body="ตามที่ปรากฏว่า")),
    ("SB110", letter(body="ขออนุญาติ"), letter(body="ขออนุญาต")),
]


@pytest.mark.parametrize("rule_id, bad, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_and_passes(tmp_path, rule_id, bad, good):
    files = {"files/here.pdf": "%PDF-1.4\n"}
    (tmp_path / "outside.pdf").write_text("x")
    found = problems(tmp_path / "bad", bad, files)
    assert rule_id in rule_ids(found), found
    hit = next(p for p in found if p.rule_id == rule_id)
    assert hit.line and hit.key and hit.part and hit.hint, hit
    assert hit.rule == f"{rule_id} {all_rules()[rule_id][0]}"
    assert problems(tmp_path / "good", good, files) == []


def test_each_rule_is_registered_with_a_name():
    rules = all_rules()
    for rule_id, _bad, _good in CASES:
        assert rule_id in rules
    assert all(rule_id.startswith("SB") and name and text for rule_id, (name, text) in rules.items())


def test_lines_point_into_the_body(tmp_path):
    text = f"{HEAD}to: นายอำเภอ\nbody: |\n  บรรทัดแรก\n  บรรทัดที่สองปรากฎ\n{PURPOSE}"
    (found,) = problems(tmp_path, text)
    assert (found.line, found.key, found.part) == (8, "body", "ข้อความ")
    assert "ปรากฏ" in found.hint and found.severity == "warning"


def test_errors_stop_the_letter_and_warnings_do_not(tmp_path):
    tree = letters_tree(tmp_path, {"bad.yaml": letter(body="ตามสิ่งที่ส่งมาด้วย 2"), "warn.yaml": letter(body="ปรากฎ")})
    results = {r.file.name: r for r in check([tree]).results}
    assert results["bad.yaml"].status == "failed"
    assert results["warn.yaml"].status == "checked"


def test_exempt_digits_are_not_flagged(tmp_path):
    body = ("ดูที่ https://example.go.th/2567/a.pdf หรือ e-mail saraban2567@example.go.th ระบบ e-LAAS ISO9001 ๒๕๖๗\n"
            "  | รายการ | 1,500 บาท |\n  1. ข้อแรก")
    assert problems(tmp_path, letter(body=body)) == []


def test_the_agency_may_send_electronically_by_default(tmp_path):
    from tests.helpers_input import AGENCY
    text = AGENCY.read_text(encoding="utf-8") + "send: electronic\n"
    assert rule_ids(problems(tmp_path / "a", letter(secrecy="ลับที่สุด"), agency=text)) == ["SB107"]
    assert problems(tmp_path / "b", letter(secrecy="ลับที่สุด", send="paper"), agency=text) == []
    assert problems(tmp_path / "c", letter(secrecy="ลับมาก"), agency=text) == []


# ------------------------------------------------------------- the salutation table at resolve time

@pytest.mark.parametrize("to, salutation, closing", [
    ("นายกรัฐมนตรี", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("ฯพณฯ นายกรัฐมนตรี", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("ประธานองคมนตรี", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("ผู้ตรวจการแผ่นดิน", "กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง"),
    ("รองนายกรัฐมนตรี (นายภูมิธรรม เวชยชัย)", "เรียน", "ขอแสดงความนับถือ"),
    ("เลขาธิการนายกรัฐมนตรี", "เรียน", "ขอแสดงความนับถือ"),
    ("ผู้ว่าราชการจังหวัดเพชรบุรี", "เรียน", "ขอแสดงความนับถือ"),
    ("เจ้าอาวาสวัดท่าเสน", "นมัสการ", "ขอนมัสการด้วยความเคารพ"),
    ("พระราชเวที เจ้าคณะจังหวัดเพชรบุรี", "นมัสการ", "ขอนมัสการด้วยความเคารพอย่างสูง"),
    ("พระพรหมบัณฑิต", "นมัสการ", "ขอนมัสการด้วยความเคารพอย่างยิ่ง"),
    ("สมเด็จพระพุฒาจารย์", "นมัสการ", "ขอนมัสการด้วยความเคารพอย่างยิ่ง"),
    ("สมเด็จพระสังฆราช", "กราบทูล", "ควรมิควรแล้วแต่จะโปรด"),
])
def test_salutation_table(to, salutation, closing):
    assert salutation_and_closing(to) == (salutation, closing)


def test_an_explicit_salutation_brings_its_closing():
    assert salutation_and_closing("นายอำเภอ", "กราบเรียน") == ("กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง")
    assert salutation_and_closing("นายกรัฐมนตรี", None, "ขอแสดงความนับถือ") == ("กราบเรียน", "ขอแสดงความนับถือ")
    assert form_for("นายอำเภอบ้านลาด") is None


def test_the_external_letter_applies_the_table(tmp_path):
    from generator.kinds.prepare import prepare
    tree = letters_tree(tmp_path, {"a.yaml": letter("นายกรัฐมนตรี")})
    resolved = prepare(tree / "a.yaml", tree, tmp_path)
    assert (resolved.context["salutation"], resolved.context["closing"]) == ("กราบเรียน", "ขอแสดงความนับถืออย่างยิ่ง")
