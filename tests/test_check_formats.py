"""`saraban check --format json|github`: machine-readable problems for CI and pull requests."""
from __future__ import annotations

import json
from pathlib import Path

from generator.commands.check import as_github
from generator.errors import Problem
from tests.helpers_input import GOOD, letters_tree, output, run_cli

BAD = GOOD.replace("subject: ขอเชิญประชุม", "subject: ขออนุญาติใช้สถานที่") + "urgency: ด่วนจี๋\n"


def test_json_lists_every_problem_with_its_fields(tmp_path):
    letters_tree(tmp_path, {"2568/a.yaml": BAD, "2568/ok.yaml": GOOD})
    result = run_cli("check", "--format", "json", "letters", cwd=tmp_path)
    assert result.returncode == 1, output(result)
    records = json.loads(result.stdout)
    assert {tuple(sorted(r)) for r in records} == {
        ("file", "hint", "hint_th", "key", "line", "message", "message_th", "name", "part", "rule", "severity")}
    urgency = next(r for r in records if r["key"] == "urgency")
    assert urgency == {"rule": "SB001", "name": "schema", "severity": "error", "file": "letters/2568/a.yaml",
                       "line": 9, "key": "urgency", "part": "ชั้นความเร็ว",
                       "message": "must be one of 'ด่วนที่สุด', 'ด่วนมาก' or 'ด่วน'", "hint": None,
                       "message_th": "ต้องเป็นค่าใดค่าหนึ่งใน 'ด่วนที่สุด', 'ด่วนมาก' or 'ด่วน'", "hint_th": None}


def test_json_of_a_valid_tree_has_no_errors(tmp_path):
    letters_tree(tmp_path, {"ok.yaml": GOOD})
    result = run_cli("check", "--format", "json", "letters", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert [r for r in json.loads(result.stdout) if r["severity"] == "error"] == []


def test_github_annotations(tmp_path):
    letters_tree(tmp_path, {"a.yaml": GOOD.replace("subject: ขอเชิญประชุม", "subject: ขออนุญาติใช้สถานที่")})
    result = run_cli("check", "--format", "github", "letters", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert ("::warning file=letters/a.yaml,line=4,title=SB110 misspelling::"
            "subject (เรื่อง): `อนุญาติ` is misspelt; write อนุญาต\n") in result.stdout
    letters_tree(tmp_path, {"a.yaml": BAD})
    result = run_cli("check", "--format", "github", "letters", cwd=tmp_path)
    assert result.returncode == 1
    assert "::error file=letters/a.yaml,line=9,title=SB001 schema::urgency (ชั้นความเร็ว): must be one of" in result.stdout


def test_github_escapes_per_the_workflow_command_rules():
    problem = Problem(Path("a,b:c%.yaml"), 3, "body", "ข้อความ", "100% done\r\nnext line", "hint: here", "error",
                      "SB999 x,y:z")
    assert as_github([problem]) == ("::error file=a%2Cb%3Ac%25.yaml,line=3,title=SB999 x%2Cy%3Az::"
                                    "body (ข้อความ): 100%25 done%0D%0Anext line; hint: here\n")


def test_text_stays_the_default_and_shows_rule_ids(tmp_path):
    letters_tree(tmp_path, {"a.yaml": BAD})
    result = run_cli("check", "letters", cwd=tmp_path)
    assert "error letters/a.yaml:9: urgency (ชั้นความเร็ว): must be one of" in result.stdout
    assert "[SB001 schema]" in result.stdout
