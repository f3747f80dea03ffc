"""`saraban diff` on a temporary git repository: a base commit, then a change with a body edit, an
added letter, a removed letter, an agency.yaml change under two letters and a comment-only edit.
Checks the summary and that each difference image marks the changed line and nothing else."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from generator.build.pipeline import build
from generator.review import diff as rv
from generator.text.wordbreak import cluster_words, words
from tests.conftest import find, needs_soffice, pdf_lines
from tests.helpers_input import AGENCY, REPO, output, run_cli

TOLERANCE_PT = 3.0


def letter(subject: str, time: str = "09.30") -> str:
    return (f"kind: external\ndate: 2024-09-02\nsubject: {subject}\n"
            f"to: นายกเทศมนตรีตำบลบ้านลาด\nbody: |\n"
            f"  อำเภอบ้านลาดขอเชิญท่านเข้าร่วมประชุม ในวันที่ 5 มีนาคม 2568 เวลา {time} น.\n\n"
            f"  จึงเรียนมาเพื่อโปรดทราบ\nsigner: deputy\n")


SUB_PROFILE = "contact:\n  unit: กองช่าง\n  phone: ๐ ๓๒๕๔ {n}\n  fax: ๐ ๓๒๕๔ {n}\n"
BASE = {
    "letters/agency.yaml": AGENCY.read_text(encoding="utf-8"),
    "letters/a/edit.yaml": letter("ขอเชิญประชุม"),
    "letters/a/same.yaml": letter("เรื่องที่ไม่เปลี่ยน"),
    "letters/a/gone.yaml": letter("เรื่องที่ถูกลบ"),
    "letters/b/agency.yaml": SUB_PROFILE.format(n="๗๒๐๒"),
    "letters/b/one.yaml": letter("หนังสือฉบับที่หนึ่ง"),
    "letters/b/two.yaml": letter("หนังสือฉบับที่สอง"),
    "letters/c/comment.yaml": letter("หมายเหตุ"),
    "README.md": "a letters repository\n",
}
CHANGE = {
    "letters/a/edit.yaml": letter("ขอเชิญประชุม", time="13.30"),
    "letters/a/new.yaml": letter("หนังสือฉบับใหม่"),
    "letters/b/agency.yaml": SUB_PROFILE.format(n="๗๙๙๙"),
    "letters/c/comment.yaml": "# only a comment\n" + letter("หมายเหตุ"),
    "README.md": "a letters repository, edited\n",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")


def make_repo(root: Path) -> Path:
    """main = BASE; branch `change` = BASE + CHANGE, with gone.yaml removed; one change left uncommitted."""
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, BASE)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "change")
    write(repo, {k: v for k, v in CHANGE.items() if k != "letters/a/edit.yaml"})
    (repo / "letters/a/gone.yaml").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    write(repo, {"letters/a/edit.yaml": CHANGE["letters/a/edit.yaml"]})     # the working tree counts too
    return repo


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    root = tmp_path_factory.mktemp("review")
    repo = make_repo(root)
    result = run_cli("diff", "--engine", "libreoffice", "--out", "review", cwd=repo)   # default base: main
    assert result.returncode == 0, output(result)
    head = root / "head-out"
    build([repo / "letters"], head, engine="libreoffice")
    return repo, repo / "review", head, result.stdout


def table(markdown: str) -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in markdown.splitlines():
        match = re.match(r"\| \[?`([^`]+)`\]?\S* \| ([^|]+) \| ([^|]*) \| ([^|]*) \|$", line)
        if match:
            rows[match[1]] = (match[2].strip(), match[3].strip(), match[4].strip())
    return rows


def test_the_summary_lists_every_letter_by_what_became_of_its_output(reviewed):
    _, review, _, stdout = reviewed
    rows = table((review / "review.md").read_text(encoding="utf-8"))
    assert rows == {
        "letters/a/new.yaml": ("added", "1", ""),
        "letters/a/edit.yaml": ("changed", "1", "1"),
        "letters/b/one.yaml": ("changed", "1", "1"),
        "letters/b/two.yaml": ("changed", "1", "1"),
        "letters/a/gone.yaml": ("removed", "1", ""),
        "letters/a/same.yaml": ("unchanged: inputs unchanged", "", ""),
        "letters/c/comment.yaml": ("unchanged: same output", "", ""),
    }
    assert "1 added, 3 changed, 1 removed, 2 unchanged" in stdout
    assert "Compared with `main`" in (review / "review.md").read_text(encoding="utf-8")


def test_unchanged_inputs_are_not_rendered(reviewed):
    _, review, _, _ = reviewed
    assert not (review / "letters/a/same").exists() and not (review / "letters/c/comment").exists()
    assert sorted(p.name for p in (review / "letters/a/new").iterdir()) == ["page-1-head.png"]
    assert sorted(p.name for p in (review / "letters/a/gone").iterdir()) == ["page-1-base.png"]


def test_review_md_links_every_picture_it_names(reviewed):
    _, review, _, _ = reviewed
    text = (review / "review.md").read_text(encoding="utf-8")
    links = set(re.findall(r'src="([^"]+)"', text))
    assert len(links) == 2 + 3 * 3                 # added + removed pages; before/after/difference × 3
    assert all((review / link).is_file() for link in links)


def difference_pixels(review: Path, letter: str) -> np.ndarray:
    pix = pymupdf.Pixmap(str(review / letter / "page-1-difference.png"))
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]


def box_pt(mask: np.ndarray) -> tuple[float, float, float, float]:
    scale = 72 / rv.DPI
    x0, y0, x1, y1 = rv.changed_box(mask)
    return x0 * scale, y0 * scale, x1 * scale, y1 * scale


def assert_only_the_line_is_marked(review: Path, letter: str, line) -> None:
    """Coloured pixels lie within the line's box; the change bar in the margin only beside it."""
    pixels = difference_pixels(review, letter)
    x0, y0, x1, y1 = box_pt(np.all(pixels == rv.REMOVED, axis=2) | np.all(pixels == rv.ADDED, axis=2))
    assert line.top - TOLERANCE_PT <= y0 and y1 <= line.bottom + TOLERANCE_PT, ((x0, y0, x1, y1), line)
    assert line.x0 - TOLERANCE_PT <= x0 and x1 <= line.x1 + TOLERANCE_PT, ((x0, y0, x1, y1), line)
    bx0, by0, bx1, by1 = box_pt(np.all(pixels == rv.CHANGE_BAR, axis=2))
    assert bx0 == 0 and bx1 < line.x0 / 4                          # in the left margin
    assert line.top - TOLERANCE_PT <= by0 and by1 <= line.bottom + TOLERANCE_PT


def test_the_body_edit_is_marked_on_its_line_and_nowhere_else(reviewed):
    _, review, head, _ = reviewed
    line = find(pdf_lines(head / "a" / "edit.pdf"), "อำเภอบ้านลาดขอเชิญ")
    assert "๑๓.๓๐" in line.text
    assert_only_the_line_is_marked(review, "letters/a/edit", line)


def test_the_profile_change_is_marked_on_the_phone_line_of_both_letters(reviewed):
    _, review, head, _ = reviewed
    for name in ("one", "two"):
        line = find(pdf_lines(head / "b" / f"{name}.pdf"), "โทร")
        assert "๗๙๙๙" in line.text
        assert_only_the_line_is_marked(review, f"letters/b/{name}", line)


def test_the_word_diff_names_the_changed_words(reviewed):
    _, review, _, _ = reviewed
    text = (review / "review.md").read_text(encoding="utf-8")
    edit = text.split("### letters/a/edit.yaml")[1].split("###")[0]
    assert "[-๐๙.๓๐-]{+๑๓.๓๐+}" in edit
    assert "เวลา" in edit and "จึงเรียนมา" in edit                 # context around it
    phone = text.split("### letters/b/one.yaml")[1].split("###")[0]
    assert "[-๗๒๐๒-]{+๗๙๙๙+}" in phone


def test_a_generator_change_renders_the_base_with_its_own_generator(tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"letters/agency.yaml": BASE["letters/agency.yaml"], "letters/a.yaml": letter("ทดสอบ")})
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "generator", repo / "generator", ignore=ignore)
    shutil.copytree(REPO / "templates", repo / "templates", ignore=ignore)
    init = repo / "generator" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', '__version__ = "0.0.0-base"', init.read_text()))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    shutil.copy(REPO / "generator" / "__init__.py", init)                  # the change: the generator
    result = rv.review(repo / "letters", tmp_path / "review", "main", engine="libreoffice")
    assert result.base_generator
    [only] = result.letters
    assert (only.status, only.changed_pages) == ("changed", [])
    assert "metadata" in only.note                                   # producer "saraban 0.0.0-base"
    assert "rendered by its own generator" in result.markdown.read_text(encoding="utf-8")


def test_which_letters_a_change_affects():
    """A letter is affected when a changed file is one of its inputs (on either side), when it is
    new or gone, or when it does not prepare (its inputs are then not all known)."""
    profile, sub = "letters/agency.yaml", "letters/a/agency.yaml"
    inputs = {"letters/a/x.yaml": {"letters/a/x.yaml", profile, sub, "letters/images/garuda.png"},
              "letters/a/b/y.yaml": {"letters/a/b/y.yaml", profile, sub, "letters/a/b/fonts"},
              "letters/c/z.yaml": {"letters/c/z.yaml", profile}}
    names = set(inputs)
    affected = lambda changed, head=inputs, base=inputs: rv.affected_letters(names, changed, head, base)
    assert affected({sub}) == {"letters/a/x.yaml", "letters/a/b/y.yaml"}
    assert affected({profile}) == names
    assert affected({"letters/a/b/fonts/THSarabun.ttf"}) == {"letters/a/b/y.yaml"}
    assert affected({"letters/a/x.yaml"}) == {"letters/a/x.yaml"}
    assert affected({"letters/images/garuda.png"}) == {"letters/a/x.yaml"}     # only the letter naming it
    assert affected({"README.md", "docs/x.png", "letters/notes.txt"}) == set()
    assert affected(set(), head={**inputs, "letters/c/z.yaml": None}) == {"letters/c/z.yaml"}
    assert affected(set(), base={k: v for k, v in inputs.items() if k != "letters/c/z.yaml"}) == {"letters/c/z.yaml"}
    assert rv.generator_changed({"templates/external.docx"}) and rv.generator_changed({"pyproject.toml"})
    assert not rv.generator_changed({"letters/generator.yaml", "README.md"})


def test_diff_outside_git_is_a_clear_error(tmp_path):
    (tmp_path / "letters").mkdir()
    result = run_cli("diff", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr and "Traceback" not in output(result)


def test_thai_words_break_like_the_layout():
    text = "อำเภอบ้านลาดขอเชิญประชุม ครั้งที่ ๑/๒๕๖๘ ISO9001"
    assert "".join(words(text)) == text and "".join(cluster_words(text)) == text
    if rv.icu() is not None:
        assert words(text)[:4] == ["อำเภอ", "บ้านลาด", "ขอ", "เชิญ"]
    assert cluster_words("เชิญประชุม") == ["เชิ", "ญ", "ป", "ระ", "ชุ", "ม"]


def test_word_diff_ignores_a_change_of_line_wrapping_alone():
    assert rv.word_diff("ขอเชิญประชุม\nในวันที่", "ขอเชิญ\nประชุมในวันที่") == []
    assert rv.word_diff("ขอเชิญประชุม", "ขอเชิญสัมมนา") == ["ขอเชิญ[-ประชุม-]{+สัมมนา+}"]


def test_words_fall_back_to_thai_clusters_without_icu(monkeypatch):
    monkeypatch.setattr(rv, "words", cluster_words)
    assert rv.word_diff("ขอเชิญประชุม", "ขอเชิญสัมมนา") == ["ขอเชิญ[-ประชุม-]{+สัมมนา+}"]
    import generator.text.wordbreak as wb
    monkeypatch.setattr(wb, "icu", lambda: None)
    assert wb.words("เชิญประชุม") == ["เชิ", "ญ", "ป", "ระ", "ชุ", "ม"]


def test_a_letter_that_fails_in_the_change_is_listed_with_its_error(tmp_path):
    failed = rv.compare("letters/x.yaml", None, rv.Rendered(error="subject (เรื่อง): is required but missing"), tmp_path)
    assert (failed.status, failed.note) == ("failed", "subject (เรื่อง): is required but missing")
    text = rv.markdown(rv.Review("main", "0" * 40, False, [failed], tmp_path))
    assert "| `letters/x.yaml` | failed: subject (เรื่อง): is required but missing |  |  |" in text


def test_an_unknown_base_is_a_clear_error(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"letters/agency.yaml": BASE["letters/agency.yaml"]})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    result = run_cli("diff", "--base", "no-such-branch", cwd=repo)
    assert result.returncode == 2
    assert "unknown git ref 'no-such-branch'" in result.stderr and "Traceback" not in output(result)


def test_diff_never_empties_a_folder_that_is_not_a_review(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"letters/agency.yaml": BASE["letters/agency.yaml"], "notes/keep.txt": "mine"})
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    for out in ("notes", "."):
        result = run_cli("diff", "--out", out, cwd=repo)
        assert result.returncode == 2 and "is not a review folder" in result.stderr, output(result)
    assert (repo / "notes" / "keep.txt").read_text() == "mine"


@needs_soffice
def test_a_letter_that_did_not_build_in_the_base_is_changed_not_added(tmp_path):
    out = tmp_path / "out"
    build([REPO / "letters" / "2568" / "thanks-draft.yaml"], out, engine="libreoffice")
    head = rv.Rendered(out / "2568" / "thanks-draft.pdf", out / "2568" / "thanks-draft.docx")
    review = rv.compare("letters/2568/thanks-draft.yaml", rv.Rendered(error="date (ลงวันที่): bad"), head, tmp_path / "r")
    assert (review.status, review.note) == ("changed", "the base version did not build (date (ลงวันที่): bad)")
    assert [i.head for i in review.images] == ["letters/2568/thanks-draft/page-1-head.png"]


def test_thai_marks_misplaced_by_pdfium_go_back_where_they_were_written():
    # (character, its text object's place in the content stream); None: a space PDFium made up
    pdfium_order = [("ร", 1), ("้", 3), ("ใ", 3), ("ผ", 3), (" ", None), ("ู", 2), (" ", None), ("ู", 4), ("้", 5)]
    assert "".join(c for c, _ in rv._marks_in_place(pdfium_order)) == "รู้ใผู้"
    pdfium_order = [("ด", 1), ("ิ", 1), (")", 3), ("์", 2), (" ", None), ("ก", 4)]
    assert "".join(c for c, _ in rv._marks_in_place(pdfium_order)) == "ดิ์) ก"


@needs_soffice
def test_the_text_of_a_letter_reads_as_written(built):
    """PDFium's text of each example letter has MuPDF's characters in MuPDF's order (which follows
    the content stream); only the spaces and line breaks may differ."""
    import unicodedata

    pdfs = sorted(built.out.glob("2*/*.pdf"))
    assert len(pdfs) == 11
    for pdf in pdfs:
        with pymupdf.open(str(pdf)) as doc:
            for page in doc:       # MuPDF draws its own "SIGN" into an empty signature field: the page's text only
                for widget in list(page.widgets()):
                    page.delete_widget(widget)
            mupdf = unicodedata.normalize("NFC", "".join(page.get_text("text") for page in doc))
        assert "".join(rv.pdf_text(pdf).split()) == "".join(mupdf.split()), pdf.name


def test_review_md_links_a_thai_file_name_to_its_heading():
    """The table's link is the anchor GitHub gives the letter's ``### path`` heading: Thai vowel
    and tone marks kept (a link without them lands nowhere)."""
    assert rv._anchor("letters/2567/ที่ดิน.yaml") == "letters2567ที่ดินyaml"
    assert rv._anchor("letters/2567/budget-request.yaml") == "letters2567budget-requestyaml"
