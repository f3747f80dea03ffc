"""The documents say what the code does: every rule, subcommand, option and kind is documented where
the index says it is, and the README stays a front door. (Links and anchors: test_links.py; the
generated YAML reference: test_reference.py.)"""
from __future__ import annotations

import argparse
import re

import pytest

from generator.checks._common import all_rules
from generator.cli import parser
from generator.kinds import all_kinds
from tests.helpers_input import REPO, letters_tree, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")
CHECKS = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
COMMANDS = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
README_MAX_LINES = 250


def subcommands() -> dict[str, argparse.ArgumentParser]:
    top = parser()
    [action] = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_rule_has_a_row_in_checks_md():
    rows = set(re.findall(r"^\| (SB\d{3}) \|", CHECKS, re.MULTILINE))
    assert sorted(set(all_rules()) - rows) == []
    assert sorted(rows - set(all_rules())) == []          # and no rule the code does not know


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_subcommand_and_option_is_in_commands_md(name):
    assert f"saraban {name} " in COMMANDS and f"| `{name}` |" in COMMANDS
    options = [option for action in subcommands()[name]._actions for option in action.option_strings
               if option.startswith("--") and option != "--help"]
    missing = [option for option in options if not re.search(rf"`[^`]*{re.escape(option)}\b", COMMANDS)]
    assert missing == [], f"document {', '.join(missing)} of `saraban {name}` in docs/commands.md"


def test_every_exit_code_is_in_commands_md():
    from generator.build import console
    codes = [value for name, value in vars(console).items() if name.startswith("EXIT_")] + [130]
    for code in codes:
        assert re.search(rf"^\| {code} \|", COMMANDS, re.MULTILINE), code


def test_the_readme_is_a_front_door():
    assert len(README.splitlines()) <= README_MAX_LINES
    for heading in ("## Install and run", "## Your first letter", "## เริ่มต้นใช้งาน",
                    "## Kinds of document (ชนิดของหนังสือ)", "## Licence"):
        assert heading in README
    assert "saraban is MIT" in README.split("## Licence", 1)[1]


@pytest.mark.parametrize("name", sorted(all_kinds()))
def test_every_kind_has_its_row_picture_and_reference_in_the_readme(name):
    kind = all_kinds()[name]
    row = next((line for line in README.splitlines() if line.startswith(f"| [`{name}`]")), "")
    assert f"(docs/reference/{name}.md)" in row and kind.thai in row and f"(docs/kinds/{name}.png)" in row
    assert (REPO / "docs" / "kinds" / f"{name}.png").is_file()


def test_the_guides_example_prints_what_the_guide_shows(tmp_path):
    """The worked example of docs/guide-th.md (a letter with four mistakes) is real output."""
    guide = (REPO / "docs" / "guide-th.md").read_text(encoding="utf-8")
    section = guide.split("## อ่านข้อความแจ้งข้อผิดพลาด", 1)[1]
    letter = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = section.split("```\n$ .venv/bin/saraban check letters\n", 1)[1].split("```", 1)[0].splitlines()
    letters_tree(tmp_path, {"2568/bad.yaml": letter})
    result = run_cli("check", "letters", cwd=tmp_path)
    printed = result.stdout.splitlines()
    assert result.returncode == 1
    assert printed[:-1] == shown[:-1]
    assert re.sub(r"\(\d+\.\d s\)", "", printed[-1]) == re.sub(r"\(\d+\.\d s\)", "", shown[-1])
