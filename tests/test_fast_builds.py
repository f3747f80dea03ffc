"""Fast builds: the cache (each kind of dependency), progress output, the cache file."""
from __future__ import annotations

import io
import json
import shutil
import zipfile
import zlib
from pathlib import Path

import pymupdf
import pytest
from rich.console import Console

from generator.build import cache as build_cache
from generator.build import console as ui
from generator.build.cache import CACHE_NAME
from generator.build.pipeline import build
from generator.deps import state
from generator.pdf.engines.libreoffice import LibreOfficeEngine
from generator.render import docx as render
from tests.conftest import LETTERS, make_tree
from tests.helpers_input import PLACEHOLDER_PNG, output, run_cli

LETTER = "2567/budget-request"


class DocxEchoEngine:
    """A PDF engine that draws a bar as long as a hash of the DOCX's text (no text: the font
    check stays quiet): the PDF changes exactly when the DOCX does. ``extra`` files are its own dependencies (like LibreOffice's)."""

    name = "echo"

    def __init__(self, extra: list[Path] | None = None):
        self.extra = extra or []
        self.converted: list[str] = []

    def dependencies(self):
        return {str(p.resolve()): state(p.resolve()) for p in self.extra}

    def convert(self, docx_files):
        pdfs = []
        for docx in docx_files:
            self.converted.append(docx.stem)
            with zipfile.ZipFile(docx) as z:
                text = z.read("word/document.xml").decode()
            pdf = docx.with_suffix(".pdf")
            with pymupdf.open() as doc:
                doc.new_page().draw_rect(pymupdf.Rect(72, 72, 80 + zlib.crc32(text.encode()) % 400, 80))
                doc.save(str(pdf))
            pdfs.append(pdf)
        return pdfs


EXTERNALS = {"2567/budget-request", "2567/e-laas-circular", "2568/thanks-draft"}


@pytest.fixture
def tree(tmp_path):
    """The examples' external letters: three letters, two folders, enough for every dependency."""
    folder = make_tree(tmp_path)
    for file in folder.rglob("*.yaml"):
        name = file.relative_to(folder).with_suffix("").as_posix()
        if file.name != "agency.yaml" and name not in EXTERNALS:
            file.unlink()
    return folder


def statuses(summary) -> dict[str, str]:
    return {r.relative.as_posix(): r.status for r in summary.results}


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != CACHE_NAME}


def build_twice(tree: Path, out: Path, change, engine=None) -> tuple[dict, dict, dict, dict]:
    """Build, apply ``change``, build again: statuses and output snapshots of both."""
    engine = engine or DocxEchoEngine()
    first = build([tree], out, engine=engine)
    assert first.ok and set(statuses(first).values()) == {"built"}
    before = snapshot(out)
    change()
    second = build([tree], out, engine=engine)
    return statuses(first), before, statuses(second), snapshot(out)


def test_nothing_changed_nothing_rebuilt(tree, tmp_path):
    out = tmp_path / "out"
    _, before, after, files = build_twice(tree, out, lambda: None)
    assert set(after.values()) == {"unchanged"}
    assert files == before                               # same bytes, same times


def test_letter_yaml(tree, tmp_path):
    out = tmp_path / "out"
    file = tree / f"{LETTER}.yaml"
    edit = lambda: file.write_text(file.read_text("utf-8").replace("ขอรับการสนับสนุน", "ขอรับการอุดหนุน"), "utf-8")
    _, before, after, files = build_twice(tree, out, edit)
    assert after[LETTER] == "built"
    assert {k for k, v in after.items() if v == "built"} == {LETTER}
    for suffix in (".docx", ".pdf"):
        assert files[LETTER + suffix][0] != before[LETTER + suffix][0]
    assert files["2568/thanks-draft.pdf"] == before["2568/thanks-draft.pdf"]


def test_profile_above_the_letter(tree, tmp_path):
    out = tmp_path / "out"
    profile = tree / "agency.yaml"
    edit = lambda: profile.write_text(profile.read_text("utf-8").replace("ถนนสายสุทธิ", "ถนนเพชรเกษม"), "utf-8")
    _, before, after, files = build_twice(tree, out, edit)
    assert set(after.values()) == {"built"}, after
    assert files[LETTER + ".docx"][0] != before[LETTER + ".docx"][0]


def test_a_new_profile_between_root_and_letter(tree, tmp_path):
    out = tmp_path / "out"
    edit = lambda: (tree / "2568" / "agency.yaml").write_text("code: ทดสอบ ๐๐๑\n", "utf-8")
    _, before, after, files = build_twice(tree, out, edit)
    assert after == {LETTER: "unchanged", "2567/e-laas-circular": "unchanged", "2568/thanks-draft": "built"}
    assert files["2568/thanks-draft.docx"][0] != before["2568/thanks-draft.docx"][0]


def test_template(tree, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    shutil.copytree(render.templates_dir(), templates)
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    out = tmp_path / "out"

    def edit():
        docx = templates / "external.docx"
        with zipfile.ZipFile(docx) as z:
            entries = {i.filename: z.read(i) for i in z.infolist()}
        entries["word/document.xml"] = entries["word/document.xml"].replace("เรื่อง".encode(), "เรื่อง ".encode(), 1)
        with zipfile.ZipFile(docx, "w") as z:
            for name, data in entries.items():
                z.writestr(name, data)

    _, before, after, files = build_twice(tree, out, edit)
    assert set(after.values()) == {"built"}
    assert files[LETTER + ".docx"][0] != before[LETTER + ".docx"][0]


def test_emblem_image(tree, tmp_path):
    out = tmp_path / "out"
    emblem = tree / "emblem.png"
    emblem.write_bytes(PLACEHOLDER_PNG.read_bytes())
    profile = tree / "agency.yaml"
    profile.write_text(profile.read_text("utf-8") + "\nemblem: emblem.png\n", "utf-8")
    other = LETTERS.parent / "docs" / "seed-letter-1.png"
    _, before, after, files = build_twice(tree, out, lambda: emblem.write_bytes(other.read_bytes()))
    assert set(after.values()) == {"built"}
    assert files[LETTER + ".docx"][0] != before[LETTER + ".docx"][0]


def test_fonts_folder(tree, tmp_path):
    out = tmp_path / "out"

    def add_fonts():
        (tree / "2567" / "fonts").mkdir()
        (tree / "2567" / "fonts" / "THSarabun.ttf").write_bytes(b"not really a font")

    _, _, after, _ = build_twice(tree, out, add_fonts)
    assert after == {LETTER: "built", "2567/e-laas-circular": "built", "2568/thanks-draft": "unchanged"}


def test_engine_dependencies(tree, tmp_path):
    program = tmp_path / "program-version"
    program.write_text("7.4\n")
    engine = DocxEchoEngine([program])
    _, _, after, _ = build_twice(tree, tmp_path / "out", lambda: program.write_text("7.5\n"), engine)
    assert set(after.values()) == {"built"}


def test_libreoffice_depends_on_its_program_and_the_substitute_sources():
    found = LibreOfficeEngine().dependencies()
    assert any(Path(p).name == "versionrc" for p in found)
    assert any(Path(p).name.startswith("Laksaman") for p in found)


def test_generator_code(tree, tmp_path, monkeypatch):
    package = tmp_path / "generator-copy"
    shutil.copytree(build_cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "PACKAGE", package)
    build_cache.generator_fingerprint.cache_clear()
    try:
        first = build_cache.generator_fingerprint()

        def edit_code():
            (package / "render" / "docx.py").write_text((package / "render" / "docx.py").read_text() + "\n# changed\n")
            build_cache.generator_fingerprint.cache_clear()

        _, _, after, _ = build_twice(tree, tmp_path / "out", edit_code)
        assert build_cache.generator_fingerprint() != first
        assert set(after.values()) == {"built"}
    finally:
        build_cache.generator_fingerprint.cache_clear()


@pytest.mark.parametrize("damage", ["delete", "edit"])
def test_a_deleted_or_edited_output_is_rebuilt(tree, tmp_path, damage):
    out = tmp_path / "out"
    pdf = out / f"{LETTER}.pdf"

    def change():
        if damage == "delete":
            pdf.unlink()
        else:
            pdf.write_bytes(pdf.read_bytes().replace(b"%PDF", b"%pdf", 1))

    _, before, after, files = build_twice(tree, out, change)
    assert after[LETTER] == "built" and after["2568/thanks-draft"] == "unchanged"
    assert files[LETTER + ".pdf"][0].startswith(b"%PDF")
    assert files["2568/thanks-draft.pdf"] == before["2568/thanks-draft.pdf"]


def test_force_rebuilds_everything(tree, tmp_path):
    out = tmp_path / "out"
    engine = DocxEchoEngine()
    build([tree], out, engine=engine)
    again = build([tree], out, engine=engine, force=True)
    assert set(statuses(again).values()) == {"built"}
    assert len(engine.converted) == 6


def test_docx_only_build_keeps_fresh_pdfs_and_drops_stale_ones(tree, tmp_path):
    out = tmp_path / "out"
    engine = DocxEchoEngine()
    build([tree], out, engine=engine)
    assert set(statuses(build([tree], out, pdf=False, engine=engine)).values()) == {"unchanged"}
    file = tree / f"{LETTER}.yaml"
    file.write_text(file.read_text("utf-8").replace("ขอรับการสนับสนุน", "ขอรับการอุดหนุน"), "utf-8")
    summary = build([tree], out, pdf=False, engine=engine)
    assert statuses(summary)[LETTER] == "built"
    assert not (out / f"{LETTER}.pdf").exists()           # it would no longer match the DOCX
    assert (out / "2568/thanks-draft.pdf").exists()
    assert statuses(build([tree], out, engine=engine))[LETTER] == "built"


def test_warnings_are_shown_again_for_unchanged_letters(tree, tmp_path):
    out = tmp_path / "out"
    engine = DocxEchoEngine()
    first = build([tree], out, engine=engine)
    second = build([tree], out, engine=engine)
    assert [r.problems for r in second.results] == [r.problems for r in first.results]
    assert all(r.warnings for r in second.results)        # the emblem placeholder, every time


def test_checks_across_letters_still_see_every_letter(tree, tmp_path, monkeypatch):
    """An unchanged letter is not read again, but a check comparing letters (duplicate numbers,
    say) must still see it next to the edited one: through the facts the cache kept."""
    import types

    import generator.build.pipeline as pipeline

    seen: list[list[tuple[str, str]]] = []
    read: list[str] = []
    check = types.SimpleNamespace(
        __name__="generator.checks.subjects", letter_facts=lambda resolved: read.append(resolved.file.stem) or {"subject": resolved.file.stem},
        check_facts=lambda letters: seen.append(sorted((f.file.stem, f.facts["subject"]) for f in letters)) or [])
    monkeypatch.setattr(pipeline, "all_check_modules", lambda: [check])
    monkeypatch.setattr("generator.checks.all_check_modules", lambda: [check])
    out = tmp_path / "out"
    file = tree / f"{LETTER}.yaml"
    edit = lambda: file.write_text(file.read_text("utf-8").replace("ขอรับการสนับสนุน", "ขอรับการอุดหนุน"), "utf-8")
    _, _, after, _ = build_twice(tree, out, edit)
    assert after == {LETTER: "built", "2567/e-laas-circular": "unchanged", "2568/thanks-draft": "unchanged"}
    assert seen[-1] == [("budget-request", "budget-request"), ("e-laas-circular", "e-laas-circular"),
                        ("thanks-draft", "thanks-draft")]
    assert read[-1] == "budget-request" and len(read) == 4          # three the first time, one after


def test_cache_file_is_json_leaves_no_temporary_and_a_broken_one_rebuilds_all(tree, tmp_path):
    out = tmp_path / "out"
    build([tree], out, engine=DocxEchoEngine())
    data = json.loads((out / CACHE_NAME).read_text("utf-8"))
    entry = data["letters"][LETTER]
    read = {path: (kind, digest) for path, kind, digest, *_ in (data["files"][i] for i in entry["deps"])}
    assert str((tree / f"{LETTER}.yaml").resolve()) in read
    assert str((tree / "agency.yaml").resolve()) in read
    assert read[str((tree / "2567" / "agency.yaml").resolve())] == ("absent", "")
    assert any(p.endswith("external.docx") for p in read)
    assert not [p for p in out.iterdir() if p.name.startswith(f".{CACHE_NAME}.")]   # no temporary left
    (out / CACHE_NAME).write_text("{not json", "utf-8")                              # a broken cache
    assert set(statuses(build([tree], out, engine=DocxEchoEngine())).values()) == {"built"}


class PowerCut(BaseException):
    """The process dies in the middle of a write (as KeyboardInterrupt or a kill would)."""


def test_an_interrupted_cache_write_leaves_the_old_file_whole(tree, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([tree], out, engine=DocxEchoEngine())
    before = (out / CACHE_NAME).read_bytes()
    cache = build_cache.BuildCache.load(out, "any")
    cache.forget(LETTER)                                    # a change the next write would record
    real_fdopen = build_cache.os.fdopen

    class HalfWritten:
        """The file handle of save(): writes half of the text, then the power goes."""

        def __init__(self, fd, *args, **kwargs):
            self.handle = real_fdopen(fd, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise PowerCut

    monkeypatch.setattr(build_cache.os, "fdopen", HalfWritten)
    monkeypatch.setattr(build_cache, "JOURNAL_SHARE", 10**9)        # the whole index is written, not a line
    with pytest.raises(PowerCut):
        cache.save()
    monkeypatch.undo()
    assert (out / CACHE_NAME).read_bytes() == before                                 # the old file, whole
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [CACHE_NAME]   # no partial file
    assert set(statuses(build([tree], out, engine=DocxEchoEngine())).values()) == {"unchanged"}


def test_no_op_build_through_the_command(tree, tmp_path):
    first = run_cli("build", "--no-pdf", "--out", "out", "letters", cwd=tmp_path)
    assert first.returncode == 0, output(first)
    second = run_cli("build", "--no-pdf", "--verbose", "--out", "out", "letters", cwd=tmp_path)   # every letter
    assert second.returncode == 0, output(second)
    assert "3 letters: 0 built, 3 unchanged, 0 failed" in second.stdout
    assert "✓ unchanged letters/2567/budget-request.yaml → out/2567/budget-request.docx" in second.stdout
    forced = run_cli("build", "--no-pdf", "--force", "--out", "out", "letters", cwd=tmp_path)
    assert "3 letters: 3 built, 0 failed" in forced.stdout
    assert tree.exists()


# ----------------------------------------------------------------- progress

def test_progress_is_plain_lines_without_a_terminal():
    stream = io.StringIO()
    out = Console(file=stream, force_terminal=False, width=100)
    with ui.progress(out, plain_every=0) as progress:
        for done in range(1, 4):
            progress(done, 3)
    assert stream.getvalue().splitlines() == [
        "building: 1/3 letters (33%)", "building: 2/3 letters (66%)", "building: 3/3 letters (100%)"]


def test_progress_is_a_bar_on_a_terminal():
    stream = io.StringIO()
    out = Console(file=stream, force_terminal=True, width=100)
    with ui.progress(out) as progress:
        progress(1, 2)
        progress(2, 2)
    assert "\x1b[" in stream.getvalue()                    # drawn with terminal codes, then cleared


def test_command_output_has_no_terminal_codes_in_ci(tmp_path):
    make_tree(tmp_path)
    result = run_cli("build", "--no-pdf", "--out", "out", "letters", cwd=tmp_path)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout and "━" not in result.stdout
