"""The `saraban` command: new, check, build, --version, and its messages."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.commands.new import starter_text
from generator.kinds import all_kinds
from tests.helpers_input import REPO, files_under, letters_tree, output, run_cli

STARTER = all_kinds()["external"].starter
EXAMPLES = sorted(str(p.relative_to(REPO)) for p in (REPO / "letters").rglob("*.yaml") if p.name != "agency.yaml")


def status_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("✓", "✗"))]


# ----------------------------------------------------------------- new

def test_new_writes_the_commented_starter(tmp_path):
    result = run_cli("new", "external", "letters/2568/draft.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    written = tmp_path / "letters" / "2568" / "draft.yaml"
    text = written.read_text(encoding="utf-8")
    assert not (tmp_path / "schema").exists()      # outside a repository nothing but the letter is written
    assert text == starter_text(STARTER.read_text(encoding="utf-8"), dt.date.today())
    assert f"date: {dt.date.today():%Y-%m}\n" in text and "2024-" not in text and "2025-" not in text
    assert re.search(r"^kind: external$", text, re.MULTILINE)
    assert re.search(r"^# ", text, re.MULTILINE)              # comments kept
    assert "# เรื่อง" in text
    assert "letters/2568/draft.yaml" in result.stdout


def test_new_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("kind: external\n# งานของฉัน\n", encoding="utf-8")
    result = run_cli("new", "external", "mine.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "already exists" in output(result)
    assert "Traceback" not in output(result)
    assert target.read_text(encoding="utf-8") == "kind: external\n# งานของฉัน\n"


def test_new_unknown_kind_lists_the_kinds(tmp_path):
    result = run_cli("new", "externl", "x.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "unknown kind 'externl'" in result.stderr
    assert "external" in result.stderr.split("expected one of:")[1]
    assert not (tmp_path / "x.yaml").exists()


def test_new_without_a_file_prints_the_starter(tmp_path):
    result = run_cli("new", "external", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == starter_text(STARTER.read_text(encoding="utf-8"), dt.date.today())
    assert list(tmp_path.iterdir()) == []


def test_the_starter_passes_check(tmp_path):
    letters_tree(tmp_path, {})
    assert run_cli("new", "external", "letters/new.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("check", "letters/new.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert "1 letter: 1 checked, 0 failed" in result.stdout


def test_the_starter_without_a_profile_names_only_what_the_profile_gives(tmp_path):
    """Alone in a folder, the starter (which writes its signer out) validates, but the page would
    lack the letter code after ที่ and the address: SB120 says so (issue 14), and nothing else fails."""
    assert run_cli("new", "external", "new.yaml", cwd=tmp_path).returncode == 0
    result = run_cli("check", "new.yaml", cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if line.lstrip().startswith("error")]
    assert result.returncode == 1 and len(errors) == 2, output(result)
    assert all("[SB120 required-part]" in line for line in errors)
    assert "code (" in errors[0] + errors[1] and "address (" in errors[0] + errors[1]


# ----------------------------------------------------------------- check and build

def test_check_the_examples():
    result = run_cli("check", "--verbose", "letters/", cwd=REPO)      # --verbose: every letter
    assert result.returncode == 0, output(result)
    lines = status_lines(result.stdout)
    assert len(lines) == len(EXAMPLES) >= 3
    for line, example in zip(lines, EXAMPLES):
        assert line.startswith("✓ ok") and line.endswith(example)
    assert f"{len(EXAMPLES)} letters: {len(EXAMPLES)} checked, 0 failed" in result.stdout


def test_check_defaults_to_the_letters_folder():
    result = run_cli("check", "--verbose", cwd=REPO)
    assert result.returncode == 0
    assert len(status_lines(result.stdout)) == len(EXAMPLES)


def test_build_without_pdf_prints_each_output(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", "--no-pdf", "--out", str(out), "letters/", cwd=REPO)
    assert result.returncode == 0, output(result)
    lines = status_lines(result.stdout)
    assert len(lines) == len(EXAMPLES)
    for line, example in zip(lines, EXAMPLES):
        docx = out / Path(example).relative_to("letters").with_suffix(".docx")
        assert line.startswith("✓ built") and example in line
        assert f"→ {docx}" in line
        assert docx.is_file()
    assert f"{len(EXAMPLES)} letters: {len(EXAMPLES)} built, 0 failed" in result.stdout
    assert files_under(out) == sorted(out / Path(e).relative_to("letters").with_suffix(".docx") for e in EXAMPLES)


def test_build_output_paths_are_relative_inside_the_working_folder(tmp_path):
    letters_tree(tmp_path, {"a.yaml": (REPO / "letters" / "2568" / "thanks-draft.yaml").read_text("utf-8")})
    result = run_cli("build", "--no-pdf", "--out", "out", "letters", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert "✓ built   letters/a.yaml → out/a.docx" in result.stdout


def test_version():
    result = run_cli("--version", cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.strip() == f"saraban {__version__}"


@pytest.mark.parametrize("command", ["check", "build"])
def test_nonexistent_path(tmp_path, command):
    result = run_cli(command, "nowhere/letter.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "no such file or folder: nowhere/letter.yaml" in result.stderr
    assert "Traceback" not in output(result)
    assert not (tmp_path / "out").exists()


def test_no_command_is_a_usage_error(tmp_path):
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: saraban" in result.stderr


def test_console_script():
    script = Path(sys.executable).parent / ("saraban.exe" if sys.platform == "win32" else "saraban")
    if not script.exists():
        pytest.skip(f"no console script at {script} (package not installed in this environment)")
    result = run_cli("--version", cwd=REPO, executable=[str(script)])
    assert result.returncode == 0
    assert result.stdout.strip() == f"saraban {__version__}"
