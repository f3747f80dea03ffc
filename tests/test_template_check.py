"""`saraban check-template` and agency templates: what Word breaks in a template is found before a
letter uses it."""
from __future__ import annotations

import shutil
import zipfile

import pytest

from generator.build.pipeline import build, check
from generator.kinds import all_kinds
from generator.kinds.prepare import context_names
from generator.render.docxzip import rewrite_xml_parts
from generator.render.templatecheck import check_template as check_any_template
from tests.helpers_input import AGENCY, GOOD, REPO, letters_tree, output, run_cli

TEMPLATE = REPO / "templates" / "external.docx"
EXTERNAL = all_kinds()["external"]


def check_template(path, kind):
    """The template checked against ``kind``'s variables, as the build and the command check it."""
    return check_any_template(path, kind.name, context_names(kind))
SUBJECT = "<w:t>{{ subject }}</w:t></w:r>"
RPR = ('<w:rPr><w:rFonts w:ascii="TH SarabunPSK" w:hAnsi="TH SarabunPSK" w:cs="TH SarabunPSK" '
       'w:eastAsia="TH SarabunPSK"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr>')
# As Word leaves it after a spelling mark: one tag, three runs.
SPLIT_RUNS = (f'<w:t>{{{{ sub</w:t></w:r><w:proofErr w:type="spellStart"/><w:r>{RPR}<w:t>je</w:t></w:r>'
              f'<w:proofErr w:type="spellEnd"/><w:r>{RPR}<w:t>ct }}}}</w:t></w:r>')
SPLIT_PARAGRAPHS = f"<w:t>{{{{ sub</w:t></w:r></w:p><w:p><w:r>{RPR}<w:t>ject }}}}</w:t></w:r>"


def edited(tmp_path, old: str, new: str, count: int = 1):
    target = tmp_path / "letters" / "external.docx"      # inside the letters tree a test builds
    target.parent.mkdir(exist_ok=True)

    def change(name, xml):
        if name != "word/document.xml":
            return xml
        assert old in xml, old
        return xml.replace(old, new, count)
    rewrite_xml_parts(TEMPLATE, target, change)
    return target


def rules(problems) -> list[tuple[str, str]]:
    return [(p.rule_id, p.severity) for p in problems]


def test_the_shipped_template_is_clean():
    assert check_template(TEMPLATE, EXTERNAL) == []


def test_a_tag_split_across_runs(tmp_path):
    template = edited(tmp_path, SUBJECT, SPLIT_RUNS)
    (problem,) = check_template(template, EXTERNAL)
    assert rules([problem]) == [("SB201", "warning")]
    assert "`{{ subject }}` is split across 3 runs" in problem.message
    assert "paragraph" in problem.message and "เรื่อง" in problem.message


def test_docxtpl_still_renders_a_tag_split_across_runs(tmp_path):
    """Which is why it is a warning: the letter still prints its subject."""
    template = edited(tmp_path, SUBJECT, SPLIT_RUNS)
    tree = letters_tree(tmp_path, {"a.yaml": GOOD},
                        agency=AGENCY.read_text(encoding="utf-8") + f"templates:\n  external: {template}\n")
    summary = build([tree], tmp_path / "out", pdf=False)
    assert summary.ok, [str(p) for r in summary.results for p in r.problems]
    with zipfile.ZipFile(tmp_path / "out" / "a.docx") as docx:
        assert "ขอเชิญประชุม" in docx.read("word/document.xml").decode("utf-8")
    assert any(p.rule_id == "SB201" for p in summary.results[0].warnings)


def test_a_tag_split_across_paragraphs(tmp_path):
    template = edited(tmp_path, SUBJECT, SPLIT_PARAGRAPHS)
    found = check_template(template, EXTERNAL)
    assert ("SB201", "error") in rules(found)
    assert any("does not close in this paragraph" in p.message for p in found)


def test_an_unbalanced_block(tmp_path):
    template = edited(tmp_path, "{%p endfor %}", "")
    found = check_template(template, EXTERNAL)
    assert rules(found) == [("SB202", "error")] or ("SB202", "error") in rules(found)
    assert any("{% for %}" in p.message or "still open" in p.message or "has no end" in p.message for p in found)


def test_an_end_without_its_start(tmp_path):
    template = edited(tmp_path, "{%p if urgency %}", "")
    found = check_template(template, EXTERNAL)
    assert ("SB202", "error") in rules(found)


def test_a_variable_the_kind_does_not_provide(tmp_path):
    template = edited(tmp_path, "{{ subject }}", "{{ subjet }}")
    (problem,) = check_template(template, EXTERNAL)
    assert rules([problem]) == [("SB203", "error")]
    assert "`{{ subjet }}` is not provided by the external letter" in problem.message
    assert "subject" in problem.hint


def test_thai_text_without_a_thai_complex_script_font(tmp_path):
    template = edited(tmp_path, SUBJECT, SUBJECT + '<w:r><w:rPr><w:rFonts w:ascii="Calibri" w:cs="Calibri"/></w:rPr>'
                                                 "<w:t>ไทย</w:t></w:r>")
    (problem,) = check_template(template, EXTERNAL)
    assert rules([problem]) == [("SB204", "error")]
    assert "`Calibri` in the complex-script slot" in problem.message


def test_the_command(tmp_path):
    template = edited(tmp_path, "{{ subject }}", "{{ subjet }}")
    result = run_cli("check-template", str(template), cwd=tmp_path)
    assert result.returncode == 1, output(result)
    assert "✗ failed" in result.stdout and "[SB203 template-unknown-variable]" in result.stdout
    ok = run_cli("check-template", str(TEMPLATE), "--kind", "external", cwd=tmp_path)
    assert ok.returncode == 0 and "✓ ok" in ok.stdout
    missing = run_cli("check-template", "nothing.docx", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_an_agency_template_with_errors_stops_the_letter(tmp_path):
    shutil.copy(edited(tmp_path, "{{ subject }}", "{{ subjet }}"), tmp_path / "letters" / "ours.docx")
    tree = letters_tree(tmp_path, {"a.yaml": GOOD},
                        agency=AGENCY.read_text(encoding="utf-8") + "templates:\n  external: ours.docx\n")
    (result,) = check([tree]).results
    assert result.status == "failed"
    (error,) = result.errors
    assert error.key == "templates" and error.rule_id == "SB203"
    assert "the agency's template ours.docx (agency.yaml line" in error.message
    summary = build([tree], tmp_path / "out", pdf=False)
    assert not summary.ok and not (tmp_path / "out" / "a.docx").exists()


@pytest.mark.parametrize("entry, fragment", [("external: missing.docx", "`missing.docx` does not exist"),
                                             ("externl: ours.docx", "did you mean `external`?")])
def test_agency_template_entries_are_checked(tmp_path, entry, fragment):
    (tmp_path / "letters").mkdir()
    shutil.copy(TEMPLATE, tmp_path / "letters" / "ours.docx")
    tree = letters_tree(tmp_path, {"a.yaml": GOOD},
                        agency=AGENCY.read_text(encoding="utf-8") + f"templates:\n  {entry}\n")
    (result,) = check([tree]).results
    (error,) = result.errors
    assert fragment in error.message + (error.hint or "")
    assert error.file.name == "agency.yaml" and error.line == AGENCY.read_text(encoding="utf-8").count("\n") + 2


def test_an_agency_template_is_used(tmp_path):
    template = edited(tmp_path, "{{ subject }}", "เรื่องของเรา {{ subject }}")
    tree = letters_tree(tmp_path, {"a.yaml": GOOD},
                        agency=AGENCY.read_text(encoding="utf-8") + f"templates:\n  external: {template}\n")
    summary = build([tree], tmp_path / "out", pdf=False)
    assert summary.ok
    with zipfile.ZipFile(tmp_path / "out" / "a.docx") as docx:
        assert "เรื่องของเรา ขอเชิญประชุม" in docx.read("word/document.xml").decode("utf-8")
