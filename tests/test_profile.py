"""agency.yaml profiles: layering, emblem paths, fonts folders, and letter keys over profile keys."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.agency.profile import load_agency
from generator.errors import LetterError
from generator.kinds.prepare import prepare
from tests.helpers_input import AGENCY, GOOD, PLACEHOLDER_PNG

OUTER = """\
name: กรมตัวอย่าง
address:
  - ศาลากลาง
font: TH Sarabun New
code: ตย 0001
contact:
  unit: กองกลาง
  phone: 0 2111 1111
  email: saraban@example.go.th
signers:
  chief:
    name: นายใหญ่ ใจดี
    position: อธิบดี
"""
INNER = """\
code: ตย 0001.5
contact:
  phone: 0 3222 2222
signers:
  deputy:
    name: นางรอง ใจงาม
    position:
      - รองอธิบดี
      - ปฏิบัติราชการแทน
      - อธิบดี
"""
LETTER = GOOD.replace("signer: deputy", "signer: chief")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def layered(tmp_path: Path, letter: str = LETTER, outer: str = OUTER, inner: str = INNER) -> Path:
    """root/agency.yaml, root/office/agency.yaml and root/office/2567/letter.yaml."""
    write(tmp_path / "agency.yaml", outer)
    write(tmp_path / "office" / "agency.yaml", inner)
    return write(tmp_path / "office" / "2567" / "letter.yaml", letter)


def resolve(tmp_path: Path, letter: Path):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return prepare(letter, tmp_path, work)


# ----------------------------------------------------------------- layering

def test_nearer_profile_wins_key_by_key(tmp_path):
    resolved = resolve(tmp_path, layered(tmp_path))
    context = resolved.context
    assert context["number_line"] == "ที่ ตย ๐๐๐๑.๕/๑๒"            # inner code
    assert resolved.font == "TH Sarabun New"                      # outer font
    assert context["sender_lines"] == ["กรมตัวอย่าง", "ศาลากลาง"]  # the office's name, the outer address


def test_nested_mappings_are_merged(tmp_path):
    context = resolve(tmp_path, layered(tmp_path)).context
    assert context["contact_lines"] == [
        "กองกลาง",                                     # outer unit
        "โทร. ๐ ๓๒๒๒ ๒๒๒๒",                            # inner phone
        "ไปรษณีย์อิเล็กทรอนิกส์ saraban@example.go.th",  # outer e-mail
    ]


def test_signers_of_every_layer_are_available(tmp_path):
    letter = layered(tmp_path, LETTER.replace("signer: chief", "signer: deputy"))
    assert resolve(tmp_path, letter).context["signature_lines"] == [
        "(นางรอง ใจงาม)", "รองอธิบดี", "ปฏิบัติราชการแทน", "อธิบดี"]
    chief = resolve(tmp_path, layered(tmp_path)).context["signature_lines"]
    assert chief == ["(นายใหญ่ ใจดี)", "อธิบดี"]


def test_an_inner_signer_replaces_the_outer_one_whole(tmp_path):
    inner = INNER + "  chief:\n    name: นายใหม่ แทนที่\n"
    lines = resolve(tmp_path, layered(tmp_path, inner=inner)).context["signature_lines"]
    assert lines == ["(นายใหม่ แทนที่)"]                # no อธิบดี inherited from the outer chief


def test_profile_files_are_listed_outermost_first(tmp_path):
    letter = layered(tmp_path)
    agency = load_agency(letter, tmp_path)
    assert agency.files == [(tmp_path / "agency.yaml").resolve(), (tmp_path / "office" / "agency.yaml").resolve()]


def test_a_letter_outside_the_root_uses_only_its_own_folder(tmp_path):
    write(tmp_path / "root" / "agency.yaml", OUTER)
    letter = write(tmp_path / "elsewhere" / "letter.yaml", LETTER)
    shutil.copy(AGENCY, tmp_path / "elsewhere" / "agency.yaml")
    agency = load_agency(letter, tmp_path / "root")
    assert agency.files == [(tmp_path / "elsewhere" / "agency.yaml").resolve()]


# ----------------------------------------------------------------- emblem and fonts

def test_emblem_path_is_relative_to_the_profile_that_set_it(tmp_path):
    shutil.copy(PLACEHOLDER_PNG, tmp_path / "garuda.png")
    letter = layered(tmp_path, outer=OUTER + "emblem: garuda.png\n")
    agency = load_agency(letter, tmp_path)
    assert agency.emblem == "garuda.png"            # as written: read through generator.letter.files
    assert agency.emblem_source == ((tmp_path / "agency.yaml").resolve(), OUTER.count("\n") + 1)
    resolved = resolve(tmp_path, letter)
    assert resolved.context["emblem"].path == (tmp_path / "garuda.png").resolve()
    assert not [w for w in resolved.warnings if w.key == "emblem"]


def test_inner_emblem_is_relative_to_the_inner_profile(tmp_path):
    (tmp_path / "office" / "img").mkdir(parents=True)
    shutil.copy(PLACEHOLDER_PNG, tmp_path / "office" / "img" / "garuda.png")
    letter = layered(tmp_path, outer=OUTER + "emblem: nowhere.png\n", inner=INNER + "emblem: img/garuda.png\n")
    agency = load_agency(letter, tmp_path)
    assert agency.emblem == "img/garuda.png"
    assert resolve(tmp_path, letter).context["emblem"].path == (tmp_path / "office" / "img" / "garuda.png").resolve()
    assert agency.emblem_source[0] == (tmp_path / "office" / "agency.yaml").resolve()


def test_no_emblem_warns_and_uses_the_placeholder(tmp_path):
    resolved = resolve(tmp_path, layered(tmp_path))
    assert [w.key for w in resolved.warnings] == ["emblem"]
    assert resolved.context["emblem"].path.name == "emblem-placeholder.png"


def test_missing_emblem_names_the_profile_and_line(tmp_path):
    letter = layered(tmp_path, inner=INNER + "emblem: missing.png\n")
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    [problem] = caught.value.problems
    assert problem.file == (tmp_path / "office" / "agency.yaml").resolve()
    assert problem.line == INNER.count("\n") + 1
    assert (problem.key, problem.part) == ("emblem", "ตราครุฑ")


def test_fonts_folders_are_collected_outermost_first(tmp_path):
    letter = layered(tmp_path)
    for folder in (tmp_path / "fonts", tmp_path / "office" / "fonts", tmp_path / "office" / "2567" / "fonts"):
        folder.mkdir()
    (tmp_path / "other" / "fonts").mkdir(parents=True)        # not on the letter's path
    expected = [(tmp_path / "fonts").resolve(), (tmp_path / "office" / "fonts").resolve(),
                (tmp_path / "office" / "2567" / "fonts").resolve()]
    assert resolve(tmp_path, letter).agency.font_dirs == expected


# ----------------------------------------------------------------- letter over profile

def test_letter_contact_replaces_the_profile_contact(tmp_path):
    letter = layered(tmp_path, LETTER + "contact:\n  unit: งานสารบรรณ\n")
    assert resolve(tmp_path, letter).context["contact_lines"] == ["งานสารบรรณ"]


def test_letter_code_overrides_the_profile_code(tmp_path):
    letter = layered(tmp_path, LETTER + "code: ตย 9\n")
    assert resolve(tmp_path, letter).context["number_line"] == "ที่ ตย ๙/๑๒"


def test_letter_digits_arabic(tmp_path):
    letter = layered(tmp_path, LETTER + "digits: arabic\n")
    resolved = resolve(tmp_path, letter)
    assert resolved.digits == "arabic"
    assert resolved.context["date"] == "2 กันยายน 2567"
    assert resolved.context["number_line"] == "ที่ ตย 0001.5/12"
    assert resolved.context["contact_lines"][1] == "โทร. 0 3222 2222"


def test_profile_digits_arabic_and_letter_back_to_thai(tmp_path):
    letter = layered(tmp_path, LETTER + "digits: thai\n", inner=INNER + "digits: arabic\n")
    assert resolve(tmp_path, letter).context["date"] == "๒ กันยายน ๒๕๖๗"
    letter.write_text(LETTER, encoding="utf-8")
    assert resolve(tmp_path, letter).context["date"] == "2 กันยายน 2567"


def test_signer_by_key_from_the_repo_profile(tmp_path):
    shutil.copy(AGENCY, tmp_path / "agency.yaml")
    letter = write(tmp_path / "letter.yaml", GOOD)
    context = resolve(tmp_path, letter).context
    assert context["signature_lines"] == [
        "(นายสมชาย ใจดี)", "ปลัดอำเภอ (หัวหน้ากลุ่มงานบริหารงานปกครอง)", "ปฏิบัติราชการแทน", "นายอำเภอบ้านลาด"]
    assert context["number_line"] == "ที่ พบ ๐๐๒๓.๑๐/๑๒"
    assert context["date"] == "๒ กันยายน ๒๕๖๗"
    assert context["subject"] == "ขอเชิญประชุม"
    assert [r.text for r in context["body"]] == ["ข้อความ"]


def test_unknown_signer_key_lists_the_profile_signers(tmp_path):
    letter = layered(tmp_path, LETTER.replace("signer: chief", "signer: boss"))
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.key) == (letter, 8, "signer")
    assert problem.hint == "known signers: chief, deputy"


# ----------------------------------------------------------------- profile errors

def test_profile_validation_error_names_the_file_and_line(tmp_path):
    letter = layered(tmp_path, inner=INNER + "digits: roman\nfnt: TH Sarabun New\n")
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    problems = {p.key: p for p in caught.value.problems}
    inner = (tmp_path / "office" / "agency.yaml").resolve()
    assert problems["digits"].file == inner
    assert problems["digits"].line == INNER.count("\n") + 1
    assert problems["digits"].part == "ตัวเลข"
    assert problems["fnt"].line == INNER.count("\n") + 2
    assert problems["fnt"].hint == "did you mean `font` (แบบอักษร)?"
    assert str(problems["digits"]).startswith(f"{inner}:{INNER.count(chr(10)) + 1}: error: digits (ตัวเลข)")


def test_unknown_key_inside_a_profile_signer(tmp_path):
    letter = layered(tmp_path, outer=OUTER.replace("    position: อธิบดี", "    positon: อธิบดี"))
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    [problem] = caught.value.problems
    assert (problem.key, problem.line) == ("signers.chief.positon", 13)
    assert problem.hint == "did you mean `position` (ตำแหน่ง)?"


def test_errors_in_two_profiles_are_all_reported(tmp_path):
    letter = layered(tmp_path, outer=OUTER + "digits: roman\n", inner=INNER + "font: 5\n")
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    assert {(p.file, p.key) for p in caught.value.problems} == {
        ((tmp_path / "agency.yaml").resolve(), "digits"), ((tmp_path / "office" / "agency.yaml").resolve(), "font")}


def test_a_letter_may_set_its_own_emblem_and_font(tmp_path):
    letter = layered(tmp_path, LETTER + "emblem: own-emblem.png\nfont: TH SarabunIT๙\n")
    shutil.copy(PLACEHOLDER_PNG, letter.parent / "own-emblem.png")
    resolved = resolve(tmp_path, letter)
    assert resolved.context["emblem"].path == (letter.parent / "own-emblem.png").resolve()
    assert not [w for w in resolved.warnings if w.key == "emblem"]
    assert resolved.font == "TH SarabunIT๙"


def test_a_letters_unreadable_emblem_names_the_letter(tmp_path):
    letter = layered(tmp_path, LETTER + "emblem: nowhere.png\n")
    with pytest.raises(LetterError) as caught:
        resolve(tmp_path, letter)
    problem = caught.value.problems[0]
    assert (problem.file, problem.key) == (letter, "emblem")
    assert problem.line == len(LETTER.splitlines()) + 1 and "does not exist" in problem.message
