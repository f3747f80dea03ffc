"""Issue 14: a clerk's everyday path, driven through the command line as a user types it.

One temporary copy of the repository's letters (a ``.git`` folder marks its top) serves the tests
that only read it; tests that write get their own."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.text.linebreak import INSERTED
from tests.helpers_input import REPO, letters_tree, output, run_cli

EXTERNAL = """\
kind: external
number: {number}
date: 2025-01-15
subject: ทดสอบ
to: {to}
body: |
  ข้อความ

  จึงเรียนมาเพื่อโปรดทราบ
signer: district-chief
"""


def copy_of_repo(tmp: Path) -> Path:
    """The repository's letters and a ``.git`` folder: a fresh clone as far as saraban can tell."""
    shutil.copytree(REPO / "letters", tmp / "letters")
    (tmp / ".git").mkdir()
    return tmp


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return copy_of_repo(tmp_path_factory.mktemp("clone"))


# ---- 1. a sub-folder keeps the profile

def test_a_sub_folder_builds_with_the_profile_and_keeps_its_outputs_folder(repo):
    result = run_cli("build", "letters/2568/", "--no-pdf", "--out", "out-sub", cwd=repo)
    text = output(result)
    assert result.returncode == 0, text
    assert "failed" not in text.split("letters:")[0]
    assert (repo / "out-sub" / "2568" / "order-flood-committee.docx").is_file()
    assert not (repo / "out-sub" / "order-flood-committee.docx").exists()
    assert "agency.yaml has no `name`" not in text and "no signer named" not in text


def test_check_and_register_of_a_sub_folder_find_the_profile(repo):
    check = run_cli("check", "letters/2568", cwd=repo)
    assert check.returncode == 0, output(check)
    register = run_cli("register", "letters/2568", "--year", "2568", "--out", "reg.csv", cwd=repo)
    assert register.returncode == 0, output(register)
    text = (repo / "reg.csv").read_text(encoding="utf-8-sig")
    assert "พบ ๐๐๒๓.๑๐/๔๑๓" in text and ",/๑" not in text


def test_a_stamped_letter_without_its_profile_fails_naming_the_missing_parts(tmp_path):
    (tmp_path / ".git").mkdir()
    shutil.copy(REPO / "letters" / "2568" / "stamped-data-request.yaml", tmp_path / "stamped.yaml")
    result = run_cli("build", "stamped.yaml", "--no-pdf", "--out", "out", cwd=tmp_path)
    text = output(result)
    assert result.returncode == 1 and "✓ built" not in text, text
    assert "code (" in text and "seal (" in text and "SB120" in text
    assert not (tmp_path / "out" / "stamped.docx").exists()


# ---- 2. salutation slips

def document_lines(docx: Path) -> list[str]:
    import docx as python_docx
    document = python_docx.Document(str(docx))
    lines = [p.text for p in document.paragraphs]
    lines += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    # A signature block is one paragraph of lines (<w:br/>); the invisible line-break hints left out.
    return [line.translate(INSERTED) for text in lines for line in text.split("\n")]


@pytest.fixture(scope="module")
def slips(tmp_path_factory):
    root = tmp_path_factory.mktemp("slips")
    (root / ".git").mkdir()
    letters_tree(root, {
        "a.yaml": EXTERNAL.format(number=1, to="เรียน ผู้ว่าราชการจังหวัดเพชรบุรี"),
        "b.yaml": EXTERNAL.format(number=2, to="กราบเรียน นายกรัฐมนตรี"),
        "c.yaml": EXTERNAL.format(number=3, to="ผู้ว่าราชการจังหวัดเพชรบุรี\nsalutation: กราบเรียน"),
        "s.yaml": "kind: stamped\nnumber: 4\nto: ถึง ผู้ใหญ่บ้านหมู่ที่ ๔\nbody: ข้อความ\ndate: 2025-01-20\n",
        "o.yaml": "kind: order\nnumber: 1\ndate: 2025-01-05\nsubject: ทดสอบ\nbody: ข้อความ\n"
                  "effective: ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป\nsigner: district-chief\n",
        "p.yaml": "kind: order\nnumber: 2\ndate: 2025-01-06\nsubject: ทดสอบ\nbody: ข้อความ\n"
                  "effective: บัดนี้เป็นต้นไป\nsigner: district-chief\n",
    })
    result = run_cli("build", "letters", "--no-pdf", "--out", "out", cwd=root)
    return root, output(result), result.returncode


def test_a_salutation_typed_in_to_prints_once_with_a_warning(slips):
    root, text, code = slips
    assert code == 0, text
    assert "เรียน\tผู้ว่าราชการจังหวัดเพชรบุรี" in document_lines(root / "out" / "a.docx")
    assert "กราบเรียน\tนายกรัฐมนตรี" in document_lines(root / "out" / "b.docx")
    assert not any("เรียน เรียน" in line or "เรียน กราบเรียน" in line
                   for name in "ab" for line in document_lines(root / "out" / f"{name}.docx"))
    assert "letters/a.yaml:5: to (" in text and "starts with `เรียน`" in text
    assert "letters/b.yaml:5: to (" in text and "starts with `กราบเรียน`" in text
    assert text.count("[SB121 salutation-in-to]") == 3          # a, b and the stamped letter's ถึง
    assert any(line.startswith("ถึง") and line.count("ถึง") == 1 for line in document_lines(root / "out" / "s.docx"))


def test_a_salutation_against_the_table_for_a_general_addressee_is_sb101(slips):
    _, text, _ = slips
    line = next(line for line in text.splitlines() if "c.yaml" in line and "SB101" in line)
    assert "c.yaml:6: salutation (" in line and "ผู้ว่าราชการจังหวัดเพชรบุรี is addressed เรียน" in line


def test_an_orders_effective_phrase_is_accepted_whole_or_as_its_tail(slips):
    root, _, _ = slips
    for name in "op":
        lines = [line for line in document_lines(root / "out" / f"{name}.docx") if "ทั้งนี้" in line]
        assert lines == ["ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"], (name, lines)


# ---- 4. starters that fit today

def test_new_starters_use_today_number_auto_and_warn_until_filled(tmp_path):
    import datetime as dt
    import re

    from generator.kinds import all_kinds
    root = copy_of_repo(tmp_path)
    today = dt.date.today()
    year = today.year + 543
    for kind, spec in all_kinds().items():
        result = run_cli("new", kind, f"letters/{year}/new-{kind}.yaml", cwd=root)
        assert result.returncode == 0, output(result)
        text = (root / "letters" / str(year) / f"new-{kind}.yaml").read_text(encoding="utf-8")
        dates = re.findall(r"^date: (\S+)", text, re.MULTILINE)
        assert dates and all(d.startswith(f"{today:%Y-%m}") for d in dates), (kind, dates)
        assert not re.search(r"\b202[45]-\d\d", text) and "พ.ศ. 2568" not in text, kind
        if "Numbered" in [base.__name__ for base in spec.model.__mro__]:
            assert re.search(r"^number: auto$", text, re.MULTILINE), kind
    result = run_cli("check", f"letters/{year}", cwd=root)
    text = output(result)
    assert result.returncode == 0, text
    assert "new-external.yaml:21: to (" in text and "placeholder `ผู้ว่าราชการจังหวัด…`" in text
    assert "[SB122 unfilled-placeholder]" in text and "[SB123" not in text
    moved = root / "letters" / "2567" / "new-external.yaml"
    (root / "letters" / str(year) / "new-external.yaml").rename(moved)
    text = output(run_cli("check", "letters/2567/new-external.yaml", cwd=root))
    assert f"the letter is filed under 2567/ but dated in พ.ศ. {year}" in text and "[SB123 year-folder]" in text


# ---- 8. quiet, meaningful output (and the walk-through from a fresh clone)

@pytest.fixture(scope="module")
def walk(repo):
    result = run_cli("build", "letters/", "--no-pdf", "--out", "out-walk", cwd=repo)
    return result.returncode, output(result)


def test_a_fresh_clone_builds_with_the_missing_emblem_as_its_only_warning_said_once(walk):
    code, text = walk
    assert code == 0, text
    warnings = [line for line in text.splitlines() if line.lstrip().startswith("warning")]
    assert len(warnings) == 1 and "letters/agency.yaml: emblem (" in warnings[0], text
    assert "[SB124 emblem-placeholder]" in warnings[0]
    assert text.rstrip().splitlines()[-1].startswith("11 letters: 11 built, 0 failed, 1 warning ")


def test_every_warning_has_a_rule_id_and_no_part_name_nests_brackets(walk):
    import re

    from generator.letter.parts import PARTS
    assert [name for name in PARTS.values() if "(" in name] == []
    _, text = walk
    assert not re.search(r"\([^()]*\(", text)


def test_gap_messages_use_the_letters_digits(tmp_path):
    letters_tree(tmp_path, {"a.yaml": EXTERNAL.format(number=1, to="นายอำเภอบ้านลาด"),
                            "b.yaml": EXTERNAL.format(number=4, to="นายอำเภอบ้านลาด")})
    text = output(run_cli("check", "letters", cwd=tmp_path))
    assert "numbers ๒–๓ of พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๘ are missing before this one" in text
    assert "เลขที่ ๒–๓ ของ พบ ๐๐๒๓.๑๐/… พ.ศ. ๒๕๖๘ ขาดไปก่อนฉบับนี้" in text


# ---- 9. commands as documented

def test_issue_without_a_path_uses_letters_says_which_were_numbered_and_writes_thai_keys(tmp_path):
    root = copy_of_repo(tmp_path)
    thai = root / "letters" / "2568" / "thai-keys.yaml"
    thai.write_text("ชนิด: external\nที่: auto\nลงวันที่: 2025-03-20\nเรื่อง: ทดสอบ\nเรียน: นายอำเภอบ้านลาด\n"
                    "ข้อความ: |\n  ข้อความ\n\n  จึงเรียนมาเพื่อโปรดทราบ\nผู้ลงนาม: district-chief\n", encoding="utf-8")
    result = run_cli("issue", "--date", "2025-03-21", cwd=root)
    text = output(result)
    assert result.returncode == 0, text
    assert "✓ issued  letters/2568/thai-keys.yaml → พบ 0023.10/415 พ.ศ. 2568" in text or \
        "✓ issued  letters/2568/thai-keys.yaml → พบ 0023.10/416 พ.ศ. 2568" in text      # with thanks-draft, by date
    assert "✓ kept    letters/2568/memo-training.yaml: already numbered พบ 0023.10/412 พ.ศ. 2568" in text
    assert "วันที่ออกเลข: 2025-03-21\n" in thai.read_text(encoding="utf-8")
    assert "issued:" not in thai.read_text(encoding="utf-8")
    assert run_cli("check", "letters/2568/thai-keys.yaml", cwd=root).returncode == 0


@pytest.mark.parametrize("args, code, says", [
    (("new", "external", "letters/2568/memo-training.yaml"), 2, "already exists"),
    (("schema", "foo"), 2, "unknown kind 'foo'"),
    (("build", "letters/nope.yaml"), 2, "no such file or folder"),
    (("check", "nope/"), 2, "no such file or folder"),
])
def test_exit_code_two_for_what_the_user_asked_wrongly(repo, args, code, says):
    result = run_cli(*args, cwd=repo)
    assert result.returncode == code and says in output(result) and "Traceback" not in output(result)


def test_make_bench_writes_outside_the_tracked_tree_and_make_installs_a_wrapper(tmp_path):
    import subprocess
    dry = subprocess.run(["make", "-n", "bench"], cwd=REPO, capture_output=True, text=True)
    command = next(line for line in dry.stdout.splitlines() if "bench/run.py" in line)
    assert "--results 'out/bench/results.md'" in command
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").replace("saraban: setup", "saraban:")
    (tmp_path / "Makefile").write_text(makefile, encoding="utf-8")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "saraban").write_text("#!/bin/sh\necho \"saraban got $*\"\n")
    (tmp_path / ".venv" / "bin" / "saraban").chmod(0o755)
    subprocess.run(["make", "-s", "saraban"], cwd=tmp_path, check=True, capture_output=True)
    ran = subprocess.run([str(tmp_path / "saraban"), "build", "a b"], cwd="/", capture_output=True, text=True)
    assert ran.stdout == "saraban got build a b\n"


# ---- the README's commands, as written

def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in readme.split("```sh\n")[1:]]
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith(".venv/bin/saraban")]


def test_the_readmes_commands_run_as_written(tmp_path):
    """In a copy of the repository with `.venv/bin/saraban` standing for the installed command.
    `preview` watches the file until stopped: it is run with a fake viewer for one rendering in
    tests/test_preview.py, and skipped here, as `serve`, which runs until stopped
    (tests/test_resident.py). `build` converts one letter to PDF (LibreOffice)."""
    import os
    import stat
    import sys
    root = copy_of_repo(tmp_path)
    shutil.copytree(REPO / "schema", root / "schema")
    wrapper = root / ".venv" / "bin" / "saraban"
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m generator "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    commands = readme_commands()
    assert [c.split()[1] for c in commands] == ["new", "check", "build", "preview", "issue", "serve"]
    import subprocess
    for command in commands:
        if command.split()[1] in ("preview", "serve"):
            continue
        done = subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True, encoding="utf-8",
                              env={**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}, timeout=300)
        text = done.stdout + done.stderr
        assert done.returncode == 0 and "Traceback" not in text, (command, text)
    assert (root / "out" / "2568" / "my-letter.pdf").is_file()
    import re
    issued = (root / "letters" / "2568" / "my-letter.yaml").read_text(encoding="utf-8")
    assert re.search(r"^number: \d+$", issued, re.MULTILINE) and re.search(r"^issued: \d{4}-\d\d-\d\d$", issued, re.MULTILINE)


# ---- 10. shipped pieces pass their own checks

@pytest.mark.parametrize("template", sorted(p.name for p in (REPO / "templates").glob("*.docx")))
def test_every_shipped_template_passes_check_template(template):
    result = run_cli("check-template", f"templates/{template}", cwd=REPO)
    assert result.returncode == 0 and "✓ ok" in result.stdout, output(result)


def test_check_template_of_a_file_named_for_no_kind_checks_every_kinds_variables(tmp_path):
    import zipfile
    folder = tmp_path / "แม่แบบ"
    folder.mkdir()
    shutil.copy(REPO / "templates" / "external.docx", folder / "หนังสือภายนอก.docx")
    shutil.copy(REPO / "templates" / "external.docx", folder / "mine.docx")
    with zipfile.ZipFile(REPO / "templates" / "external.docx") as source, \
            zipfile.ZipFile(folder / "typo.docx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ subject }}", b"{{ subjekt }}")
            target.writestr(item, data)
    thai = run_cli("check-template", "แม่แบบ/หนังสือภายนอก.docx", cwd=tmp_path)
    assert thai.returncode == 0 and "variables" not in thai.stdout, output(thai)
    mine = run_cli("check-template", "แม่แบบ/mine.docx", cwd=tmp_path)
    assert mine.returncode == 0 and "its variables are those of: " in mine.stdout and "external" in mine.stdout
    typo = run_cli("check-template", "แม่แบบ/typo.docx", cwd=tmp_path)
    assert typo.returncode == 1 and "`{{ subjekt }}` is not provided" in typo.stdout, output(typo)
    assert "no kind provides all its variables" in typo.stdout


def test_a_minutes_checker_prints_only_their_own_position(tmp_path):
    (tmp_path / ".git").mkdir()
    minutes = (REPO / "letters" / "2568" / "minutes-district-heads-1.yaml").read_text(encoding="utf-8")
    start = minutes.index("checker:")
    rest = minutes[start:].split("\n")
    end = next((i for i, line in enumerate(rest[1:], 1) if line and not line.startswith(" ")), len(rest))
    minutes = minutes[:start] + "checker: deputy\n" + "\n".join(rest[end:])
    letters_tree(tmp_path, {"m.yaml": minutes})
    result = run_cli("build", "letters/m.yaml", "--no-pdf", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, output(result)
    lines = [line.strip() for line in document_lines(tmp_path / "out" / "m.docx") if line.strip()]
    at = lines.index("(นายสมชาย ใจดี)")
    assert lines[at:at + 3] == ["(นายสมชาย ใจดี)", "ปลัดอำเภอ (หัวหน้ากลุ่มงานบริหารงานปกครอง)", "ผู้ตรวจรายงานการประชุม"]
    assert "ปฏิบัติราชการแทน" not in lines


# ---- 7. a cancelled letter

def test_a_cancelled_letter_is_built_with_a_red_cancelled_mark_on_every_page_and_a_warning(tmp_path):
    import math
    pymupdf = pytest.importorskip("pymupdf")
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed for the PDF")
    root = copy_of_repo(tmp_path)
    memo = root / "letters" / "2568" / "memo-training.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("\nnumber: 412 ", "\nstatus: cancelled\nnumber: 412 "),
                    encoding="utf-8")
    result = run_cli("build", "letters/2568/memo-training.yaml", "--out", "out", cwd=root)
    text = output(result)
    assert result.returncode == 0 and "[SB126 cancelled-letter]" in text, text
    found = []
    with pymupdf.open(str(root / "out" / "2568" / "memo-training.pdf")) as doc:
        pages = doc.page_count
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    if "".join(s["text"] for s in line["spans"]).strip() == "ยกเลิก":
                        found.append((page.number + 1, line))
    assert pages == 2 and [page for page, _ in found] == [1, 2]
    for _, line in found:
        span = line["spans"][0]
        assert span["color"] == 0xF08080 and abs(span["size"] - 300) <= 0.5
        cos, sin = line["dir"]
        assert abs(math.degrees(math.atan2(-sin, cos)) - math.degrees(math.atan2(841.9, 595.3))) <= 0.5
    assert "ร่าง" not in "".join(pymupdf.open(str(root / "out" / "2568" / "memo-training.pdf"))[0].get_text())


# ---- 5. YAML errors point at the cause

@pytest.mark.parametrize("line3, says", [
    ("subject:ขอเชิญประชุม", "a key without a space after its colon"),
    ('subject: "ขอเชิญประชุม', "a quote opened here is never closed"),
    ("copies: [ก, ข", "a `[` opened here is never closed"),
])
def test_a_yaml_mistake_is_named_at_the_line_where_it_starts(tmp_path, line3, says):
    letter = (f"kind: external\ndate: 2025-01-02\n{line3}\nto: นายอำเภอ\nbody: |\n  ข้อความ\n\n  ต่อ\n"
              "signer: deputy\ncopies:\n  - x\n")
    letters_tree(tmp_path, {"a.yaml": letter})
    result = run_cli("check", "letters", cwd=tmp_path)
    text = output(result)
    assert result.returncode == 1 and f"letters/a.yaml:3: YAML syntax error: {says}" in text, text


# ---- 6. registers a person reads

def test_the_register_of_the_examples_reads_as_a_paper_register(tmp_path):
    import csv
    import io
    root = copy_of_repo(tmp_path)
    extra = root / "letters" / "2568"
    secret = EXTERNAL.format(number=420, to="ผู้ว่าราชการจังหวัดเพชรบุรี").replace(
        "subject: ทดสอบ", "subject: ผลการสอบสวนข้อเท็จจริง\nsecrecy: ลับมาก")
    (extra / "secret.yaml").write_text(secret, encoding="utf-8")
    arabic = EXTERNAL.format(number=421, to="นายอำเภอบ้านลาด") + "digits: arabic\n"
    (extra / "arabic.yaml").write_text(arabic, encoding="utf-8")
    result = run_cli("register", "--year", "2568", "--out", "out/register.csv", cwd=root)
    assert result.returncode == 0, output(result)
    rows = list(csv.reader(io.StringIO((root / "out" / "register.csv").read_text(encoding="utf-8-sig"))))
    by_number = {row[2]: row for row in rows[1:]}
    header = rows[0]
    to, subject, remarks, reference = (header.index(name) for name in ("ถึง", "เรื่อง", "หมายเหตุ", "ที่"))
    for number in ("412", "413", "414", "45"):                    # memo, stamped, certificate, order
        assert by_number[number][to] and by_number[number][subject], by_number[number]
    assert by_number["414"][subject] == "หนังสือรับรอง นางสาวสมศรี มีสุข"
    assert by_number["413"][subject].startswith("ด้วยอำเภอบ้านลาด") and by_number["413"][subject].endswith(" …")
    assert by_number["420"][subject] == "(ลับมาก)" and "สอบสวน" not in (root / "out" / "register.csv").read_text("utf-8-sig")
    assert by_number["415–419"][remarks] == "ไม่พบหนังสือเลขเหล่านี้"              # a long gap is one row
    assert by_number["421"][reference] == "พบ ๐๐๒๓.๑๐/๔๒๑"                       # the register's digits
    assert all(row[1] == "" or "๒๕๖" in row[1] for row in rows[1:])              # Buddhist-era dates
    assert len(rows) == 1 + 7             # 412–414, the gap, 420, 421, the order 45
