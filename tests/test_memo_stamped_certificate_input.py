"""Memo, stamped letter and certificate: `saraban new` starters, and their own bad input."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from generator.commands.new import starter_text
from generator.kinds import all_kinds
from tests.helpers_input import (
    PLACEHOLDER_PNG,
    files_under,
    letters_tree,
    output,
    run_cli,
)
from tests.test_input_errors import assert_clear_error

KINDS = ("memo", "stamped", "certificate")
FILLED = {      # a starter's placeholders as a clerk fills them in
    "memo": {"date: 2025-03": "date: 2025-03-10", "signer:\n  name: นาย…\n  position:\n    - ตำแหน่ง…": "signer: deputy"},
    "stamped": {"number: auto": "number: 1187", "date: 2025-03": "date: 2025-03-12"},
    "certificate": {"# photo: photos/person.png": "photo: photos/person.png",
                    "# holder: นาย…": "holder: นายสมชาย ใจดี", "date: 2025-03": "date: 2025-03-14"},
}


@pytest.mark.parametrize("kind", KINDS)
def test_starter_is_commented_and_passes_check(tmp_path, kind):
    letters_tree(tmp_path, {})
    result = run_cli("new", kind, "letters/new.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    text = (tmp_path / "letters" / "new.yaml").read_text(encoding="utf-8")
    rest = text         # no schema/ folder above the letter: no editor's schema line (and none written)
    assert not (tmp_path / "schema").exists()
    assert rest == starter_text(all_kinds()[kind].starter.read_text(encoding="utf-8"), dt.date.today())
    assert rest.startswith(f"# {all_kinds()[kind].thai}") and f"\nkind: {kind}\n" in text
    result = run_cli("check", "letters/new.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)


@pytest.mark.parametrize("kind", KINDS)
def test_filled_in_starter_builds(tmp_path, kind):
    text = all_kinds()[kind].starter.read_text(encoding="utf-8")
    for old, new in FILLED[kind].items():
        assert old in text
        text = text.replace(old, new)
    folder = letters_tree(tmp_path, {"new.yaml": text})
    (folder / "photos").mkdir()
    shutil.copy(PLACEHOLDER_PNG, folder / "photos" / "person.png")
    result = run_cli("build", "--no-pdf", "--out", "out", "letters/new.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert (tmp_path / "out" / "new.docx").is_file()


CERTIFICATE = (
    "kind: certificate\n"                                  # 1
    "date: 2025-03-14\n"                                   # 2
    "body: หนังสือฉบับนี้ให้ไว้เพื่อรับรองว่า นายสมชาย ใจดี\n"  # 3
    "signer: deputy\n"                                     # 4
    "photo: photos/somchai.png\n"                          # 5
)


@pytest.mark.parametrize("content", [
    pytest.param(None, id="missing-file"),
    pytest.param(b"GIF89a not a png", id="not-png-or-jpeg"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_photo_names_the_letter_line_and_key(tmp_path, content, command):
    folder = letters_tree(tmp_path, {"cert.yaml": CERTIFICATE})
    if content is not None:
        (folder / "photos").mkdir()
        (folder / "photos" / "somchai.png").write_bytes(content)
    args = ["build", "--no-pdf", "--out", "out"] if command == "build" else ["check"]
    result = run_cli(*args, "letters/cert.yaml", cwd=tmp_path)
    assert_clear_error(output(result), result.returncode, "letters/cert.yaml", 5,
                       ("photo (รูปถ่าย)", "photos/somchai.png", "PNG or JPEG"))
    assert files_under(tmp_path / "out") == []


def test_stamped_letter_has_no_subject_or_signer(tmp_path):
    letter = "kind: stamped\nto: ผู้ใหญ่บ้าน\nbody: ข้อความ\ndate: 2025-03-12\nsigner: deputy\n"
    letters_tree(tmp_path, {"s.yaml": letter})
    result = run_cli("check", "letters/s.yaml", cwd=tmp_path)
    assert_clear_error(output(result), result.returncode, "letters/s.yaml", 5, ("signer", "not a known key"))
