"""Review: the letters whose output a change makes different, and pictures of how.

Compares the working tree with a git ref (default: the merge base with the default branch):

1. git lists the files that differ. A letter is *affected* when a file it reads changed, on either
   side: the same list of inputs the build cache keeps (:mod:`generator.deps`: its YAML, every
   agency.yaml above it, its fonts/ folders, emblem, photo, the agency's template; wherever they
   are in the repository), or the generator itself (generator/, templates/, pyproject.toml). A
   letter that does not prepare on a side is rendered (it shows as failed, with its error).
   Letters not affected are listed as unchanged without being rendered at all.
2. The ref is exported with ``git archive`` into a temporary folder. Affected letters are
   rendered on both sides through :func:`generator.build.pipeline.build`. The base side uses the
   current generator, unless the change touches the generator: then the base is rendered
   by its own generator (``python -m generator build`` run from the export), so the review
   shows what the generator change does to every letter.
3. Outputs are reproducible (generator.pdf.finish), so equal bytes mean an unchanged letter.
   For a changed one: page PNGs of both sides, a difference image per changed page
   (changed pixels in colour over the faded new page) and a word diff of the text, broken
   into Thai words as LibreOffice breaks them (:mod:`generator.text.wordbreak`).
4. ``review.md`` sums it up: a table of letters, then each changed letter's pages.

Pixel work uses numpy: a page is a million pixels, and masks, colours and bounding boxes
are one vectorised line each where pure Python would loop for seconds per page. PDFium
(pypdfium2) draws the pages and reads their text; Pillow writes the PNGs.
"""
from __future__ import annotations

import ctypes
import difflib
import io
import itertools
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from generator import deps
from generator.build.pipeline import build
from generator.errors import LetterError, SetupError, UsageError
from generator.kinds.prepare import prepare
from generator.letter.tree import discover
from generator.text.slug import github_slug
from generator.text.wordbreak import icu, words

GENERATOR_PATHS = ("generator/", "templates/", "pyproject.toml")
DPI = 96
THRESHOLD = 48                                  # grey levels: smaller differences are not changes
FADE = 0.3                                      # how much of the page's ink the difference image keeps
REMOVED = (213, 94, 0)                          # only in the base: vermilion   } Okabe–Ito colours,
ADDED = (0, 114, 178)                           # only in the change: blue      } told apart by the colour-blind
CHANGE_BAR = (230, 159, 0)                      # orange bars in the left margin beside changed rows,
CHANGE_BAR_WIDTH = 6                            # so a change shows even on a thumbnail
CONTEXT_WORDS = 8
HYPHEN_CODES = (0x02, 0xFFFE)                   # PDFium's codes for a hyphen it takes for a line-end one
THUMB_WIDTH = 180
STATUS_ORDER = ("failed", "added", "changed", "removed", "unchanged")


@dataclass
class PageImages:
    number: int
    base: str | None = None                     # paths relative to the review folder
    head: str | None = None
    difference: str | None = None


@dataclass
class LetterReview:
    path: str                                   # the YAML, relative to the repository
    status: str                                 # added | changed | removed | unchanged | failed
    note: str = ""
    base_pages: int | None = None
    head_pages: int | None = None
    changed_pages: list[int] = field(default_factory=list)
    images: list[PageImages] = field(default_factory=list)
    text_diff: list[str] = field(default_factory=list)


@dataclass
class Review:
    base_ref: str
    base_commit: str
    base_generator: bool                        # True: the base rendered by its own generator
    letters: list[LetterReview]
    out: Path

    @property
    def markdown(self) -> Path:
        return self.out / "review.md"

    def count(self, status: str) -> int:
        return sum(1 for letter in self.letters if letter.status == status)


# --------------------------------------------------------------------- git

def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SetupError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def repo_root(path: Path) -> Path:
    try:
        return Path(git(path if path.is_dir() else path.parent, "rev-parse", "--show-toplevel").strip())
    except SetupError:
        raise UsageError(f"{path} is not inside a git repository: `saraban diff` compares with a git ref") from None


def default_base(repo: Path) -> str:
    """The default branch: origin/HEAD, else origin/main, origin/master, main, master."""
    try:
        return git(repo, "symbolic-ref", "--short", "refs/remotes/origin/HEAD").strip()
    except SetupError:
        pass
    for ref in ("origin/main", "origin/master", "main", "master"):
        if subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                          capture_output=True).returncode == 0:
            return ref
    raise UsageError("no default branch found (origin/HEAD, main or master): give one with --base REF")


def base_commit(repo: Path, ref: str) -> str:
    """The merge base of ``ref`` and HEAD: what a pull request from HEAD into ``ref`` changes."""
    try:
        git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}")
    except SetupError:
        raise UsageError(f"unknown git ref {ref!r}: give a branch, tag or commit with --base") from None
    return git(repo, "merge-base", ref, "HEAD").strip()


def changed_paths(repo: Path, commit: str) -> set[str]:
    """Files that differ between ``commit`` and the working tree, untracked ones included."""
    tracked = git(repo, "diff", "--name-only", "--no-renames", "-z", commit, "--")
    untracked = git(repo, "ls-files", "--others", "--exclude-standard", "-z")
    return {p for p in (tracked + untracked).split("\0") if p}


def export(repo: Path, commit: str, target: Path) -> None:
    """The tree of ``commit`` into ``target`` (no .git; a marker so the letters' root stops here)."""
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:                                   # Python before 3.10.12 / 3.11.4
            tar.extractall(target)
    (target / ".git").mkdir(exist_ok=True)      # letters_root() stops at a repository's top


# --------------------------------------------------------------------- which letters

def letter_paths(repo: Path, letters: Path) -> dict[str, Path]:
    """Every letter under ``letters``, by its path relative to ``repo``."""
    if not letters.is_dir():
        return {}
    return {file.resolve().relative_to(repo).as_posix(): file.resolve() for file, _ in discover([letters])}


def letter_inputs(tree: Path, letters: Path) -> dict[str, set[str] | None]:
    """Each letter under ``letters`` (by its path relative to ``tree``, the repository or an export
    of it) → the files below ``tree`` it reads, relative to ``tree``: what the build records for
    its cache while preparing it (:mod:`generator.deps`), and the agency template it renders with.
    None for a letter that does not prepare (what it would read is then not all known)."""
    if not letters.is_dir():
        return {}
    tree = tree.resolve()
    found: dict[str, set[str] | None] = {}
    with tempfile.TemporaryDirectory(prefix="saraban-inputs-") as tmp:
        for file, root in discover([letters]):
            read: dict = {}
            try:
                with deps.recording(read, ignore=(Path(tmp),)):
                    resolved = prepare(file, root, Path(tmp))
            except LetterError:
                found[file.resolve().relative_to(tree).as_posix()] = None
                continue
            if Path(resolved.template).is_absolute():       # an agency's own template
                read[str(Path(resolved.template).resolve())] = ("file", "")
            found[file.resolve().relative_to(tree).as_posix()] = {
                Path(path).relative_to(tree).as_posix() for path in read if Path(path).is_relative_to(tree)}
    return found


def reads_changed(inputs: set[str], changed: set[str]) -> bool:
    """Whether a changed path is one of ``inputs`` or below one (a fonts/ folder)."""
    return any(path in inputs or any(path.startswith(i + "/") for i in inputs) for path in changed)


def affected_letters(names: set[str], changed: set[str], head: dict[str, set[str] | None],
                     base: dict[str, set[str] | None]) -> set[str]:
    """The letters a change may change: added or removed ones, those a changed file is an input of
    on either side (:func:`letter_inputs`), and those that do not prepare on a side (rendered, so
    a letter that fails is shown failing, with its error, never as unchanged)."""
    return {name for name in names
            if name not in head or name not in base or name in changed
            or head[name] is None or base[name] is None
            or reads_changed(head[name] | base[name], changed)}


def generator_changed(changed: set[str]) -> bool:
    return any(path == p.rstrip("/") or path.startswith(p) for path in changed for p in GENERATOR_PATHS)


# --------------------------------------------------------------------- rendering

@dataclass
class Rendered:
    pdf: Path | None = None
    docx: Path | None = None
    error: str = ""


def render_current(files: dict[str, Path], out: Path, engine: str) -> dict[str, Rendered]:
    """Render ``files`` (by repository path) with this generator, through the library's build()."""
    if not files:
        return {}
    by_file = {path: name for name, path in files.items()}
    summary = build(list(files.values()), out, engine=engine)
    rendered = {}
    for result in summary.results:
        name = by_file[result.file]
        outputs = {p.suffix: p for p in result.outputs}
        error = "; ".join(p.what() for p in result.errors) if result.status == "failed" else ""
        rendered[name] = Rendered(outputs.get(".pdf"), outputs.get(".docx"), error)
    return rendered


def render_with_own_generator(root: Path, letters_dir: str, files: dict[str, Path], out: Path,
                              engine: str) -> dict[str, Rendered]:
    """Render the letters of an exported tree with the generator in that tree."""
    if not files:
        return {}
    env = dict(os.environ, PYTHONPATH=str(root), SARABAN_ENGINE=engine)
    done = subprocess.run([sys.executable, "-m", "generator", "build", letters_dir, "--out", str(out)],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SetupError(f"the base's own generator failed (exit {done.returncode}): {done.stderr.strip()[-500:]}")
    rendered = {}
    for name in files:
        below = Path(name).relative_to(letters_dir) if letters_dir not in ("", ".") else Path(name)
        stem = out / below.with_suffix("")
        pdf, docx = stem.with_suffix(".pdf"), stem.with_suffix(".docx")
        rendered[name] = (Rendered(pdf, docx) if pdf.is_file()
                          else Rendered(error="failed to build with the base's generator"))
    return rendered


# --------------------------------------------------------------------- pictures

def page_pixels(pdf: Path, dpi: int = DPI) -> list[np.ndarray]:
    """Every page as a grey image (height × width, 0 = black)."""
    with pdfium.PdfDocument(str(pdf)) as doc:
        return [page.render(scale=dpi / 72, grayscale=True).to_numpy().copy() for page in doc]


def difference(base: np.ndarray | None, head: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The difference image (RGB) and the mask of changed pixels of one page; a missing page is white.

    Changed pixels are coloured over the faded new page, with a bar in the page's left edge
    beside every changed row (the page's margin, 3 cm wide, holds no text)."""
    shape = tuple(max(a.shape[i] for a in (base, head) if a is not None) for i in (0, 1))
    old, new = (_padded(a, shape) for a in (base, head))
    changed = np.abs(old - new) > THRESHOLD
    faded = 255 - (255 - (new if head is not None else old)) * FADE
    picture = np.repeat(faded[:, :, None], 3, axis=2)
    picture[changed & (old < new)] = REMOVED
    picture[changed & (new < old)] = ADDED
    rows = np.convolve(np.any(changed, axis=1), np.ones(5), mode="same") > 0
    picture[rows, :CHANGE_BAR_WIDTH] = CHANGE_BAR
    return picture.astype(np.uint8), changed


def _padded(pixels: np.ndarray | None, shape: tuple[int, int]) -> np.ndarray:
    page = np.full(shape, 255, np.int16)
    if pixels is not None:
        page[:pixels.shape[0], :pixels.shape[1]] = pixels
    return page


def changed_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    """(x0, y0, x1, y1) in pixels around every changed pixel, or None."""
    rows, cols = np.any(mask, axis=1), np.any(mask, axis=0)
    if not rows.any():
        return None
    y0, y1 = np.flatnonzero(rows)[[0, -1]]
    x0, x1 = np.flatnonzero(cols)[[0, -1]]
    return int(x0), int(y0), int(x1) + 1, int(y1) + 1


def save_png(pixels: np.ndarray, target: Path) -> None:
    """A grey (height × width) or RGB (height × width × 3) image as a PNG."""
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8)).save(target, format="PNG")


# --------------------------------------------------------------------- text

def pdf_text(pdf: Path) -> str:
    """The PDF's text, one line of the page per line, Thai marks in their written order (NFC)."""
    with pdfium.PdfDocument(str(pdf)) as doc:
        lines = [line.strip() for page in doc for line in _page_lines(page)]
    return "\n".join(unicodedata.normalize("NFC", line) for line in lines if line)


def _page_lines(page: pdfium.PdfPage) -> list[str]:
    """PDFium's text lines of ``page``, with Thai marks it misplaced put back (:func:`_marks_in_place`)."""
    textpage = page.get_textpage()
    written = {_address(o): n for n, o in enumerate(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_TEXT]))}
    lines: list[list[tuple[str, int | None]]] = [[]]
    place = None
    for index in range(textpage.count_chars()):
        code = pdfium.raw.FPDFText_GetUnicode(textpage, index)
        char = "-" if code in HYPHEN_CODES else chr(code)
        if pdfium.raw.FPDFText_IsGenerated(textpage, index):
            place = None
        else:                                   # (a character of no known object stays where it is)
            place = written.get(_address(pdfium.raw.FPDFText_GetTextObject(textpage, index)), place)
        if char == "\n":
            lines.append([])
        elif char != "\r":
            lines[-1].append((char, place))
    return ["".join(char for char, _ in _marks_in_place(line)) for line in lines]


def _marks_in_place(line: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """``line``'s characters (each with its text object's place in the content stream, None for
    a space or line break PDFium made up), with every misplaced mark moved back.

    LibreOffice writes some Thai marks as text objects of their own (a /Span with /ActualText,
    in the written order); PDFium puts such an object by its own guess of its position, after
    the letter that follows it or further along the line, with made-up spaces around it
    (ผู้ read as ผ ู ู้, สวัสดิ์) read as สวัสดิ)์). A run of one object's characters that starts with
    a combining mark and was written before the run ahead of it goes back before the first
    run written after it; made-up spaces around it go."""
    runs = [list(run) for _, run in itertools.groupby(line, key=lambda item: item[1])]
    out: list[list[tuple[str, int | None]]] = []
    drop_space = False
    for run in runs:
        place = run[0][1]
        if place is None and drop_space:
            drop_space = False
            continue
        ahead = next((r[0][1] for r in reversed(out) if r[0][1] is not None), None)
        if place is None or ahead is None or place >= ahead or unicodedata.category(run[0][0]) != "Mn":
            out.append(run)
            drop_space = False
            continue
        drop_space = bool(out) and out[-1][0][1] is None
        if drop_space:
            out.pop()
        out.insert(next(i for i, r in enumerate(out) if r[0][1] is not None and r[0][1] > place), run)
    return [item for run in out for item in run]


def _address(handle) -> int | None:
    """The pointer value of a PDFium handle (or of a pypdfium2 object wrapping one)."""
    return ctypes.cast(getattr(handle, "raw", handle), ctypes.c_void_p).value


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> list[str]:
    """One line per change: a few words of context, ``[-removed-]`` and ``{+added+}`` (git's
    word-diff notation), words cut as ICU cuts Thai. Changes of line wrapping alone are skipped."""
    a, b = _tokens(old), _tokens(new)
    hunks = []
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        if all(tag == "equal" or "".join(a[i1:i2]).split() == "".join(b[j1:j2]).split()
               for tag, i1, i2, j1, j2 in group):
            continue
        pieces = []
        for tag, i1, i2, j1, j2 in _merged(group, a):
            gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
            if tag == "equal":
                pieces.append(came)
                continue
            if gone.strip():
                pieces.append(f"[-{gone}-]")
            if came.strip():
                pieces.append(f"{{+{came}+}}")
        hunks.append(" ".join("".join(pieces).split()))
    return hunks


def _merged(group: list[tuple], a: list[str]) -> list[tuple]:
    """Opcodes with a short unchanged piece between two changes (a shared letter or cluster,
    e.g. the ม of ประชุม → สัมมนา) folded into one change, which reads as the word it is."""
    out: list[tuple] = []
    for index, op in enumerate(group):
        tag, i1, i2, j1, j2 = op
        between = 0 < index < len(group) - 1
        if tag == "equal" and between and len("".join(a[i1:i2])) <= 2 and not "".join(a[i1:i2]).isspace():
            tag = "replace"
        if out and tag != "equal" and out[-1][0] != "equal":
            _, p1, _, q1, _ = out.pop()
            op = ("replace", p1, i2, q1, j2)
        else:
            op = (tag, i1, i2, j1, j2)
        out.append(op)
    return out


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for index, line in enumerate(text.split("\n")):
        if index:
            tokens.append("\n")
        tokens += words(line)
    return tokens


# --------------------------------------------------------------------- one letter

def compare(name: str, base: Rendered | None, head: Rendered | None, out: Path) -> LetterReview:
    """What became of one letter, with its pictures written below ``out``."""
    if head is not None and head.error:
        return LetterReview(name, "failed", head.error)
    if base is not None and base.error:              # broken before: show the new one whole
        review = compare(name, None, head, out)
        review.status, review.note = "changed", f"the base version did not build ({base.error})"
        return review
    if head is None and base is None:
        return LetterReview(name, "unchanged", "inputs unchanged")
    folder = Path(name).with_suffix("")
    if head is None or base is None:
        side = "base" if head is None else "head"
        rendered = base if head is None else head
        pixels = page_pixels(rendered.pdf)
        review = LetterReview(name, "removed" if head is None else "added")
        for number, page in enumerate(pixels, start=1):
            image = folder / f"page-{number}-{side}.png"
            save_png(page, out / image)
            review.images.append(PageImages(number, **{side: image.as_posix()}))
        setattr(review, f"{side}_pages", len(pixels))
        return review
    same_pdf = base.pdf.read_bytes() == head.pdf.read_bytes()
    same_docx = base.docx is None or head.docx is None or base.docx.read_bytes() == head.docx.read_bytes()
    if same_pdf and same_docx:
        return LetterReview(name, "unchanged", "same output")
    old, new = page_pixels(base.pdf), page_pixels(head.pdf)
    review = LetterReview(name, "changed", base_pages=len(old), head_pages=len(new))
    for number in range(1, max(len(old), len(new)) + 1):
        before = old[number - 1] if number <= len(old) else None
        after = new[number - 1] if number <= len(new) else None
        picture, mask = difference(before, after)
        if not mask.any():
            continue
        review.changed_pages.append(number)
        images = PageImages(number)
        for side, pixels in (("base", before), ("head", after)):
            if pixels is not None:
                setattr(images, side, (folder / f"page-{number}-{side}.png").as_posix())
                save_png(pixels, out / getattr(images, side))
        images.difference = (folder / f"page-{number}-difference.png").as_posix()
        save_png(picture, out / images.difference)
        review.images.append(images)
    review.text_diff = word_diff(pdf_text(base.pdf), pdf_text(head.pdf))
    if not review.changed_pages:
        review.note = "the pages look the same" + ("" if same_pdf else " (the PDF's metadata changed)") + \
                      ("" if same_docx else "; the DOCX changed")
    return review


# --------------------------------------------------------------------- all of it

def review(letters: Path, out: Path, base_ref: str | None = None, engine: str = "auto") -> Review:
    """Compare the letters under ``letters`` in the working tree with ``base_ref`` and write ``out``."""
    letters = letters.resolve()
    repo = repo_root(letters)
    letters_dir = letters.relative_to(repo).as_posix() if letters != repo else ""
    ref = base_ref or default_base(repo)
    commit = base_commit(repo, ref)
    changed = changed_paths(repo, commit)
    own_generator = generator_changed(changed)
    _fresh_folder(out, repo)
    with tempfile.TemporaryDirectory(prefix="saraban-review-") as tmp:
        work = Path(tmp)
        export(repo, commit, work / "base")
        head_letters = letter_paths(repo, letters)
        base_letters = letter_paths(work / "base", work / "base" / letters_dir)
        names = set(head_letters) | set(base_letters)
        if own_generator:
            affected = names
        else:
            affected = affected_letters(names, changed, letter_inputs(repo, letters),
                                        letter_inputs(work / "base", work / "base" / letters_dir))
        head = render_current({n: head_letters[n] for n in sorted(affected & set(head_letters))},
                              work / "head-out", engine)
        base_files = {n: base_letters[n] for n in sorted(affected & set(base_letters))}
        if own_generator:
            base = render_with_own_generator(work / "base", letters_dir or ".", base_files, work / "base-out", engine)
        else:
            base = render_current(base_files, work / "base-out", engine)
        results = [compare(n, base.get(n), head.get(n), out) for n in sorted(names)]
    results.sort(key=lambda r: (STATUS_ORDER.index(r.status), r.path))
    result = Review(ref, commit, own_generator, results, out)
    result.markdown.write_text(markdown(result), encoding="utf-8")
    return result


def _fresh_folder(out: Path, repo: Path) -> None:
    """Empty ``out``, but only when it is a review folder (or empty): never the repository or letters."""
    out = out.resolve()
    if out.exists():
        if repo == out or repo.is_relative_to(out) or (any(out.iterdir()) and not (out / "review.md").is_file()):
            raise UsageError(f"{out} is not a review folder (it has no review.md): choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)


# --------------------------------------------------------------------- review.md

def markdown(result: Review) -> str:
    lines = ["## Letters in this change (หนังสือที่เปลี่ยนในคำขอนี้)", ""]
    side = ("the change touches the generator, so the base was rendered by its own generator"
            if result.base_generator else "both sides rendered by this generator")
    counts = ", ".join(f"{result.count(s)} {s}" for s in STATUS_ORDER if result.count(s))
    lines += [f"Compared with `{result.base_ref}` at `{result.base_commit[:10]}` (the merge base); {side}. "
              f"{counts or 'no letters'}.", ""]
    lines += ["| letter | output | pages | changed pages |", "|---|---|---|---|"]
    for letter in result.letters:
        link = f"[`{letter.path}`](#{_anchor(letter.path)})" if letter.images or letter.text_diff else f"`{letter.path}`"
        lines.append(f"| {link} | {letter.status}{': ' + _cell(letter.note) if letter.note else ''} | "
                     f"{_pages(letter)} | {', '.join(map(str, letter.changed_pages))} |")
    shown = [l for l in result.letters if l.images or l.text_diff]
    if shown:
        lines += ["", "In the difference images, <b>vermilion</b> marks what only the base has (removed) and "
                  "<b>blue</b> what only this change has (added), over the faded new page; an orange bar in the "
                  "left margin marks each changed row (สีส้มแดง = ข้อความที่ถูกลบ, สีน้ำเงิน = ข้อความที่เพิ่ม, "
                  "แถบสีส้มที่ขอบซ้าย = บรรทัดที่เปลี่ยน)."]
    for letter in shown:
        lines += ["", f"### {letter.path}", "", f"{letter.status.capitalize()}{': ' + letter.note if letter.note else ''}.", ""]
        if letter.status in ("added", "removed"):
            lines.append(" ".join(_thumb(i.head or i.base) for i in letter.images))
        elif letter.images:
            lines += ["| page | before | after | difference |", "|---|---|---|---|"]
            lines += [f"| {i.number} | {_thumb(i.base)} | {_thumb(i.head)} | {_thumb(i.difference)} |" for i in letter.images]
        if letter.text_diff:
            breaker = "ICU's Thai word breaks, as in the layout" if icu() else "Thai character clusters"
            fence = "~~~~" if any("```" in h for h in letter.text_diff) else "```"
            lines += ["", f"Words changed (`[-removed-]{{+added+}}`, cut at {breaker}):", "", f"{fence}text"]
            lines += [f"… {hunk} …" for hunk in letter.text_diff]
            lines.append(fence)
    return "\n".join(lines) + "\n"


def _anchor(path: str) -> str:
    """The anchor of the ``### path`` heading review.md gives a letter."""
    return github_slug(path)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _pages(letter: LetterReview) -> str:
    if letter.base_pages and letter.head_pages:
        return str(letter.head_pages) if letter.base_pages == letter.head_pages else f"{letter.base_pages} → {letter.head_pages}"
    return str(letter.base_pages or letter.head_pages or "")


def _thumb(image: str | None) -> str:
    return f'<a href="{image}"><img src="{image}" width="{THUMB_WIDTH}"></a>' if image else ""
