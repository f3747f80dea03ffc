"""`saraban preview`: renders one letter, shows its PDF, renders again when the letter or its profile is saved."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pymupdf

from generator.review.preview import preview, snapshot, watched_files
from tests.conftest import needs_soffice
from tests.helpers_input import GOOD, letters_tree, output, run_cli


def text_of(pdf: Path) -> str:
    with pymupdf.open(str(pdf)) as doc:
        return "".join(page.get_text() for page in doc)


def test_the_watched_files_are_the_letter_and_its_profiles(tmp_path):
    letters = letters_tree(tmp_path, {"unit/a.yaml": GOOD, "unit/agency.yaml": "code: พบ ๐๐๒๓.๑๑\n"})
    assert watched_files(letters / "unit" / "a.yaml") == [
        letters / "unit" / "a.yaml", letters / "agency.yaml", letters / "unit" / "agency.yaml"]
    before = snapshot(watched_files(letters / "unit" / "a.yaml"))
    os.utime(letters / "agency.yaml", ns=(1, 1))
    assert snapshot(watched_files(letters / "unit" / "a.yaml")) != before


@needs_soffice
def test_preview_shows_the_pdf_and_renders_again_when_the_profile_is_saved(tmp_path):
    letters = letters_tree(tmp_path, {"a.yaml": GOOD})
    shown: list[Path] = []

    def show(pdf: Path) -> None:
        shown.append(pdf)
        assert "ขอเชิญประชุม" in text_of(pdf)
        profile = letters / "agency.yaml"           # the clerk saves the profile while the PDF is open
        profile.write_text(profile.read_text(encoding="utf-8").replace("อำเภอบ้านลาด", "อำเภอบ้านแหลม"),
                           encoding="utf-8")

    ok = preview(letters / "a.yaml", tmp_path / "out", engine="libreoffice", show=show,
                 interval=0.05, timeout=60, renders=1)
    assert ok and shown == [tmp_path / "out" / "a.pdf"]
    assert "บ้านแหลม" in text_of(tmp_path / "out" / "a.pdf")


@needs_soffice
def test_preview_command_watches_the_letter_until_its_render_limit(tmp_path):
    letters = letters_tree(tmp_path, {"a.yaml": GOOD})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "generator", "preview", "letters/a.yaml", "--no-open",
                                "--engine", "libreoffice", "--renders", "1", "--timeout", "90"],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pdf = tmp_path / "out" / "a.pdf"
    try:
        for _ in range(600):                        # the first render (bounded wait, not a timing test)
            if pdf.exists() or process.poll() is not None:
                break
            time.sleep(0.1)
        assert pdf.exists()
        (letters / "a.yaml").write_text(GOOD.replace("ขอเชิญประชุม", "ขอเชิญสัมมนา"), encoding="utf-8")
        stdout, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stdout + stderr
    assert stdout.count("✓ built") == 2
    assert "ขอเชิญสัมมนา" in text_of(pdf)


def test_preview_once_of_a_bad_letter_fails_clearly(tmp_path):
    letters_tree(tmp_path, {"bad.yaml": GOOD.replace("subject", "subjet")})
    result = run_cli("preview", "letters/bad.yaml", "--once", "--no-open", cwd=tmp_path)
    assert result.returncode == 1
    assert "subjet: is not a known key" in result.stdout and "Traceback" not in output(result)
    assert not (tmp_path / "out" / "bad.pdf").exists()


@needs_soffice
def test_preview_keeps_one_libreoffice_running_between_renders(tmp_path, monkeypatch):
    """A save costs the letter's rendering and conversion, not LibreOffice's start: one session
    serves every render, and a new one starts only when the letter's fonts/ folders or the fonts
    in them change."""
    import generator.review.preview as module

    started: list[list[Path]] = []
    real = module.start_session

    def counting(engine, folders, letters, running):
        started.append(folders)
        return real(engine, folders, letters, running)

    monkeypatch.setattr(module, "start_session", counting)
    letters = letters_tree(tmp_path, {"a.yaml": GOOD})
    from generator.pdf.fonts import find_laksaman

    font = next(iter(find_laksaman().values()))
    saves = [lambda: (letters / "a.yaml").write_text(GOOD.replace("ขอเชิญประชุม", "ขอเชิญสัมมนา"), "utf-8"),
             lambda: ((letters / "fonts").mkdir(),
                      (letters / "a.yaml").write_text(GOOD.replace("ขอเชิญประชุม", "ขอเชิญอบรม"), "utf-8")),
             lambda: ((letters / "fonts" / font.name).write_bytes(font.read_bytes()),   # a font added there
                      (letters / "a.yaml").write_text(GOOD.replace("ขอเชิญประชุม", "ขอเชิญสัมมนา"), "utf-8")),
             lambda: None]
    built: list[str] = []

    def report(result) -> None:
        built.append(result.status)
        saves[len(built) - 1]()

    ok = preview(letters / "a.yaml", tmp_path / "out", engine="libreoffice", show=None, report=report,
                 interval=0.05, timeout=120, renders=3)
    assert ok and built == ["built", "built", "built", "built"]
    fonts = letters.resolve() / "fonts"
    assert started == [[], [fonts], [fonts]]          # a running LibreOffice keeps the fonts it started with
    assert "ขอเชิญสัมมนา" in text_of(tmp_path / "out" / "a.pdf")
