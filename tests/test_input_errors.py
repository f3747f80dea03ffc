"""Bad input through the real CLI: a clear message with file, line, key and Thai part; no traceback;
and `build` leaves no output for a letter that fails."""
from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.helpers_input import (
    AGENCY,
    GOOD,
    PLACEHOLDER_PNG,
    files_under,
    letters_tree,
    output,
    run_cli,
    without,
)

ENCLOSURE = "enclosures:\n  - title: สำเนาหนังสือจังหวัด\n"        # lines 9 and 10 after GOOD


def case(id_: str, text: str | bytes, line: int, *fragments: str):
    return pytest.param(text, line, fragments, id=id_)


CASES = [
    case("yaml-syntax-indent", "kind: external\nsubject: ขอเชิญ\n  to: นายอำเภอ\nbody: ก\n", 3,
         "YAML syntax error", "indentation"),
    case("empty-file", "", 1, "empty", "saraban new external"),
    case("only-comments", "# ยังไม่ได้เขียน\n", 1, "empty"),
    case("top-level-list", "- kind: external\n- subject: ก\n", 1, "expected a mapping"),
    case("top-level-text", "หนังสือ\n", 1, "expected a mapping"),
    case("missing-subject", without(GOOD, "subject:"), 1, "subject (เรื่อง)", "required"),
    case("missing-body", without(GOOD, "body:"), 1, "body (ข้อความ)", "required"),
    case("missing-signer", without(GOOD, "signer:"), 1, "signer (ผู้ลงนาม)", "required"),
    case("missing-date", without(GOOD, "date:"), 1, "date (ลงวันที่)", "required"),
    case("unknown-key", GOOD.replace("subject:", "subjet:"), 4,
         "subjet", "not a known key", "did you mean `subject` (เรื่อง)?"),
    case("capitalised-key", GOOD.replace("subject:", "Subject:"), 4,
         "Subject", "not a known key", "did you mean `subject` (เรื่อง)?"),
    case("unknown-key-in-enclosure", GOOD + ENCLOSURE + "    cont: ๑ ฉบับ\n", 11,
         "enclosures.0.cont", "not a known key", "did you mean `count` (จำนวน)?"),
    case("unknown-key-in-signer", GOOD.replace("signer: deputy\n", "signer:\n  nme: นาย ก\n"), 9,
         "signer.nme", "did you mean `name` (ชื่อ)?"),
    case("number-not-a-number", GOOD.replace("number: 12", 'number: "abc"'), 2,
         "number (เลขที่หนังสือ)", "whole number"),
    case("number-zero", GOOD.replace("number: 12", "number: 0"), 2,
         "number (เลขที่หนังสือ)", "whole number of 1 or more"),
    case("circular-maybe", GOOD + "circular: maybe\n", 9, "circular (หนังสือเวียน)", "true or false"),
    case("references-number", GOOD + "references: 5\n", 9, "references (อ้างถึง)", "expected a list"),
    case("date-words", GOOD.replace("date: 2024-09-02", "date: next week"), 3,
         "date (ลงวันที่)", "2024-09-02"),
    case("date-impossible", GOOD.replace("date: 2024-09-02", "date: 2024-02-30"), 3,
         "2024-02-30 is not a real date", "YYYY-MM-DD"),
    case("date-buddhist-era", GOOD.replace("date: 2024-09-02", "date: 2567-09-02"), 3,
         "date (ลงวันที่)", "Buddhist-era", "2024"),
    case("urgency-unknown", GOOD + "urgency: ด่วนจี๋\n", 9,
         "urgency (ชั้นความเร็ว)", "must be one of", "ด่วนที่สุด", "ด่วนมาก", "'ด่วน'"),
    case("secrecy-unknown", GOOD + "secrecy: ลับสุดยอด\n", 9,
         "secrecy (ชั้นความลับ)", "ลับที่สุด", "ลับมาก", "'ลับ'"),
    case("enclosure-url-not-http", GOOD + ENCLOSURE + "    url: ftp://example.go.th/a.pdf\n", 11,
         "enclosures.0.url (ที่อยู่เว็บ)", "http:// or https://"),
    case("qr-url-not-http", GOOD + "qr:\n  url: example.go.th/a.pdf\n", 10, "qr.url (ที่อยู่เว็บ)", "http://"),
    case("kind-misspelt", GOOD.replace("kind: external", "kind: externl"), 1,
         "kind (ชนิดของหนังสือ)", "`externl` is not a known kind", "did you mean `external`?"),
    case("kind-missing", without(GOOD, "kind:"), 1, "kind (ชนิดของหนังสือ)", "missing", "kind: external"),
    case("signer-key-unknown", GOOD.replace("signer: deputy", "signer: deputi"), 8,
         "signer (ผู้ลงนาม)", "no signer named `deputi`", "did you mean `deputy`?"),
    case("signer-key-far-off", GOOD.replace("signer: deputy", "signer: boss"), 8,
         "signer (ผู้ลงนาม)", "known signers: deputy, district-chief"),
    case("subject-empty", GOOD.replace("subject: ขอเชิญประชุม", 'subject: ""'), 4,
         "subject (เรื่อง)", "must not be empty"),
    case("duplicate-key", GOOD + "subject: ขอเชิญประชุมอีกครั้ง\n", 9,
         "subject (เรื่อง)", "more than once"),
    case("not-utf8", GOOD.encode("cp874"), 4, "not UTF-8", "save it as UTF-8"),
]
CASE_IDS = [c.id for c in CASES]


def assert_clear_error(text: str, returncode: int, name: str, line: int, fragments: tuple[str, ...]) -> None:
    assert returncode != 0, text
    assert "Traceback" not in text, text
    assert f"{name}:{line}:" in text, text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def report_of(text: str, name: str) -> str:
    """The lines a run printed about one letter: its status line and the problems under it."""
    block, inside = [], False
    for line in text.splitlines():
        if line.startswith(("✓", "✗")):
            inside = line.split()[-1] == name or f" {name} " in line
        elif not line.startswith(" "):
            inside = False
        if inside:
            block.append(line)
    return "\n".join(block)


@pytest.fixture(scope="module")
def bad_tree(tmp_path_factory) -> Path:
    """Every bad case as its own letter in one tree, beside one good letter."""
    root = tmp_path_factory.mktemp("bad")
    letters = {f"{id_}.yaml": c.values[0] for id_, c in zip(CASE_IDS, CASES)}
    letters_tree(root, {**letters, "good.yaml": GOOD})
    return root


@pytest.fixture(scope="module")
def checked(bad_tree):
    return run_cli("check", "letters", cwd=bad_tree)


@pytest.fixture(scope="module")
def built(bad_tree):
    return run_cli("build", "--no-pdf", "--out", "out", "letters", cwd=bad_tree)


def test_check_summary(checked):
    assert checked.returncode == 1
    assert "Traceback" not in output(checked)
    assert f"{len(CASES) + 1} letters: 1 checked, {len(CASES)} failed" in checked.stdout


def test_build_writes_only_the_good_letter(built, bad_tree):
    assert built.returncode == 1
    assert "Traceback" not in output(built)
    assert f"{len(CASES) + 1} letters: 1 built, {len(CASES)} failed" in built.stdout
    assert files_under(bad_tree / "out") == [bad_tree / "out" / "good.docx"]


@pytest.mark.parametrize("run", ["checked", "built"])
@pytest.mark.parametrize("text, line, fragments", CASES)
def test_each_case_is_reported(run, request, text, line, fragments):
    """Both `saraban check` and `saraban build` report every case on its own."""
    result = request.getfixturevalue(run)
    case = request.node.callspec.id.removeprefix(f"{run}-").removesuffix(f"-{run}")
    name = f"letters/{case}.yaml"
    block = report_of(output(result), name)
    assert block.startswith("✗ failed"), output(result)
    assert_clear_error(block, result.returncode, name, line, fragments)


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("text, line, fragments", CASES[:3] + CASES[-1:])
def test_one_bad_letter_on_its_own(tmp_path, command, text, line, fragments):
    """A few cases alone, as a clerk runs them: exit 1 and, for build, an empty --out."""
    letters_tree(tmp_path, {"bad.yaml": text})
    args = ["build", "--no-pdf", "--out", "out"] if command == "build" else ["check"]
    result = run_cli(*args, "letters/bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert_clear_error(output(result), result.returncode, "letters/bad.yaml", line, fragments)
    assert files_under(tmp_path / "out") == []


def test_kind_that_is_a_list(tmp_path):
    letters_tree(tmp_path, {"bad.yaml": GOOD.replace("kind: external", "kind: [external]")})
    result = run_cli("check", "letters/bad.yaml", cwd=tmp_path)
    assert_clear_error(output(result), result.returncode, "letters/bad.yaml", 1,
                       ("kind (ชนิดของหนังสือ)", "not a known kind"))


# ----------------------------------------------------------------- the agency profile

def agency_with_emblem(value: str) -> tuple[str, int]:
    """The repo's agency.yaml with ``emblem: value``, and the line it is on."""
    lines = AGENCY.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip("# ").startswith("emblem:"))
    lines[index] = f"emblem: {value}\n"
    return "".join(lines), index + 1


@pytest.mark.parametrize("make_file", [
    pytest.param(None, id="missing-file"),
    pytest.param(b"this is text, not a picture\n", id="not-an-image"),
    pytest.param(b"", id="empty-file"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_unreadable_emblem_names_agency_yaml_and_line(tmp_path, make_file, command):
    agency, line = agency_with_emblem("garuda.png")
    folder = letters_tree(tmp_path, {"good.yaml": GOOD}, agency=agency)
    if make_file is not None:
        (folder / "garuda.png").write_bytes(make_file)
    args = ["build", "--no-pdf", "--out", "out"] if command == "build" else ["check"]
    result = run_cli(*args, "letters/good.yaml", cwd=tmp_path)
    assert_clear_error(output(result), result.returncode, "letters/agency.yaml", line, ("emblem (ตราครุฑ)", "garuda.png", "PNG or JPEG"))
    assert files_under(tmp_path / "out") == []


def test_readable_emblem_builds(tmp_path):
    agency, _ = agency_with_emblem("garuda.png")
    folder = letters_tree(tmp_path, {"good.yaml": GOOD}, agency=agency)
    shutil.copy(PLACEHOLDER_PNG, folder / "garuda.png")
    result = run_cli("build", "--no-pdf", "--out", "out", "letters/good.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert "emblem" not in output(result)          # no placeholder warning
    assert (tmp_path / "out" / "good.docx").is_file()


def test_profile_error_names_agency_yaml_and_line(tmp_path):
    agency = AGENCY.read_text(encoding="utf-8") + "digits: roman\n"
    agency = agency.replace("digits: thai\n", "")
    line = agency.splitlines().index("digits: roman") + 1
    letters_tree(tmp_path, {"good.yaml": GOOD}, agency=agency)
    result = run_cli("check", "letters/good.yaml", cwd=tmp_path)
    assert_clear_error(output(result), result.returncode, "letters/agency.yaml", line, ("digits (ตัวเลข)", "'thai' or 'arabic'"))


# ----------------------------------------------------------------- several letters

def test_folder_with_a_good_and_a_bad_letter(tmp_path):
    letters_tree(tmp_path, {"good.yaml": GOOD, "bad.yaml": GOOD.replace("subject:", "subjet:")})
    result = run_cli("build", "--no-pdf", "--out", "out", "letters", cwd=tmp_path)
    text = output(result)
    assert result.returncode == 1, text
    assert "Traceback" not in text
    assert "letters/bad.yaml:4:" in text
    assert "2 letters: 1 built, 1 failed" in text
    assert files_under(tmp_path / "out") == [tmp_path / "out" / "good.docx"]


def test_check_folder_with_a_good_and_a_bad_letter(tmp_path):
    letters_tree(tmp_path, {"good.yaml": GOOD, "sub/bad.yaml": "kind: external\n"})
    result = run_cli("check", "letters", cwd=tmp_path)
    assert result.returncode == 1
    assert "2 letters: 1 checked, 1 failed" in result.stdout
    assert re.search(r"✓ ok\s+letters/good.yaml", result.stdout)
    assert re.search(r"✗ failed\s+letters/sub/bad.yaml", result.stdout)


# ----------------------------------------------------------------- text prints literally

TRICKY = '& < > " {{ 7*7 }} {% if %}'


def tricky_letter() -> str:
    quoted = TRICKY.replace('"', '\\"')
    return (
        "kind: external\n"
        "digits: arabic\n"                  # keeps 7*7 as typed, to compare literally
        "date: 2024-09-02\n"
        f'subject: "เรื่อง {quoted}"\n'
        f'to: "ผู้รับ {quoted}"\n'
        "body: |\n"
        f"  ข้อความ {TRICKY}\n"
        f"  **ตัวหนา {TRICKY}**\n"
        "signer:\n"
        f'  name: "นาย {quoted}"\n'
        "  position: ตำแหน่ง\n"
    )


def docx_text(docx: Path) -> str:
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def test_template_syntax_and_xml_characters_print_literally(tmp_path):
    """The one test here that converts to PDF (LibreOffice)."""
    letters_tree(tmp_path, {"tricky.yaml": tricky_letter()})
    result = run_cli("build", "--no-pdf", "--out", "out", "letters/tricky.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    text = docx_text(tmp_path / "out" / "tricky.docx")
    for expected in (f"เรื่อง {TRICKY}", f"ผู้รับ {TRICKY}", f"ข้อความ {TRICKY}", f"ตัวหนา {TRICKY}",
                     f"(นาย {TRICKY})"):
        assert expected in text
    assert "49" not in text

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed: the DOCX was checked, the PDF is not")
    pymupdf = pytest.importorskip("pymupdf")
    result = run_cli("build", "--out", "pdf", "letters/tricky.yaml", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    with pymupdf.open(str(tmp_path / "pdf" / "tricky.pdf")) as doc:
        page_text = " ".join(" ".join(page.get_text().split()) for page in doc)
    for expected in (f"เรื่อง {TRICKY}", f"ข้อความ {TRICKY}", f"(นาย {TRICKY})"):
        assert expected in page_text
    assert "49" not in page_text


def test_a_letter_whose_font_falls_back_fails_alone_and_writes_nothing(tmp_path):
    """A font the machine lacks is never replaced silently: the finish stage finds text in another
    font, the letter fails naming it (its PDF file untouched, nothing in out/), its neighbour builds."""
    pytest.importorskip("pypdfium2")
    from generator.build.pipeline import build
    if not shutil.which("soffice"):
        pytest.skip("needs LibreOffice")
    neighbour = GOOD.replace("number: 12", "number: 13")
    tree = letters_tree(tmp_path, {"a.yaml": GOOD + "font: No Such Thai Font\n", "b.yaml": neighbour})
    summary = build([tree], tmp_path / "out", engine="libreoffice")
    by_name = {result.file.name: result for result in summary.results}
    assert by_name["b.yaml"].status == "built"
    failed = by_name["a.yaml"]
    assert failed.status == "failed"
    (problem,) = failed.errors
    assert (problem.key, problem.part) == ("font", "แบบอักษร")
    assert problem.message.startswith("text fell back to ") and problem.message.endswith(" instead of No Such Thai Font")
    assert "fonts/" in problem.hint
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == ["b.docx", "b.pdf"]
