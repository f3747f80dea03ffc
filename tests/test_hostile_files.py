"""Issue 13, the files a letter reads and the files a build leaves: each attack reproduced.

- One boundary (generator/letter/files.py): an emblem, photo, enclosure, agency template, fonts/
  folder, agency.yaml or letter leading out of the letters tree, a device, FIFO, folder or an
  oversized file are refused with one message that does not tell whether an outside file exists.
- Agency templates are inspected before use (SB206–SB210), in `check-template` and in `build`.
- The cache deletes only files a build wrote in out/; a damaged or hostile cache is ignored.
- `saraban diff` counts every file a letter reads as its input (the cache's list).
- Work folders and .tmp files go on every exit path; a full disk or read-only output is a clear
  error, with the report still printed.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from generator import cli
from generator.build import workdir
from generator.build.cache import BuildCache
from generator.letter import files
from generator.letter.tree import font_folders
from generator.render.templatecheck import check_template, field_instructions
from generator.review import diff as rv
from tests.helpers_input import (
    AGENCY,
    GOOD,
    PLACEHOLDER_PNG,
    REPO,
    files_under,
    letters_tree,
    output,
    run_cli,
)

TEMPLATE = REPO / "templates" / "external.docx"
CERTIFICATE = (REPO / "letters" / "2568" / "certificate-employment.yaml").read_text(encoding="utf-8")
OUTSIDE = "is not a file inside the letters folder"
NO_HANG_SECONDS = 120


_NUMBERS = iter(range(100, 10**6))


def numbered() -> str:
    """GOOD with a number of its own (letters of one tree must not share one: SB301)."""
    return GOOD.replace("number: 12", f"number: {next(_NUMBERS)}")


def with_emblem(name: str) -> str:
    return numbered() + f"emblem: {name}\n"


def with_enclosure(name: str) -> str:
    return numbered() + f"enclosures:\n  - title: แผนที่\n    file: {name}\n"


def messages(result: subprocess.CompletedProcess, letter: str) -> list[str]:
    """The problem lines printed under ``letter``'s ✗ line (in English: the Thai line below each
    is not counted)."""
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().endswith(letter) and "✗" in line)
    found = []
    for line in lines[start + 1:]:
        if not line.startswith("    "):
            break
        if line.strip().startswith(("error ", "warning ")):
            found.append(line.strip())
    return found


# ----------------------------------------------------------------- 1. one boundary

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """One tree with a good letter and a hostile one of each sort, built in one `build --no-pdf`."""
    tmp = tmp_path_factory.mktemp("hostile")
    outside = tmp / "outside"
    outside.mkdir()
    shutil.copy(PLACEHOLDER_PNG, outside / "secret.png")
    shutil.copy(TEMPLATE, outside / "theirs.docx")
    (outside / "fonts").mkdir()
    (outside / "fonts" / "x.ttf").write_bytes(b"\0" * 64)
    (outside / "letter.yaml").write_text(GOOD, encoding="utf-8")
    secret = outside / "secret.png"
    cert = CERTIFICATE.replace("photos/somsri-photo.png", "../outside/secret.png")
    tree = letters_tree(tmp, {
        "good.yaml": with_emblem("images/garuda.png"),
        "absolute.yaml": with_emblem(str(secret)),
        "dotdot.yaml": with_emblem("../outside/secret.png"),
        "shadow.yaml": with_emblem("/etc/shadow"),
        "nowhere.yaml": with_emblem("/nonexistent/x.png"),
        "symlink.yaml": with_emblem("images/link.png"),
        "zero.yaml": with_emblem("/dev/zero"),
        "zero-link.yaml": with_emblem("images/zero.png"),
        "fifo.yaml": with_emblem("images/pipe.png"),
        "folder.yaml": with_emblem("images"),
        "big.yaml": with_emblem("images/big.png"),
        "missing.yaml": with_emblem("images/missing.png"),
        "text.yaml": with_emblem("agency.yaml"),
        "photo.yaml": cert,
        "enclosure.yaml": with_enclosure("../outside/secret.png"),
        "enclosure-fifo.yaml": with_enclosure("images/pipe.png"),
        "theirs/a.yaml": numbered(),
        "fonts-out/a.yaml": numbered(),
        "profile-out/a.yaml": numbered(),
    })
    images = tree / "images"
    images.mkdir()
    shutil.copy(PLACEHOLDER_PNG, images / "garuda.png")
    (images / "link.png").symlink_to(secret)
    (images / "zero.png").symlink_to("/dev/zero")
    os.mkfifo(images / "pipe.png")
    with open(images / "big.png", "wb") as big:             # sparse: 11 MB that take no disk
        big.write(PLACEHOLDER_PNG.read_bytes())
        big.truncate(11 << 20)
    (tree / "theirs" / "agency.yaml").write_text(f"templates:\n  external: {outside / 'theirs.docx'}\n", encoding="utf-8")
    (tree / "fonts-out" / "fonts").symlink_to(outside / "fonts")
    (tree / "profile-out" / "agency.yaml").symlink_to(outside / "letter.yaml")
    (tree / "linked.yaml").symlink_to(outside / "letter.yaml")
    out = tmp / "out"
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(out), cwd=tmp)
    return tree, out, result, secret


def test_only_the_good_letter_is_built_and_nothing_leaks(hostile_build):
    tree, out, result, _ = hostile_build
    assert result.returncode == 1, output(result)
    assert "Traceback" not in output(result)
    built = [line for line in result.stdout.splitlines() if "✓" in line]
    assert len(built) == 1 and "good.yaml" in built[0], result.stdout
    assert [p.name for p in files_under(out)] == ["good.docx"]
    with zipfile.ZipFile(out / "good.docx") as docx:       # the emblem inside the tree is placed
        assert any(name.startswith("word/media/") for name in docx.namelist())


@pytest.mark.parametrize("letter, name", [
    ("absolute.yaml", None), ("dotdot.yaml", "../outside/secret.png"), ("shadow.yaml", "/etc/shadow"),
    ("nowhere.yaml", "/nonexistent/x.png"), ("symlink.yaml", "images/link.png"), ("zero.yaml", "/dev/zero"),
    ("zero-link.yaml", "images/zero.png")])
def test_a_name_leading_out_gets_the_one_message(hostile_build, letter, name):
    tree, _, result, secret = hostile_build
    name = name or str(secret)
    (line,) = messages(result, letter)
    # the same words for a file that exists (/etc/shadow, secret.png) and one that does not
    assert re.fullmatch(rf"error letters/{re.escape(letter)}:9: emblem \(ตราครุฑ\): `{re.escape(name)}` {OUTSIDE}; "
                        r"give the path, relative to \S+\.yaml, of a PNG or JPEG file inside the letters folder",
                        line), line


@pytest.mark.parametrize("letter, fragment", [
    ("fifo.yaml", "`images/pipe.png` is not a regular file (a device, pipe or socket)"),
    ("folder.yaml", "`images` is a folder, not a file"),
    ("big.yaml", "`images/big.png` is 11.0 MB; the limit for an image is 10 MB"),
    ("missing.yaml", "`images/missing.png` does not exist"),
    ("text.yaml", "`agency.yaml` is not a PNG or JPEG image"),
    ("photo.yaml", f"photo (รูปถ่าย): `../outside/secret.png` {OUTSIDE}"),
    ("enclosure.yaml", f"`../outside/secret.png` {OUTSIDE}"),
    ("enclosure-fifo.yaml", "`images/pipe.png` is not a regular file"),
    ("theirs/a.yaml", f"templates.external (แม่แบบ): `{{outside}}/theirs.docx` {OUTSIDE}"),
    ("fonts-out/a.yaml", "fonts: `fonts/` is not a folder inside the letters folder"),
    ("profile-out/a.yaml", f"`agency.yaml` {OUTSIDE}"),
    ("linked.yaml", f"`linked.yaml` {OUTSIDE}"),
])
def test_inside_the_tree_the_message_says_what_is_wrong(hostile_build, letter, fragment):
    _, _, result, secret = hostile_build
    found = " ".join(messages(result, letter))
    assert fragment.format(outside=secret.parent) in found, found


def test_the_engine_is_never_given_a_fonts_folder_leading_out(hostile_build):
    tree, _, _, _ = hostile_build
    assert font_folders([(tree / "fonts-out" / "a.yaml", tree)]) == []


def test_a_fifo_or_device_is_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    started = time.monotonic()
    for name in ("pipe", "/dev/zero"):
        with pytest.raises(files.Refused):
            files.read_regular(tmp_path / name, name, "image")
    assert time.monotonic() - started < 5


# ----------------------------------------------------------------- 2. agency templates inspected

def variant(target: Path, change) -> Path:
    """``templates/external.docx`` with ``change(entries)`` applied to its {name: bytes}."""
    with zipfile.ZipFile(TEMPLATE) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    change(entries)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as docx:
        for name, data in entries.items():
            docx.writestr(name, data)
    return target


def _edit(name: str, old: bytes, new: bytes):
    def change(entries):
        assert old in entries[name], old
        entries[name] = entries[name].replace(old, new, 1)
    return change


EXTERNAL_IMAGE = (b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  b'relationships/image" Target="file:///etc/passwd" TargetMode="External"/></Relationships>')
BODY = b"<w:body>"
HOSTILE_TEMPLATES = {
    "SB206": _edit("word/_rels/document.xml.rels", b"</Relationships>", EXTERNAL_IMAGE),
    "SB207": _edit("word/document.xml", BODY, BODY + b'<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;/etc/passwd&quot; ">'
                                                  b"<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"),
    "SB207 complex": _edit("word/document.xml", BODY, BODY + (
        b'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDE</w:instrText></w:r>'
        b'<w:r><w:instrText>PICTURE "file:///etc/x.png" \\d </w:instrText></w:r>'
        b'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        b'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')),
    "SB207 dde": _edit("word/document.xml", BODY, BODY + b'<w:p><w:fldSimple w:instr="DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;"/></w:p>'),
    "SB208": _edit("word/document.xml", b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
    "SB208 bomb": _edit("word/styles.xml", b"?>", b'?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'),
    "SB209": lambda entries: entries.update({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
    "SB209 type": _edit("[Content_Types].xml", b"document.main+xml",
                        b"document.macroEnabled.main+xml"),
    "SB210": lambda entries: entries.update({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
    "SB210 object": _edit("word/document.xml", BODY, BODY + b"<w:p><w:r><w:object/></w:r></w:p>"),
    "SB210 altchunk": _edit("word/document.xml", BODY, BODY + b'<w:altChunk r:id="rId99"/>'),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_TEMPLATES))
def test_a_hostile_template_is_refused(tmp_path, case):
    template = variant(tmp_path / "external.docx", HOSTILE_TEMPLATES[case])
    problems = check_template(template, "external")
    assert case.split()[0] in {p.rule_id for p in problems if p.severity == "error"}, [str(p) for p in problems]


def test_the_shipped_templates_pass_the_inspection():
    for template in sorted((REPO / "templates").glob("*.docx")):
        assert not [str(p) for p in check_template(template) if p.severity == "error"], template


def test_complex_field_instructions_are_joined_across_runs(tmp_path):
    from lxml import etree
    xml = HOSTILE_TEMPLATES["SB207 complex"]
    entries = {"word/document.xml": zipfile.ZipFile(TEMPLATE).read("word/document.xml")}
    xml(entries)
    found = field_instructions(etree.fromstring(entries["word/document.xml"]))
    assert ' INCLUDEPICTURE "file:///etc/x.png" \\d ' in found


@pytest.fixture(scope="module")
def template_tree(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("templates")
    tree = letters_tree(tmp, {"a.yaml": GOOD}, agency=AGENCY.read_text(encoding="utf-8") + "templates:\n  external: theirs.docx\n")
    variant(tree / "theirs.docx", HOSTILE_TEMPLATES["SB206"])
    return tmp, tree


def test_check_template_refuses_an_external_relationship(template_tree):
    tmp, tree = template_tree
    result = run_cli("check-template", str(tree / "theirs.docx"), "--kind", "external", cwd=tmp)
    assert result.returncode == 1 and "✗ failed" in result.stdout, output(result)
    assert "file:///etc/passwd" in result.stdout and "[SB206 template-external-link]" in result.stdout


def test_build_refuses_an_agency_template_with_an_external_relationship(template_tree):
    tmp, tree = template_tree
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(tmp / "out"), cwd=tmp)
    assert result.returncode == 1 and "[SB206 template-external-link]" in result.stdout, output(result)
    assert files_under(tmp / "out") == []


# ----------------------------------------------------------------- 4. the cache deletes only its own

@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """A tree built once with --no-pdf: the cache names out/a.docx."""
    tmp = tmp_path_factory.mktemp("cache")
    tree = letters_tree(tmp, {"a.yaml": GOOD})
    out = tmp / "out"
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(out), cwd=tmp)
    assert result.returncode == 0, output(result)
    return tmp, tree, out, (out / ".saraban-cache.json").read_text(encoding="utf-8")


def test_a_hostile_cache_never_deletes_a_file_it_did_not_write(cached):
    tmp, tree, out, original = cached
    victim, kept, linked = tmp / "victim.pdf", out / "notes.txt", out / "link.pdf"
    victim.write_text("not ours")
    kept.write_text("ours? no")
    linked.symlink_to(victim)
    data = json.loads(original)
    for output_path in (victim, kept, linked, out / "sub" / ".." / "a.docx"):
        data["letters"]["a"]["outputs"][str(output_path)] = [1, 1, "0" * 64]
    (out / ".saraban-cache.json").write_text(json.dumps(data), encoding="utf-8")
    (tree / "a.yaml").write_text(GOOD.replace("ขอเชิญประชุม", "ขอเชิญประชุมด่วน"), encoding="utf-8")
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(out), cwd=tmp)
    assert result.returncode == 0, output(result)
    assert victim.read_text() == "not ours" and kept.exists() and linked.is_symlink()
    assert re.search(r"warning .*\.saraban-cache\.json is damaged \(.*is not a file a build writes.*\): "
                     r"ignored, every letter is built again", result.stdout), result.stdout
    assert str(victim) not in (out / ".saraban-cache.json").read_text(encoding="utf-8")   # rebuilt clean


@pytest.mark.parametrize("content", ["{not json", '{"format": 3, "files": [], "letters": []}',
                                     '{"format": 3, "files": [], "texts": [], "problems": [], "letters": {"a": {"source": 1}}}',
                                     '{"format": 3, "files": [], "texts": [], "problems": [], "letters": '
                                     '{"a": {"source": "/a", "root": 0, "settings": 0, "deps": [], "outputs": {"../x.pdf": [1, 1, "0"]}}}}',
                                     '{"format": 3, "files": [], "texts": ["/"], "problems": [["", 1]], "letters": '
                                     '{"a": {"source": "/a", "root": 0, "settings": 0, "deps": [7], "outputs": {}}}}'])
def test_a_damaged_cache_is_ignored_with_a_warning(tmp_path, content):
    (tmp_path / ".saraban-cache.json").write_text(content)
    cache = BuildCache.load(tmp_path, "settings")
    assert cache.entries == {} and cache.warning


def test_a_cache_naming_a_fifo_as_an_input_does_not_hang(cached, tmp_path):
    _, tree, out, original = cached
    os.mkfifo(tmp_path / "pipe")
    data = json.loads(original)
    for path in (str(tmp_path / "pipe"), "/dev/zero"):       # the shared table of files read
        data["letters"]["a"]["deps"].append(len(data["files"]))
        data["files"].append([path, "file", "0" * 64])
    (tmp_path / ".saraban-cache.json").write_text(json.dumps(data))
    started = time.monotonic()
    cache = BuildCache.load(tmp_path, data["letters"]["a"]["settings"])
    assert cache.fresh("a", tree / "a.yaml", tree) is None
    assert time.monotonic() - started < 5


# ----------------------------------------------------------------- 7. diff counts every file read

def test_diff_knows_each_letter_reads_its_emblem(tmp_path):
    tree = letters_tree(tmp_path, {"a/x.yaml": with_emblem("../images/garuda.png"), "b/y.yaml": GOOD,
                                   "c/bad.yaml": "kind: external\n"})
    (tree / "images").mkdir()
    shutil.copy(PLACEHOLDER_PNG, tree / "images" / "garuda.png")
    inputs = rv.letter_inputs(tmp_path, tree)
    assert inputs["letters/a/x.yaml"] >= {"letters/a/x.yaml", "letters/agency.yaml", "letters/images/garuda.png"}
    assert "letters/images/garuda.png" not in inputs["letters/b/y.yaml"]
    assert inputs["letters/c/bad.yaml"] is None
    names = set(inputs)
    affected = rv.affected_letters(names, {"letters/images/garuda.png"}, inputs, inputs)
    assert affected == {"letters/a/x.yaml", "letters/c/bad.yaml"}      # bad: shown failing, never unchanged
    assert rv.affected_letters(names, {"letters/README.md"}, inputs, inputs) == {"letters/c/bad.yaml"}
    assert rv.affected_letters(names, {"letters/agency.yaml"}, inputs, inputs) == names


def test_diff_counts_an_agency_template_outside_the_letters_folder_given(tmp_path):
    """An input outside the folder `diff` was given but inside the repository is still an input."""
    shutil.copy(TEMPLATE, tmp_path / "ours.docx")
    tree = letters_tree(tmp_path, {"a.yaml": GOOD}, agency=AGENCY.read_text(encoding="utf-8") + "templates:\n  external: ours.docx\n")
    shutil.move(tmp_path / "ours.docx", tree / "ours.docx")
    inputs = rv.letter_inputs(tmp_path, tree)
    assert "letters/ours.docx" in inputs["letters/a.yaml"]
    assert rv.affected_letters({"letters/a.yaml"}, {"letters/ours.docx"}, inputs, inputs)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed (make test installs it)")
def test_diff_shows_the_letter_whose_emblem_changed(tmp_path):
    """The review's blind spot: an image a letter names changed, and nothing else. The letter naming
    an image inside the tree is changed; the one naming `../assets/garuda.png` is refused and
    listed as failed (it was "unchanged: inputs unchanged"); a letter reading neither is not rendered."""
    repo = tmp_path / "repo"
    tree = letters_tree(repo, {"inside.yaml": with_emblem("images/garuda.png"),
                               "outside.yaml": with_emblem("../assets/garuda.png"), "other.yaml": numbered()})
    for folder in (tree / "images", repo / "assets"):
        folder.mkdir()
        shutil.copy(PLACEHOLDER_PNG, folder / "garuda.png")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    from PIL import Image
    for picture in (tree / "images" / "garuda.png", repo / "assets" / "garuda.png"):
        Image.new("RGB", (200, 300), (200, 0, 0)).save(picture)
    result = run_cli("diff", "--engine", "libreoffice", "--out", "review", cwd=repo)
    review = (repo / "review" / "review.md").read_text(encoding="utf-8")
    assert result.returncode == 1, output(result)          # a letter of the change fails
    assert re.search(r"`letters/inside.yaml`\S* \| changed \| 1 \| 1 \|", review), review
    assert re.search(rf"`letters/outside.yaml` \| failed: .*`../assets/garuda.png` {OUTSIDE}", review), review
    assert "| `letters/other.yaml` | unchanged: inputs unchanged |" in review


# ----------------------------------------------------------------- 8. clean-up

def test_a_build_removes_the_work_folders_of_runs_that_are_gone(cached):
    tmp, tree, out, _ = cached
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = out / ".saraban-gone1234"
    gone.mkdir()
    (gone / "owner").write_text(f"{dead.stdout.strip()} 1 {os.uname().nodename}\n")
    (gone / "big.docx").write_bytes(b"x" * 1000)
    alive = out / ".saraban-alive123"
    alive.mkdir()
    (alive / "owner").write_text(workdir._owner_line())
    legacy = out / ".saraban-legacy12"
    legacy.mkdir()
    os.utime(legacy, (time.time() - 7 * 3600,) * 2)
    cache_tmp = out / "..saraban-cache.json.abcd1234"
    cache_tmp.write_text("{")
    os.utime(cache_tmp, (time.time() - 7 * 3600,) * 2)
    result = run_cli("build", str(tree), "--no-pdf", "--force", "--out", str(out), cwd=tmp)
    assert result.returncode == 0, output(result)
    assert not gone.exists() and not legacy.exists() and not cache_tmp.exists()
    assert alive.exists()                         # this test's own process still runs
    shutil.rmtree(alive)
    assert [p.name for p in out.iterdir() if p.name.startswith(".saraban-") and p.is_dir()] == []


def test_sigterm_removes_the_work_folder(tmp_path):
    tree = letters_tree(tmp_path, {f"l{n:03d}.yaml": numbered() for n in range(150)})
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(tree), "--no-pdf", "--out", str(out)],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + NO_HANG_SECONDS
    while not list(out.glob(".saraban-*/owner")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=NO_HANG_SECONDS)
    assert process.returncode == 130, stderr           # stopped mid-build, not finished first
    assert b"Traceback" not in stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".saraban-") and p.is_dir()]


def test_saraban_issue_removes_the_tmp_files_of_killed_runs(tmp_path):
    tree = letters_tree(tmp_path, {"a0075.yaml": GOOD.replace("number: 12", "number: auto")})
    leftover = tree / ".a0075.yaml.k3j_x9ab.tmp"
    leftover.write_text("half a letter")
    mine = tree / "notes.tmp"
    mine.write_text("a clerk's own file")
    result = run_cli("issue", str(tree), cwd=tmp_path)
    assert result.returncode == 0, output(result)
    assert not leftover.exists() and mine.exists()
    assert "number: 1" in (tree / "a0075.yaml").read_text(encoding="utf-8")


def test_a_full_disk_fails_the_letter_clearly_and_the_report_is_still_printed(tmp_path, monkeypatch, capsys):
    """ENOSPC at the write boundary (render) for the second letter, and when the cache is saved."""
    from generator.build import cache as cache_module
    from generator.render import docx as docx_module

    tree = letters_tree(tmp_path, {"a.yaml": numbered(), "b.yaml": numbered(), "c.yaml": numbered()})
    real, calls = docx_module.write_package, []

    def full_at_second(target, entries):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, entries)

    def no_space(self):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(docx_module, "write_package", full_at_second)
    monkeypatch.setattr(cache_module.BuildCache, "save", no_space)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["build", str(tree), "--no-pdf", "--out", str(tmp_path / "out")])
    printed = capsys.readouterr()
    assert code == 1, printed
    assert printed.out.count("✓ built") == 2 and printed.out.count("✗ failed") == 1
    assert "cannot write to" in printed.out and "the disk is full (No space left on device)" in printed.out
    assert "the build cache was not saved" in printed.out and "3 letters: 2 built" in printed.out
    assert "Traceback" not in printed.out + printed.err
    assert len(files_under(tmp_path / "out")) == 2
    assert not list((tmp_path / "out").glob(".saraban-*/"))


def test_a_read_only_output_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    """(As root, chmod does not stop a write: the error is raised where the work folder is made.)"""
    tree = letters_tree(tmp_path, {"a.yaml": GOOD})

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(workdir.tempfile, "mkdtemp", read_only)
    code = cli.main(["build", str(tree), "--no-pdf", "--out", str(tmp_path / "out")])
    printed = capsys.readouterr()
    assert code == 3
    assert "the output folder is read-only or not yours to write (Read-only file system)" in " ".join(printed.err.split())
    assert "Traceback" not in printed.out + printed.err


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 kB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root): the monkeypatched test covers ENOSPC")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_real_full_disk(tmp_path, tiny_disk):
    tree = letters_tree(tmp_path, {f"l{n:02d}.yaml": numbered() for n in range(12)})
    (tiny_disk / "filler").write_bytes(b"\0" * (160 << 10))
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(tiny_disk / "out"), cwd=tmp_path)
    assert result.returncode in (1, 3), output(result)
    assert "Traceback" not in output(result)
    assert "the disk is full" in output(result)
    if result.returncode == 1:                      # the report: every letter, built or failed
        assert result.stdout.count("✓ built") + result.stdout.count("✗ failed") == 12
    assert not list((tiny_disk / "out").glob(".saraban-*/"))
    assert not [p for p in (tiny_disk / "out").rglob("*.docx") if zipfile.is_zipfile(p) is False]


def test_a_real_read_only_output_folder(tmp_path, tiny_disk):
    tree = letters_tree(tmp_path, {"a.yaml": numbered()})
    (tiny_disk / "out").mkdir()
    if subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], capture_output=True).returncode:
        pytest.skip("cannot remount the tmpfs read-only here")
    result = run_cli("build", str(tree), "--no-pdf", "--out", str(tiny_disk / "out"), cwd=tmp_path)
    assert result.returncode == 3, output(result)
    assert "the output folder is read-only or not yours to write (Read-only file system)" in " ".join(result.stderr.split())
    assert "Traceback" not in output(result)


def test_a_conversion_failing_on_a_full_disk_says_the_disk_is_full(tmp_path, monkeypatch):
    """LibreOffice only says its store failed (an IOException); with the disk full, the letter's
    error is the disk's (measured on a 1 MB tmpfs: every PDF store failed so)."""
    from generator.build import pipeline
    from generator.build.results import LetterResult
    from generator.errors import EngineError

    result = LetterResult(tmp_path / "a.yaml", Path("a"))
    monkeypatch.setattr(workdir, "disk_full", lambda folder: True)
    pipeline._conversion_failed(result, EngineError("SfxBaseModel::impl_store failed"), tmp_path)
    monkeypatch.setattr(workdir, "disk_full", lambda folder: False)
    pipeline._conversion_failed(result, EngineError("SfxBaseModel::impl_store failed"), tmp_path)
    first, second = (p.message for p in result.problems)
    assert "the disk is full" in first and second == "PDF conversion failed: SfxBaseModel::impl_store failed"


def test_an_interruption_lost_in_a_finaliser_still_stops_the_build(tmp_path, monkeypatch):
    """CPython drops an exception a signal raises while a finaliser runs; the build stops at the
    next letter all the same (a fresh machine once ran a build to its end after Ctrl+C)."""
    from generator.build import pipeline

    tree = letters_tree(tmp_path, {f"l{n:02d}.yaml": numbered() for n in range(6)})
    read: list[str] = []
    real = pipeline.prepare_each.__globals__["prepare_one"]

    def lost_on_the_second(file, root, work):
        read.append(file.name)
        if len(read) == 2:
            with contextlib.suppress(KeyboardInterrupt):     # as a finaliser would swallow it
                workdir._raise(signal.SIGINT, None)
        return real(file, root, work)

    monkeypatch.setitem(pipeline.prepare_each.__globals__, "prepare_one", lost_on_the_second)
    with workdir.raise_on_signals(), pytest.raises(KeyboardInterrupt):
        pipeline.build([tree], tmp_path / "out", pdf=False)
    assert read == ["l00.yaml", "l01.yaml"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".saraban-") and p.is_dir()]


def test_an_interruption_in_a_finaliser_prints_no_traceback():
    """The signal lands while a finaliser runs: CPython would print "Exception ignored in … Traceback";
    it says nothing, and the interruption is raised at the next letter."""
    script = (
        "import signal\n"
        "from generator.build import workdir\n"
        "class Finalised:\n"
        "    def __del__(self):\n"
        "        workdir._raise(signal.SIGTERM, None)\n"
        "with workdir.raise_on_signals():\n"
        "    Finalised()\n"
        "    try:\n"
        "        workdir.stop_if_interrupted()\n"
        "    except workdir.Interrupted:\n"
        "        print('stopped')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.stdout == "stopped\n" and result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr
