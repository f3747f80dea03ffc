"""Hostile input (issue 13, items 3, 5 and 6): each attack that once took the whole run down, hung it,
or corrupted a letter silently now fails that letter alone with a clear error naming file, line
and what is allowed, while the letters next to it still build; a register never stores a formula.

One in-process DOCX build (no PDF) serves the attacks on letters, profiles and templates; the
command line builds 20 letters with PDFs once, one of them hostile.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from generator.build import pipeline
from generator.build.pipeline import build
from generator.cli import main
from generator.letter.schema import qr_capacity
from generator.letter.tree import discover
from generator.pdf.engines.libreoffice import LibreOfficeEngine
from generator.registers import numbering
from generator.registers.cells import csv_value
from tests.conftest import needs_soffice
from tests.helpers_input import GOOD, files_under, letters_tree, output, run_cli

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "templates" / "external.docx"
SUBJECT_TAG = "{{ subject }}"


def with_line(text: str, key: str, value: str) -> str:
    """GOOD with ``key: …`` replaced by ``key: value``."""
    return re.sub(rf"(?m)^{key}: .*$", lambda _: f"{key}: {value}", text, count=1)


def numbered(n: int, text: str = GOOD) -> str:
    return with_line(text, "number", str(n))


ALIAS_BOMB = "bomb:\n  a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"  {chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))

LETTERS = {
    "good.yaml": numbered(1),
    "deep-1000.yaml": numbered(2) + "references: " + "[" * 1000 + "]" * 1000 + "\n",
    "deep-50000.yaml": numbered(3) + "references: " + "[" * 50000 + "]" * 50000 + "\n",
    "alias-bomb.yaml": numbered(4) + ALIAS_BOMB,
    "recursive-alias.yaml": numbered(5) + "references: &r [*r]\n",
    "recursive-merge.yaml": numbered(6) + "register: &m\n  action: x\n  <<: *m\n",
    "long-number.yaml": with_line(GOOD, "number", "9" * 5000),
    "long-item-number.yaml": numbered(7) + "references:\n  - " + "9" * 5000 + "\n",
    "long-body-item.yaml": with_line(numbered(8), "body", "|\n  " + "9" * 5000 + ". ข้อ\n\n  จึงเรียนมาเพื่อโปรดทราบ"),
    "long-qr.yaml": numbered(9) + "qr:\n  url: https://x.example/" + "a" * 3000 + "\n",
    "nul-escaped.yaml": with_line(numbered(10), "subject", '"ขอเชิญ\\0ประชุม"'),
    "nel-raw.yaml": with_line(numbered(11), "subject", "ขอเชิญ\u0085ประชุม"),
    "del-raw.yaml": with_line(numbered(12), "subject", "ขอเชิญ\u007fประชุม"),
    "c1-escaped.yaml": with_line(numbered(13), "to", '"นายก\\x9bเทศมนตรี"'),
    "surrogate.yaml": with_line(numbered(14), "subject", '"ขอ\\ud800เชิญ"'),
    "year-1.yaml": with_line(numbered(15), "date", "0001-01-01"),
    "year-9999.yaml": with_line(numbered(16), "date", "9999-12-31"),
    "bidi.yaml": with_line(numbered(17), "subject", "ขอเชิญ\u202eประชุม ๑๐๐ บาท"),
    "font/nul.yaml": numbered(18),
    "font/agency.yaml": 'font: "TH Sarabun\\0PSK"\n',
    "nel-font/a.yaml": numbered(19),
    "nel-font/agency.yaml": "font: TH Sarabun\u0085PSK\n",
}


def edited_template(folder: Path, change) -> None:
    """The shipped external template with its document part changed by ``change(xml) -> xml``."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(folder / "t.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    (folder / "agency.yaml").write_text("templates:\n  external: t.docx\n", encoding="utf-8")


def in_template(jinja: str):
    return lambda xml: xml.replace(SUBJECT_TAG, jinja, 1)


def with_doctype(doctype: str, reference: str):
    def change(xml: str) -> str:
        declaration, _, rest = xml.partition("?>")
        return declaration + "?>" + doctype + rest.replace(SUBJECT_TAG, reference, 1)
    return change


ENTITY_BOMB = ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")
TEMPLATES = {
    "mro": in_template("{{ ''.__class__.__mro__ }}"),
    "loop": in_template("{% for i in range(99999) %}{% for j in range(99999) %}{% for k in range(99999) %}"
                        "{% endfor %}{% endfor %}{% endfor %}"),
    "repeat": in_template("{{ 'x' * 10000000000 }}"),
    "power": in_template("{{ 2 ** 100000000 }}"),
    "xxe": with_doctype('<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
    "entity-bomb": with_doctype(ENTITY_BOMB, "&i;"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    tree = letters_tree(root, LETTERS)
    for number, (name, change) in enumerate(TEMPLATES.items(), start=30):
        edited_template(tree / f"template-{name}", change)
        (tree / f"template-{name}" / "a.yaml").write_text(numbered(number), encoding="utf-8")
    limit = os.environ.get("SARABAN_LETTER_SECONDS")
    os.environ["SARABAN_LETTER_SECONDS"] = "3"      # the looping template: stopped after 3 s, not 10¹⁵ iterations
    try:
        summary = build([tree], root / "out", pdf=False)
    finally:
        if limit is None:
            os.environ.pop("SARABAN_LETTER_SECONDS", None)
        else:
            os.environ["SARABAN_LETTER_SECONDS"] = limit
    return tree, root / "out", {str(r.relative): r for r in summary.results}


def failure(built, name: str) -> str:
    """The letter's one error, as printed; asserts it failed and wrote nothing."""
    tree, out, results = built
    result = results[name]
    assert result.status == "failed", (name, [str(p) for p in result.problems])
    assert not list(out.glob(f"{name}.*")), "a failed letter leaves no output"
    text = "\n".join(str(p) for p in result.errors)
    assert "bug in saraban" not in text and "Traceback" not in text
    return text


def test_the_good_letter_beside_the_attacks_builds(built):
    tree, out, results = built
    assert results["good"].status == "built"
    assert (out / "good.docx").is_file()


@pytest.mark.parametrize("name, line, expected", [
    ("deep-1000", 9, "lists and mappings nested more than 40 levels deep"),
    ("deep-50000", 9, "lists and mappings nested more than 40 levels deep"),
    ("alias-bomb", 10, "the file expands to more than 100,000 values"),
    ("recursive-alias", 9, "an alias (*name) inside the very value it names"),
    ("recursive-merge", 9, "inside the very value it names"),
    ("long-number", 2, "a number of more than 30 digits"),
    ("long-item-number", 10, "a number of more than 30 digits"),
])
def test_yaml_bombs_fail_alone_with_their_line(built, name, line, expected):
    text = failure(built, name)
    assert f"{name}.yaml:{line}:" in text and expected in text


def test_a_5000_digit_list_item_number_is_text_not_a_crash(built):
    """Nine digits at most make an item number; longer is a paragraph, which the letter prints."""
    tree, out, results = built
    assert results["long-body-item"].status == "built"


def test_a_qr_address_too_long_says_how_long_it_may_be(built):
    text = failure(built, "long-qr")
    assert "long-qr.yaml:10:" in text and "qr.url" in text
    assert f"a QR code holds at most {qr_capacity():,}" in text and "3,018 bytes" in text


def test_the_qr_capacity_is_segnos():
    import segno
    segno.make("h" * qr_capacity(), error="m", micro=False)
    with pytest.raises(segno.DataOverflowError):
        segno.make("h" * (qr_capacity() + 1), error="m", micro=False)


@pytest.mark.parametrize("name, line, expected", [
    ("nul-escaped", 4, "the value holds the control character U+0000 at character 7 of the value (column 10)"),
    ("nel-raw", 4, "the control character U+0085 at column 16"),
    ("del-raw", 4, "the control character U+007F at column 16"),
    ("c1-escaped", 5, "the control character U+009B at character 5 of the value"),
    ("surrogate", 4, "invalid Unicode character escape"),     # the YAML parser's own refusal
])
def test_control_characters_are_refused_by_position(built, name, line, expected):
    text = failure(built, name)
    assert f"{name}.yaml:{line}:" in text and expected in text, text


@pytest.mark.parametrize("name, year", [("year-1", 1), ("year-9999", 9999)])
def test_years_outside_2400_to_2700_be_are_refused(built, name, year):
    text = failure(built, name)
    assert f"{name}.yaml:3:" in text
    if year == 1:
        assert "the year 1 is outside the years a letter may carry: 1857–2157 (Buddhist era พ.ศ. 2400–2700)" in text


def test_a_bidi_override_is_a_warning_with_its_position(built):
    tree, out, results = built
    result = results["bidi"]
    assert result.status == "built"
    (warning,) = [p for p in result.warnings if p.rule_id == "SB127"]
    assert warning.line == 4
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at column 16" in warning.message


@pytest.mark.parametrize("name, character", [("font/nul", "U+0000"), ("nel-font/a", "U+0085")])
def test_a_profile_font_with_a_control_character_is_refused(built, name, character):
    """Once `font: "TH Sarabun\\0PSK"` gave ✓ built and malformed DOCX XML; U+0085 a misleading
    'install TH SarabunPSK'."""
    text = failure(built, name)
    assert "agency.yaml:1:" in text and character in text and "install" not in text


@pytest.mark.parametrize("name, expected", [
    ("mro", "does something the sandbox forbids"),
    ("loop", "took longer than 3 s and was stopped"),
    ("repeat", "a repetition of more than 100,000 items"),
    ("power", "larger than a template may raise to"),
])
def test_a_hostile_template_fails_its_letter_alone(built, name, expected):
    text = failure(built, f"template-{name}/a")
    assert expected in text


@pytest.mark.parametrize("name", ["xxe", "entity-bomb"])
def test_a_template_with_entities_fails_its_letter_or_prints_no_file(built, name):
    """An entity bomb or an external entity in a template: the letter fails alone (the template
    inspection refuses the DTD, or lxml refuses it while rendering); never /etc/passwd in a letter."""
    tree, out, results = built
    result = results[f"template-{name}/a"]
    if result.status == "failed":
        failure(built, f"template-{name}/a")
    else:
        with zipfile.ZipFile(out / f"template-{name}" / "a.docx") as docx:
            assert "root:" not in docx.read("word/document.xml").decode("utf-8")


def test_a_bug_fails_its_letter_alone_with_a_log(tmp_path, monkeypatch):
    tree = letters_tree(tmp_path, {"a.yaml": numbered(1), "b.yaml": numbered(2)})
    real = pipeline.render_docx

    def broken(resolved, target, template=None):
        if resolved.file.name == "b.yaml":
            raise RuntimeError("an unforeseen case")
        return real(resolved, target, template)

    monkeypatch.setattr(pipeline, "render_docx", broken)
    summary = build([tree], tmp_path / "out", pdf=False)
    by_name = {r.file.name: r for r in summary.results}
    assert by_name["a.yaml"].status == "built" and by_name["b.yaml"].status == "failed"
    (problem,) = by_name["b.yaml"].errors
    assert "saraban failed while rendering this letter (RuntimeError: an unforeseen case)" in problem.message
    log = Path(re.search(r"report it with (\S+)", problem.hint).group(1))
    assert "Traceback" in log.read_text(encoding="utf-8") and "an unforeseen case" in log.read_text(encoding="utf-8")
    log.unlink()


def test_a_bug_outside_any_letter_prints_one_line_and_a_log(tmp_path, monkeypatch, capsys):
    import generator.commands.check as check_command

    def add(sub):
        parser = sub.add_parser("check")
        parser.set_defaults(run=lambda args: 1 / 0)
    monkeypatch.setattr(check_command, "add", add)
    assert main(["check"]) == 4
    err = capsys.readouterr().err
    assert "internal error (ZeroDivisionError: division by zero)" in err and "Traceback" not in err
    log = Path(re.search(r"the full log, (\S+)", err.replace("\n", "")).group(1))
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    log.unlink()


# ----------------------------------------------------------------------------- the command line

@needs_soffice
def test_twenty_letters_with_one_hostile_build_nineteen_and_exit_non_zero(tmp_path):
    letters = {f"a{i:02d}.yaml": numbered(i + 1) for i in range(19)}
    letters["hostile.yaml"] = numbered(99) + "references: " + "[" * 50000 + "]" * 50000 + "\n"
    tree = letters_tree(tmp_path, letters)
    done = run_cli("build", str(tree), "--out", str(tmp_path / "out"), cwd=tmp_path)
    text = output(done)
    assert done.returncode == 1, text
    assert "Traceback" not in text
    assert "19 built, 1 failed" in text
    assert "hostile.yaml:9: lists and mappings nested more than 40 levels deep" in text
    made = files_under(tmp_path / "out")
    assert len([p for p in made if p.suffix == ".pdf"]) == 19 and len([p for p in made if p.suffix == ".docx"]) == 19
    assert not [p for p in made if p.stem == "hostile"]


# ----------------------------------------------------------------------------- the engines

FAKE_SOFFICE = """#!{python}
import sys, time
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in [a for a in args if a.endswith(".docx")]:
    if "slow" in name:
        time.sleep(60)
    (out / (Path(name).stem + ".pdf")).write_bytes(Path({pdf!r}).read_bytes())
"""


def test_the_one_shot_engine_fails_a_slow_letter_alone(tmp_path, monkeypatch):
    """Its limit was the whole batch's: one slow letter failed the other three."""
    soffice = tmp_path / "soffice"
    blank = tmp_path / "blank.pdf"          # a real PDF: Thai-numeral letters' page numbers are read back
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(blank)
    soffice.write_text(FAKE_SOFFICE.format(python=sys.executable, pdf=str(blank)), encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setattr("generator.pdf.engines.libreoffice.soffice_path", lambda: str(soffice))
    monkeypatch.setattr("generator.pdf.engines.libreoffice.SECONDS_TO_START", 0)
    monkeypatch.setattr(LibreOfficeEngine, "fontconfig", lambda self, work: work / "fonts.conf")
    docx = []
    for name in ["a", "b", "slow", "c"]:
        docx.append(tmp_path / f"{name}.docx")
        docx[-1].write_bytes(TEMPLATE.read_bytes())
    results = LibreOfficeEngine(timeout=2).convert_each(docx)
    assert [type(r).__name__ for r in results] == ["PosixPath", "PosixPath", "EngineError", "PosixPath"]
    assert "took longer than 2 s on this letter" in str(results[2])
    assert [r.name for r in results if isinstance(r, Path)] == ["a.pdf", "b.pdf", "c.pdf"]


# ----------------------------------------------------------------------------- registers

FORMULAS = ['=HYPERLINK("http://x.example";"คลิก")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_that_a_spreadsheet_would_run_start_with_a_quote(value):
    assert csv_value(value) == "'" + value
    assert csv_value("ขอเชิญประชุม") == "ขอเชิญประชุม" and csv_value(12) == 12


@pytest.fixture(scope="module")
def formula_register(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas")
    letter = with_line(with_line(GOOD, "number", "auto"), "subject", '"=HYPERLINK(\\"http://x.example\\";\\"คลิก\\")"')
    letter = with_line(letter, "to", '"@SUM(A1:A2)"')
    letter += 'register:\n  action: "+SUM(A)"\n  remarks: "-SUM(B)"\n'
    tree = letters_tree(root, {"a.yaml": letter})
    numbering.issue(discover([tree]), dt.date(2024, 9, 2))
    return tree, root


def test_the_csv_register_quotes_formulas(formula_register, tmp_path):
    tree, _ = formula_register
    target = tmp_path / "r.csv"
    assert main(["register", str(tree), "--year", "2567", "--format", "csv", "--out", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    (row,) = rows[1:]
    assert row[7] == "'" + FORMULAS[0] and row[6] == "'@SUM(A1:A2)"
    assert row[8] == "'+SUM(A)" and row[9] == "'-SUM(B)"


def test_the_xlsx_register_stores_formulas_as_text(formula_register, tmp_path):
    from openpyxl import load_workbook
    tree, _ = formula_register
    target = tmp_path / "r.xlsx"
    assert main(["register", str(tree), "--year", "2567", "--format", "xlsx", "--out", str(target)]) == 0
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    cells = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))[0]
    assert cells[6] == FORMULAS[0] and cells[5] == "@SUM(A1:A2)" and cells[7] == "+SUM(A)"
