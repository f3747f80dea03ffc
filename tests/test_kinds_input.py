"""Orders, announcements, regulations, by-laws and minutes: starters, resolved strings, bad input."""
from __future__ import annotations

import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.letter.schema import TimeOfDay
from tests.helpers_input import files_under, letters_tree, output, run_cli

KINDS = ("order", "announcement", "regulation", "bylaw", "minutes")


def test_every_starter_is_written_checks_and_builds(tmp_path):
    """`saraban new KIND` for each kind, then one build of them all (DOCX and PDF)."""
    letters_tree(tmp_path, {})
    for kind in KINDS:
        result = run_cli("new", kind, f"letters/{kind}.yaml", cwd=tmp_path)
        assert result.returncode == 0, output(result)
        text = (tmp_path / "letters" / f"{kind}.yaml").read_text(encoding="utf-8")
        assert f"\nkind: {kind}\n" in text and "\n# " in text
    built = run_cli("build", "--out", "out", "letters", cwd=tmp_path)
    assert built.returncode == 0, output(built)
    assert f"{len(KINDS)} letters: {len(KINDS)} built, 0 failed" in built.stdout
    assert [p.name for p in files_under(tmp_path / "out")] == sorted(
        f"{kind}.{suffix}" for kind in KINDS for suffix in ("docx", "pdf"))


@pytest.mark.parametrize("typed, expected", [
    ("09:30", dt.time(9, 30)), ("9.30", dt.time(9, 30)), ("๐๙.๓๐", dt.time(9, 30)),
    ("13:40 น.", dt.time(13, 40)), (9.3, dt.time(9, 30)), (12.05, dt.time(12, 5)), (16, dt.time(16, 0)),
])
def test_times_of_day(typed, expected):
    assert TypeAdapter(TimeOfDay).validate_python(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "9:5", "เก้าโมง", True, 9.75])
def test_not_times_of_day(typed):
    with pytest.raises(ValidationError, match="time of day such as 09:30"):
        TypeAdapter(TimeOfDay).validate_python(typed)


ORDER = "kind: order\ndate: 2025-03-10\nsubject: แต่งตั้ง\nbody: ข้อความ\nsigner: deputy\n"
MINUTES = ("kind: minutes\ntitle: คณะกรรมการ\ndate: 2025-01-20\nplace: ห้องประชุม\n"
           "present:\n  - นายหนึ่ง\nagenda:\n  - title: เรื่องแจ้ง\nrecorder: deputy\n")


@pytest.mark.parametrize("text, agency, line, fragments", [
    (ORDER, "signers: {deputy: {name: นาย ก}}\n", 1,
     ("issuer (ผู้ออกคำสั่งหรือประกาศ)", "agency.yaml has no `name`", "issuer: อำเภอบ้านลาด")),
    (ORDER + "effective: 2568-04-01\n", None, 6, ("effective (วันใช้บังคับ)", "Buddhist-era")),
    (ORDER + "number: ๔๕/๒๕๖๗\n", None, 6, ("number (เลขที่หนังสือ)", "year 2567 is not the year")),
    (ORDER + "number: ๔๕-๒๕๖๘\n", None, 6, ("number (เลขที่หนังสือ)", "whole number")),
    (ORDER.replace("kind: order", "kind: regulation") + "edition: 0\n", None, 6,
     ("edition (ฉบับที่)", "whole number of 1 or more")),
    (MINUTES.replace("  - นายหนึ่ง\n", "  - {nme: นายหนึ่ง}\n"), None, 6,
     ("present.0.nme", "did you mean `name` (ชื่อ)?")),
    (MINUTES.replace("present:\n  - นายหนึ่ง\n", "present: []\n"), None, 5,
     ("present (ผู้มาประชุม)", "needs at least 1 item")),
    (MINUTES + "start: 25:00\n", None, 10, ("start (เริ่มประชุมเวลา)", "time of day such as 09:30")),
    (MINUTES + "checker: nobody\n", None, 10, ("checker (ผู้ตรวจรายงานการประชุม)", "no signer named `nobody`")),
])
def test_bad_input_names_line_key_and_thai_part(tmp_path, text, agency, line, fragments):
    letters_tree(tmp_path, {"bad.yaml": text}, agency=agency)
    result = run_cli("build", "--out", "out", "letters", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in output(result)
    assert f"letters/bad.yaml:{line}:" in result.stdout, result.stdout
    for fragment in fragments:
        assert fragment in result.stdout, result.stdout
    assert files_under(tmp_path / "out") == []
