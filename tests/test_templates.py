"""The committed Word templates are what the builders make (``make templates``), byte for byte.

The builders (generator/render/builders/) only run when someone runs ``make templates``: a builder
edited without it would leave ``templates/*.docx`` silently stale. The builders fix every time
stamp (generator.render.templates.FIXED_TIME), so the same code gives the same bytes.
"""
from __future__ import annotations

import pytest

from generator.render.templates import all_builders, make_templates, templates_dir

HINT = "run `make templates` and commit templates/"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    return {path.name: path.read_bytes() for path in make_templates(folder)}


def test_every_builder_has_its_committed_template_and_no_other():
    committed = {path.name for path in templates_dir().glob("*.docx")}
    assert committed == {f"{name}.docx" for name in all_builders()}, HINT


def test_the_committed_templates_are_what_the_builders_make(rebuilt):
    for name, data in sorted(rebuilt.items()):
        assert (templates_dir() / name).read_bytes() == data, f"templates/{name} is stale: {HINT}"


def test_the_builders_give_the_same_bytes_twice(rebuilt, tmp_path):
    again = {path.name: path.read_bytes() for path in make_templates(tmp_path)}
    assert again == rebuilt
