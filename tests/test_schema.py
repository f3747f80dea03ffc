"""`saraban schema`: the JSON Schema editors use, checked with a real validator (jsonschema)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Literal

import pytest
from jsonschema import Draft7Validator
from pydantic import Field
from ruamel.yaml import YAML

from generator.commands.schema import all_schemas
from generator.kinds import Kind, all_kinds
from generator.kinds.schemas import kind_schema, letters_schema, profile_schema
from generator.letter.schema import Strict, Text
from tests.helpers_input import REPO, output, run_cli
from tests.test_thai_keys import THAI

EXAMPLES = sorted(p for p in (REPO / "letters").rglob("*.yaml") if p.name != "agency.yaml")
THAI_CHARS = range(0x0E00, 0x0E80)


def as_json(value):
    """YAML data as an editor's JSON view of it: dates are text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def yaml_data(text: str):
    return as_json(YAML(typ="safe", pure=True).load(text))


def validator(schema: dict) -> Draft7Validator:
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def errors(schema: dict, text: str) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(yaml_data(text))]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_validates(example):
    text = example.read_text(encoding="utf-8")
    kind = all_kinds()[yaml_data(text)["kind"]]
    assert errors(letters_schema(all_kinds()), text) == []
    assert errors(kind_schema(kind), text) == []


def test_the_agency_profile_validates():
    assert errors(profile_schema(), (REPO / "letters" / "agency.yaml").read_text(encoding="utf-8")) == []


def test_thai_keys_and_values_validate():
    assert errors(letters_schema(all_kinds()), THAI) == []


@pytest.mark.parametrize("change, fragment", [
    (lambda t: t + "subject: ซ้ำ\n", "should not be valid"),                     # both names of one key
    (lambda t: t.replace("เรื่อง:", "เรืองง:"), "Additional properties"),          # unknown key
    (lambda t: t.replace("ชั้นความเร็ว: ด่วน", "ชั้นความเร็ว: ด่วนจี๋"), "is not valid"),
    (lambda t: t.replace("ตัวเลข: อารบิก", "ตัวเลข: โรมัน"), "is not valid"),
    (lambda t: t.replace("เรื่อง: ขอเชิญประชุม\n", ""), "is not valid"),              # required, under either name
])
def test_the_schema_rejects_mistakes(change, fragment):
    for schema in (letters_schema(all_kinds()), kind_schema(all_kinds()["external"])):
        found = errors(schema, change(THAI))
        assert found and any(fragment in message for message in found), found


def test_every_property_has_a_thai_description():
    def walk(node, where):
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                text = prop.get("description", "")
                assert any(ord(ch) in THAI_CHARS for ch in text), f"{where}.{key}: {text!r}"
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}[{index}]")
    for name, schema in all_schemas().items():
        walk(schema, name)


def test_the_committed_schemas_are_up_to_date():
    for name, schema in all_schemas().items():
        committed = REPO / "schema" / name
        assert committed.is_file(), f"run `saraban schema --write` ({name} missing)"
        assert json.loads(committed.read_text(encoding="utf-8")) == schema, f"run `saraban schema --write` ({name})"


class Notice(Strict):
    kind: Literal["notice"] = Field(description="ชนิดของหนังสือ")
    subject: Text = Field(description="เรื่อง")


def test_several_kinds_are_told_apart_by_kind():
    kinds = {**all_kinds(), "notice": Kind("notice", "ประกาศทดสอบ", Notice, "notice.docx", lambda *a: ({}, {}))}
    schema = letters_schema(kinds)
    assert errors(schema, "kind: notice\nsubject: ทดสอบ\n") == []
    assert errors(schema, "kind: ประกาศทดสอบ\nเรื่อง: ทดสอบ\n") == []
    assert errors(schema, "ชนิด: ประกาศทดสอบ\nsubject: ทดสอบ\n") == []
    assert errors(schema, EXAMPLES[0].read_text(encoding="utf-8")) == []
    # the mistake is reported against the kind the letter names
    assert errors(schema, "kind: notice\nsubject: ทดสอบ\nbody: ไม่มีในประกาศ\n") == [
        "Additional properties are not allowed ('body' was unexpected)"]
    assert errors(schema, "ชนิด: notice\nเรื่อง: ทดสอบ\nbody: ก\n") == [
        "Additional properties are not allowed ('body' was unexpected)"]
    assert errors(schema, "kind: memoo\nsubject: ทดสอบ\n")
    assert errors(schema, "subject: ทดสอบ\n")


def test_the_command_prints_and_writes(tmp_path):
    result = run_cli("schema", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert json.loads(result.stdout) == letters_schema(all_kinds())
    result = run_cli("schema", "external", cwd=tmp_path)
    assert json.loads(result.stdout)["title"] == "หนังสือภายนอก (external)"
    result = run_cli("schema", "memoo", cwd=tmp_path)
    assert result.returncode == 2 and "unknown kind 'memoo'" in result.stderr
    result = run_cli("schema", "--write", "out-schema", cwd=tmp_path)
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out-schema").iterdir()) == sorted(all_schemas())


def test_new_points_the_letter_at_its_schema(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "saraban.schema.json").write_text("{}")
    result = run_cli("new", "external", "letters/2568/a.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    first = (tmp_path / "letters" / "2568" / "a.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/external.schema.json"
    assert not (tmp_path / "schema" / "external.schema.json").exists()   # found above, not rewritten


def test_new_outside_a_repository_writes_only_the_letter(tmp_path):
    """Issue 14: `new` in a folder without schema/ no longer writes eleven schema files beside it."""
    assert run_cli("new", "external", "a.yaml", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]
    assert not (tmp_path / "a.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_the_examples_name_an_existing_schema():
    """The examples written by `saraban new` name their kind's schema (agency.yaml the profile's)."""
    named = 0
    for path in sorted((REPO / "letters").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if not first.startswith("# yaml-language-server: $schema="):
            continue
        named += 1
        target = (path.parent / first.split("=", 1)[1]).resolve()
        kind = "agency" if path.name == "agency.yaml" else yaml_data(path.read_text(encoding="utf-8"))["kind"]
        assert target == REPO / "schema" / f"{kind}.schema.json" and target.is_file(), (path, target)
    assert named >= 4
