"""Letter numbers: `saraban issue` into commented files, series and years, cancelled letters,
duplicates and gaps found by `saraban check`, two issuing processes at once."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field

from generator.cli import main
from generator.kinds import Kind, all_kinds, numbers
from generator.letter.loader import load_yaml
from generator.letter.schema import LetterDate, Numbered, Text
from generator.letter.tree import discover
from generator.registers import numbering

REPO = Path(__file__).resolve().parents[1]
AGENCY = "name: อำเภอบ้านลาด\ncode: พบ ๐๐๒๓.๑๐\naddress: [ที่ว่าการอำเภอบ้านลาด]\nsigners:\n  chief:\n    name: นายก\n    position: นายอำเภอ\n"
JAN_2026 = dt.date(2026, 1, 5)

COMMENTED = """\
# หนังสือขอความอนุเคราะห์ (a comment at the top)
kind: external      # หนังสือภายนอก
number: auto        # ออกเลขด้วย saraban issue
circular: false
date: 2026-01-05
subject: 'ขอความอนุเคราะห์ "ทดสอบ"'   # quoted on purpose
to: ผู้ว่าราชการจังหวัดเพชรบุรี
references:
- หนังสือที่ ๑
enclosures:
    -   title: แบบฟอร์ม
        count: ๑ ฉบับ
body: |
  ย่อหน้าแรก

    # not a comment: inside the body
  จึงเรียนมาเพื่อโปรดพิจารณา
signer: chief
# a comment at the end
"""


def letter(date: str, number: str | int = "auto", *, extra: str = "", kind: str = "external") -> str:
    return (f"kind: {kind}\nnumber: {number}\ndate: {date}\n{extra}"
            f"subject: เรื่องทดสอบ\nto: ผู้รับ\nbody: ข้อความ\nsigner: chief\n")


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "letters"
    root.mkdir()
    (root / "agency.yaml").write_text(AGENCY, encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def issue(paths: list[Path], today: dt.date = JAN_2026):
    return numbering.issue(discover(paths), today)


def number_of(file: Path):
    return load_yaml(file).data.get("number")


def test_issue_keeps_every_other_byte(tmp_path):
    root = tree(tmp_path, {"a.yaml": COMMENTED})
    [result] = issue([root / "a.yaml"])
    assert result.ok and result.fresh and result.number == 1
    before = COMMENTED.splitlines(keepends=True)
    after = (root / "a.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert after[2] == "number: 1        # ออกเลขด้วย saraban issue\n"
    assert after[3] == "issued: 2026-01-05\n"
    assert after[:2] == before[:2] and after[4:] == before[3:]


def test_issue_keeps_crlf_and_replaces_an_empty_issued(tmp_path):
    text = letter("2026-01-05", extra="issued:\n").replace("\n", "\r\n")
    root = tree(tmp_path, {})
    (root / "a.yaml").write_bytes(text.encode())
    issue([root])
    raw = (root / "a.yaml").read_bytes().decode()
    assert raw == text.replace("number: auto", "number: 1").replace("issued:\r\n", "issued: 2026-01-05\r\n")


def test_a_number_not_on_its_own_line_is_refused_and_the_file_kept(tmp_path):
    text = letter("2026-01-05").replace("number: auto\n", "number:\n  auto\n")
    root = tree(tmp_path, {"a.yaml": text})
    [result] = issue([root])
    assert not result.ok and "number: auto" in result.problems[0].what()
    assert (root / "a.yaml").read_text(encoding="utf-8") == text


def test_numbers_follow_on_and_already_issued_letters_are_left_alone(tmp_path):
    root = tree(tmp_path, {"1.yaml": letter("2026-01-02", 7), "2.yaml": letter("2026-02-01"),
                           "3.yaml": letter("2026-02-02")})
    results = issue([root])
    assert [(r.file.name, r.number, r.fresh) for r in results] == [
        ("1.yaml", 7, False), ("2.yaml", 8, True), ("3.yaml", 9, True)]
    assert issue([root / "3.yaml"])[0].fresh is False
    assert number_of(root / "3.yaml") == 9


def test_issuing_one_file_counts_the_whole_tree(tmp_path):
    root = tree(tmp_path, {"2568/old.yaml": letter("2026-03-01", 41), "2569/new.yaml": letter("2026-03-02")})
    [result] = issue([root / "2569" / "new.yaml"])
    assert result.number == 42


def test_year_rollover_starts_at_one(tmp_path):
    root = tree(tmp_path, {"dec.yaml": letter("2025-12-30", 3105), "jan.yaml": letter("2026-01-02"),
                           "late.yaml": letter("2025-12-31")})
    issue([root / "jan.yaml", root / "late.yaml"])
    assert number_of(root / "jan.yaml") == 1
    assert number_of(root / "late.yaml") == 3106


def test_circulars_have_their_own_series(tmp_path):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", 10), "b.yaml": letter("2026-01-03", extra="circular: true\n"),
                           "c.yaml": letter("2026-01-04"), "d.yaml": letter("2026-01-05", extra="circular: true\n")})
    issue([root])
    assert [number_of(root / f"{n}.yaml") for n in "abcd"] == [10, 1, 11, 2]


def test_each_agency_code_has_its_own_series(tmp_path):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", 10),
                           "b.yaml": letter("2026-01-03", extra="code: พบ ๐๐๒๓.๒\n")})
    issue([root])
    assert number_of(root / "b.yaml") == 1


class OrderForTests(Numbered):
    kind: Literal["testorder"] = Field(description="test-only yearly kind")
    date: LetterDate
    subject: Text
    to: str | None = None
    body: str | None = None
    signer: str | None = None


TEST_ORDER = Kind(name="testorder", thai="คำสั่ง (ทดสอบ)", model=OrderForTests, template="none.docx",
                  resolve=lambda letter, r: ({}, {}), numbering="yearly")


@pytest.fixture
def with_order_kind(monkeypatch):
    kinds = dict(all_kinds(), testorder=TEST_ORDER)
    monkeypatch.setattr(numbering, "all_kinds", lambda: kinds)
    return kinds


def test_yearly_kinds_number_n_per_year(tmp_path, with_order_kind):
    root = tree(tmp_path, {
        "o1.yaml": letter("2025-12-01", 5, kind="testorder"),
        "o2.yaml": letter("2026-01-02", kind="testorder"),
        "o3.yaml": letter("2026-01-03", kind="testorder"),
        "x.yaml": letter("2026-01-03", 40),                # another series: no effect on orders
    })
    issue([root])
    assert [number_of(root / f"o{n}.yaml") for n in (1, 2, 3)] == [5, 1, 2]
    entries, problems = numbering.scan(discover([root]))
    assert not problems
    printed = {e.file.name: numbers.printed_number(e) for e in entries}
    assert printed["o3.yaml"] == "๒/๒๕๖๙"
    assert printed["x.yaml"] == "พบ ๐๐๒๓.๑๐/๔๐"
    assert numbers.printed_number(next(e for e in entries if e.file.name == "o2.yaml"), "arabic") == "1/2569"


def test_series_function(with_order_kind):
    order = OrderForTests.model_validate({"kind": "testorder", "date": "2026-03-01", "subject": "x"})
    assert numbers.series_of(order, TEST_ORDER, None) == numbers.Series("", "testorder", 2569)


def test_cancelled_letters_keep_their_number_and_get_none(tmp_path):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", 1),
                           "b.yaml": letter("2026-01-03", 2, extra="status: cancelled\n"),
                           "c.yaml": letter("2026-01-04"),
                           "d.yaml": letter("2026-01-05", extra="status: cancelled\n")})
    results = {r.file.name: r for r in issue([root])}
    assert number_of(root / "c.yaml") == 3
    assert number_of(root / "d.yaml") == "auto" and not results["d.yaml"].fresh
    assert results["d.yaml"].problems[0].severity == "warning"


def check(capsys, *paths: Path) -> tuple[int, str]:
    code = main(["check", *map(str, paths)])
    return code, capsys.readouterr().out


def test_check_fails_on_a_duplicate_naming_both_files(tmp_path, capsys):
    root = tree(tmp_path, {"branch-a.yaml": letter("2026-01-02", 12), "branch-b.yaml": "# merged\n" + letter("2026-01-03", 12),
                           "circular.yaml": letter("2026-01-03", 12, extra="circular: true\n")})
    code, out = check(capsys, root)
    assert code == 1
    a, b = root / "branch-a.yaml", root / "branch-b.yaml"
    assert f"{a}:2: number (เลขที่หนังสือ): number ๑๒ of พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๙ is also used by {b}:3" in out
    assert f"{b}:3: number (เลขที่หนังสือ): number ๑๒ of พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๙ is also used by {a}:2" in out
    assert "circular.yaml" not in out.split("also used by", 1)[1].split("\n")[0]
    assert out.count("[SB301 duplicate-number]") == 2


def test_check_warns_about_gaps_only(tmp_path, capsys):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", 1), "b.yaml": letter("2026-01-03", 4),
                           "c.yaml": letter("2026-01-04", 6, extra="status: cancelled\n")})
    code, out = check(capsys, root)
    assert code == 0
    assert "warning" in out and "numbers ๒–๓ of พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๙ are missing before this one" in out
    assert "number ๕ of พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๙ is missing before this one" in out and "[SB302 number-gap]" in out


def test_check_flags_a_number_of_another_year(tmp_path, capsys):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", "3/2568"),
                           "b.yaml": letter("2026-01-03", 1, extra="issued: 2025-12-29\n")})
    code, out = check(capsys, root)
    assert code == 1
    assert "a.yaml:2: number (เลขที่หนังสือ): the number's year 2568 is not the year of the letter's date (พ.ศ. 2569)" in out
    assert "b.yaml:4: issued (วันที่ลงทะเบียนส่ง): issued in พ.ศ. 2568 but the letter is dated in พ.ศ. 2569" in out


def test_number_values(tmp_path, capsys):
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", "ที่หนึ่ง")})
    code, out = check(capsys, root)
    assert code == 1 and "a.yaml:2: number (เลขที่หนังสือ): expected a whole number of 1 or more, `auto`" in out


def run_issue(*args: str, cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "generator", "issue", *args, "--date", "2026-02-01"],
                            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("split", [False, True], ids=["same-letters", "halves"])
def test_two_concurrent_issues_give_fifty_consecutive_numbers(tmp_path, split):
    files = {f"2569/{index:02d}.yaml": letter(f"2026-01-{index % 28 + 1:02d}") for index in range(50)}
    root = tree(tmp_path, files)
    names = sorted(files)
    if split:
        first = [f"letters/{n}" for n in names[0::2]]
        second = [f"letters/{n}" for n in names[1::2]]
    else:
        first = second = ["letters"]
    processes = [run_issue(*first, cwd=tmp_path), run_issue(*second, cwd=tmp_path)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    numbers = sorted(number_of(root / name) for name in names)
    assert numbers == list(range(1, 51))
    issued = sum(int(out.rsplit(": ", 1)[1].split()[0]) for out in outputs)
    assert issued == 50, outputs


def test_a_broken_letter_that_may_hold_a_number_stops_issuing(tmp_path):
    root = tree(tmp_path, {"broken.yaml": letter("2026-01-02", 5).replace("subject:", "subjet:"),
                           "new.yaml": letter("2026-01-03")})
    [result] = issue([root / "new.yaml"])
    assert not result.ok and "broken.yaml may hold a number" in result.problems[0].what()
    assert number_of(root / "new.yaml") == "auto"
    (root / "broken.yaml").write_text(letter("2026-01-02", "auto").replace("subject:", "subjet:"), encoding="utf-8")
    results = {r.file.name: r for r in issue([root])}
    assert results["new.yaml"].number == 1 and not results["broken.yaml"].ok
    assert any(p.key == "subjet" and p.line == 4 for p in results["broken.yaml"].problems)   # careful lines


def test_issuing_a_subfolder_counts_the_whole_tree(tmp_path):
    root = tree(tmp_path, {"2568/old.yaml": letter("2026-03-01", 41), "2569/new.yaml": letter("2026-03-02")})
    [result] = issue([root / "2569"])
    assert result.number == 42


def test_one_run_numbers_letters_in_date_order(tmp_path):
    root = tree(tmp_path, {"a.yaml": letter("2026-03-09"), "b.yaml": letter("2026-03-01"), "c.yaml": letter("2026-03")})
    issue([root])
    assert [number_of(root / f"{n}.yaml") for n in "cba"] == [1, 2, 3]


def test_letters_with_thai_key_names_are_issued_and_counted(tmp_path):
    """`ที่: auto` (Thai key names, issue 5) is issued in place; a broken letter's `ที่: 5` counts."""
    thai = letter("2026-01-03").replace("number: auto", "ที่: auto")
    root = tree(tmp_path, {"a.yaml": letter("2026-01-02", 4), "b.yaml": thai})
    [result] = issue([root / "b.yaml"])
    assert result.ok and result.number == 5
    assert (root / "b.yaml").read_text(encoding="utf-8") == thai.replace("ที่: auto", "ที่: 5\nวันที่ออกเลข: 2026-01-05")
    broken = letter("2026-01-04").replace("number: auto", "ที่: 9").replace("subject:", "subjet:")
    (root / "c.yaml").write_text(broken, encoding="utf-8")
    (root / "d.yaml").write_text(thai, encoding="utf-8")
    [result] = issue([root / "d.yaml"])
    assert not result.ok and "c.yaml may hold a number" in result.problems[0].what()
