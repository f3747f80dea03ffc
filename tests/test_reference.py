"""The YAML reference in docs/reference/ is generated from the schemas (generator/kinds/reference.py):
the committed pages are what the code makes, and they say what the schemas say."""
from __future__ import annotations

from generator.agency.profile import Profile
from generator.kinds import all_kinds
from generator.kinds.reference import reference_pages
from generator.letter.thaikeys import thai_names_of
from tests.helpers_input import REPO, output, run_cli

COMMITTED = REPO / "docs" / "reference"


def test_the_committed_reference_is_what_the_command_writes(tmp_path):
    result = run_cli("schema", "--reference", str(tmp_path / "reference"), cwd=tmp_path)
    assert result.returncode == 0, output(result)
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "reference").iterdir()}
    committed = {p.name: p.read_text(encoding="utf-8") for p in COMMITTED.iterdir()}
    assert sorted(written) == sorted(committed), "run `make docs` (saraban schema --reference docs/reference)"
    stale = [name for name in written if written[name] != committed[name]]
    assert stale == [], f"run `make docs`: {', '.join(stale)} differ from what the schemas say"


def test_one_page_per_kind_and_one_for_the_profile():
    pages = reference_pages(all_kinds(), Profile)
    assert sorted(pages) == sorted([f"{name}.md" for name in all_kinds()] + ["agency.md", "README.md"])
    for name, kind in all_kinds().items():
        assert f"[{name}.md]({name}.md)" in pages["README.md"] and kind.thai in pages["README.md"]


def _rows(page: str) -> dict[str, list[str]]:
    """The first table row of each key: key → its cells."""
    rows = {}
    for line in page.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if line.startswith("| `") and cells[0].strip("`") not in rows:
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_key_of_every_kind_is_listed_with_its_thai_names_and_requirement():
    pages = reference_pages(all_kinds(), Profile)
    for name, kind in all_kinds().items():
        rows = _rows(pages[f"{name}.md"])
        for field_name, field in kind.model.model_fields.items():
            key = field.alias or field_name
            assert key in rows, (name, key)
            assert (rows[key][3] == "**yes**" or rows[key][3].startswith("**yes** (at least")) == field.is_required(), (name, key)
        for key, cells in rows.items():              # the top level's Thai names, as the loader reads them
            if key in {f.alias or n for n, f in kind.model.model_fields.items()}:
                assert cells[1] == ", ".join(f"`{thai}`" for thai in thai_names_of(key)), (name, key)
    external = _rows(pages["external.md"])
    assert external["subject"][1] == "`เรื่อง`"
    assert external["to"][1] == "`เรียน`, `ถึง`"
    assert external["digits"][2] == "one of `thai` (`ไทย`, `เลขไทย`), `arabic` (`อารบิก`, `เลขอารบิก`)"
    assert external["kind"][2] == "`external` (`หนังสือภายนอก`)"
    assert external["circular"][2:5] == ["`true` (`ใช่`) or `false` (`ไม่ใช่`)", "", "`false`"]
    assert external["signer"][2] == "mapping ([`signer`](#signer)); or text"


def test_nested_mappings_have_their_own_tables_with_their_own_thai_names():
    pages = reference_pages(all_kinds(), Profile)
    external = pages["external.md"]
    for heading in ("### `signer`", "### `enclosures`", "### `contact`", "### `qr`", "### `register`"):
        assert heading in external
    enclosure = external.split("### `enclosures`")[1].split("###")[0]
    assert "| `title` | `ชื่อ`, `รายการ`, `ชื่อเอกสาร` | text | **yes** |" in enclosure
    minutes = pages["minutes.md"]
    assert "### `present`, `absent`, `attending`" in minutes          # one table for the same mapping
    assert "[`absent`](#present-absent-attending)" in minutes
    agency = _rows(pages["agency.md"])
    assert agency["font"][4] == "`TH SarabunPSK`"
    assert "### `layout`" in pages["agency.md"] and "`part_spacing` | `ระยะห่างระหว่างส่วน`" in pages["agency.md"]


def test_keys_follow_the_starter_letter():
    """Listed in the order a clerk writes them (the starter's), the rest after."""
    keys = list(_rows(reference_pages(all_kinds(), Profile)["external.md"]))
    assert keys[:8] == ["kind", "number", "circular", "date", "urgency", "secrecy", "subject", "to"]
