"""The warm LibreOffice engine: same PDFs as the one-shot engine, crashes and hangs survived,
and no LibreOffice left running afterwards, whatever happens to the build."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf
import pytest

from generator.build.pipeline import build
from generator.pdf.engines import choose_engine
from generator.pdf.engines.warm import WarmLibreOfficeEngine
from tests.conftest import CM, LETTERS, make_tree, needs_soffice, pdf_lines
from tests.helpers_input import REPO

pytestmark = [needs_soffice, pytest.mark.skipif(not WarmLibreOfficeEngine.available(),
                                                reason="no Python with LibreOffice's UNO bindings (python3-uno)")]

EXAMPLES = ("2567/budget-request", "2567/e-laas-circular", "2568/thanks-draft")
DRAFT_WORD = "ร่าง"


def soffices(marker: str, program: str = "") -> list[int]:
    """Processes of the engine (workers, LibreOffice) whose command line mentions ``marker``
    (our temporary folder), and ``program`` if given."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in command and program in command and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found


@pytest.fixture
def lo_tmp(tmp_path, monkeypatch) -> Path:
    """Workers' profiles go below this folder, so the test can find (and kill) them."""
    folder = tmp_path / "lo"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def layout(pdf: Path, draft_mark: bool = True) -> list[tuple]:
    return [(l.page, l.text, round(l.x0, 1), round(l.baseline, 1), l.font, l.size) for l in pdf_lines(pdf)
            if draft_mark or l.text != DRAFT_WORD]


def assert_all_correct(out: Path, built, relatives, draft_mark: bool = True) -> None:
    """Every PDF is there and laid out exactly as in the session's normal build (the draft mark
    too, unless not ``draft_mark``)."""
    for relative in relatives:
        name = relative.split("/", 1)[1] if relative.count("/") > 1 else relative
        assert layout(out / f"{relative}.pdf", draft_mark) == layout(built.pdf(name), draft_mark), relative


def mark_direction(pdf: Path) -> tuple[float, float]:
    with pymupdf.open(str(pdf)) as doc:
        return next(tuple(round(v, 2) for v in line["dir"]) for block in doc[0].get_text("dict")["blocks"]
                    for line in block.get("lines", []) if line["spans"][0]["text"] == DRAFT_WORD)


def test_libreoffice_is_the_warm_engine():
    assert isinstance(choose_engine("libreoffice"), WarmLibreOfficeEngine)
    assert not isinstance(choose_engine("libreoffice-oneshot"), WarmLibreOfficeEngine)


def test_same_pdfs_as_the_one_shot_engine(built, tmp_path):
    """But for the draft mark's angle: the one-shot engine cannot reach into the document, and
    LibreOffice 7.4 keeps the text of Word's turned text box level; the warm engine turns it."""
    out = tmp_path / "out"
    summary = build([make_tree(tmp_path)], out, engine="libreoffice-oneshot")
    assert summary.ok
    assert_all_correct(out, built, EXAMPLES, draft_mark=False)
    assert mark_direction(out / "2568/thanks-draft.pdf") == (1.0, 0.0)
    assert mark_direction(built.pdf("2568/thanks-draft")) == (0.58, -0.82)          # 54.7° up, the page diagonal


def test_thai_and_arabic_numerals_alternate_in_one_worker(tmp_path):
    tree = make_tree(tmp_path)
    text = (LETTERS / "2567" / "budget-request.yaml").read_text("utf-8")
    for name in ("b-arabic", "d-arabic"):                # each in its own folder and series
        (tree / name).mkdir()
        (tree / name / "agency.yaml").write_text(f"code: พบ ๐๐๒๓.{name}\n", "utf-8")
        (tree / name / f"{name}.yaml").write_text(text + "\ndigits: arabic\n", "utf-8")
    (tree / "c-thai").mkdir()
    (tree / "c-thai" / "agency.yaml").write_text("code: พบ ๐๐๒๓.c\n", "utf-8")
    (tree / "c-thai" / "c-thai.yaml").write_text(text, "utf-8")
    out = tmp_path / "out"
    assert build([tree], out, engine=WarmLibreOfficeEngine(workers=1)).ok
    for name in ("budget-request", "b-arabic", "c-thai", "d-arabic"):
        pdf = out / ("2567" if name == "budget-request" else name) / f"{name}.pdf"
        assert any("3105" in l.text for l in pdf_lines(pdf)) == ("arabic" in name)
        typed = "2" if "arabic" in name else "๒"   # the page number is drawn as the letter's digits
        with pymupdf.open(str(pdf)) as doc:
            chars = [(span["font"], char[1], chr(char[0]), char[2][1])
                     for span in doc[1].get_texttrace() for char in span["chars"]]
        number = [(font, glyph) for font, glyph, char, y in chars if char in "2๒" and y < 3.5 * CM]
        same_digit = [(font, glyph) for font, glyph, char, y in chars if char == typed and y > 3.5 * CM]
        assert len(number) == 1 and same_digit, name
        assert number[0] == same_digit[0], name


def examples_tree(tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of every example letter, and their names (the session's build has each of them)."""
    tree = make_tree(tmp_path)
    names = sorted(f.relative_to(tree).with_suffix("").as_posix() for f in tree.rglob("*.yaml")
                   if f.name != "agency.yaml")
    return tree, names


def test_a_killed_libreoffice_is_restarted_and_its_letter_retried(built, tmp_path, lo_tmp):
    tree, relatives = examples_tree(tmp_path)
    killed: list[int] = []

    def progress(done, total):
        if done == 2 and not killed:            # mid-build: kill every LibreOffice of the pool
            killed.extend(soffices(str(lo_tmp), "soffice.bin"))
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    out = tmp_path / "out"
    summary = build([tree], out, engine=WarmLibreOfficeEngine(workers=2), progress=progress)
    assert killed
    assert summary.ok, [p for r in summary.results for p in r.problems if p.severity == "error"]
    assert_all_correct(out, built, relatives)
    assert soffices(str(lo_tmp)) == []


def test_a_hung_libreoffice_is_stopped_and_its_letter_retried(built, tmp_path, lo_tmp):
    tree, relatives = examples_tree(tmp_path)
    frozen: list[int] = []

    def progress(done, total):
        if done == 1 and not frozen:
            frozen.extend(soffices(str(lo_tmp), "soffice.bin"))
            for pid in frozen:
                os.kill(pid, signal.SIGSTOP)

    out = tmp_path / "out"
    summary = build([tree], out, engine=WarmLibreOfficeEngine(workers=1, timeout=4), progress=progress)
    assert frozen and summary.ok
    assert_all_correct(out, built, relatives)
    assert soffices(str(lo_tmp)) == []


# (the crash and hang tests above also check nothing is left after a build that went well)

@pytest.mark.parametrize("interruption", [RuntimeError])     # Ctrl-C: the command's test below
def test_no_libreoffice_left_after_an_exception(tmp_path, lo_tmp, interruption):
    tree, _ = examples_tree(tmp_path)
    seen: list[int] = []

    def progress(done, total):
        seen.extend(soffices(str(lo_tmp)))
        raise interruption("stop")

    with pytest.raises(interruption):
        build([tree], tmp_path / "out", engine="libreoffice", progress=progress)
    assert seen and soffices(str(lo_tmp)) == []


def test_ctrl_c_on_the_command_stops_libreoffice(tmp_path):
    tree, _ = examples_tree(tmp_path)
    draft = (tree / "2568" / "thanks-draft.yaml").read_text("utf-8")     # no number: copies may share it
    for index in range(120):                        # long enough a build that Ctrl-C lands inside it
        (tree / "many" / f"draft-{index}.yaml").parent.mkdir(exist_ok=True)
        (tree / "many" / f"draft-{index}.yaml").write_text(draft, "utf-8")
    lo = tmp_path / "lo"
    lo.mkdir()
    env = dict(os.environ, TMPDIR=str(lo), PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--out", str(tmp_path / "out"), str(tree)],
                               cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not soffices(str(lo), "soffice.bin") and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert soffices(str(lo)), "LibreOffice never started"
    assert process.poll() is None, "the build ended before LibreOffice was seen: make it longer"
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        # Once on a fresh machine one Ctrl-C was not taken (the build ran to its end): CPython drops
        # a KeyboardInterrupt raised while a finaliser runs. A clerk presses Ctrl-C again.
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode(errors="replace")[-2000:]
    assert soffices(str(lo)) == []
