"""Issuing letter numbers (ที่): ``saraban issue`` writes the next number of its series into a
letter's YAML file. What a series is, and the number as printed: :mod:`generator.kinds.numbers`.

``saraban issue`` takes a lock on the letters tree, reads every letter in it, gives each
``number: auto`` letter the next number of its series (highest + 1: a number once issued is
never reused, a gap stays a gap) and writes ``number:`` and ``issued:`` into the file. Only the
``number:`` line changes and one ``issued:`` line is added: every other byte of the file (comments,
key order, indentation, quoting) is kept, the result is parsed again and compared with what was
meant before the file is replaced (atomically).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.agency.profile import AgencyContext, load_agency
from generator.build.workdir import remove_issue_leftovers
from generator.errors import LetterError, Problem, SetupError
from generator.kinds import Kind, all_kinds, in_english, load_letter
from generator.kinds.numbers import Entry, Series, series_of, with_lines
from generator.letter.loader import Source
from generator.letter.parts import PARTS
from generator.letter.schema import AUTO, validation_problems
from generator.letter.thaikeys import thai_names_of
from generator.letter.tree import discover, letters_root
from generator.text import thai

# libyaml (ruamel.yaml.clib) when installed, else ruamel's pure-Python safe loader.
_safe_yaml = YAML(typ="safe")
LOCK_WAIT_SECONDS = 120


# --------------------------------------------------------------------- reading every letter

def entry_of(file: Path, root: Path, source: Source, kinds: dict[str, Kind],
             agencies: dict[Path, AgencyContext]) -> Entry:
    """Validate one loaded letter; raise LetterError when it is no valid letter."""
    kind = kinds.get(source.data.get("kind"))
    if kind is None:
        raise LetterError([Problem(file, source.line_of(("kind",)), "kind", PARTS["kind"],
                                   "is missing or not a known kind of document")])
    try:
        letter = kind.model.model_validate(source.data)
    except ValidationError as exc:
        raise LetterError(validation_problems(exc, source, kind.model)) from None
    folder = file.parent.resolve()
    if folder not in agencies:
        agencies[folder] = load_agency(file, root)
    agency = agencies[folder]
    return Entry(file, kind, letter, agency, source, series_of(letter, kind, agency))


def quick_source(file: Path) -> Source:
    """The letter's data read with libyaml (ruamel.yaml.clib: 7x faster than the line-keeping loader,
    which matters for issuing among thousands of letters), without lines. Anything unusual goes
    to the careful loader, whose errors carry their lines."""
    try:
        data = _safe_yaml.load(file.read_bytes().decode("utf-8"))
    except Exception:                                    # noqa: BLE001 - the careful loader explains
        return load_letter(file)
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        return load_letter(file)
    try:
        data = in_english(Source(file, data, {})).data     # Thai key names, as the careful loader does
    except LetterError:
        return load_letter(file)
    return Source(file, data, {})                        # no lines: with_lines() loads them when needed


def scan(letters: list[tuple[Path, Path]]) -> tuple[list[Entry], list[Problem]]:
    """Every letter (file, root) as an Entry, and the problems of those that are not valid."""
    kinds, agencies = all_kinds(), {}
    entries, problems = [], []
    for file, root in letters:
        try:
            source = quick_source(file)
            try:
                entries.append(entry_of(file, root, source, kinds, agencies))
            except LetterError:
                if source.lines:
                    raise
                entries.append(entry_of(file, root, load_letter(file), kinds, agencies))   # to raise with lines
        except LetterError as exc:
            problems += exc.problems
    return entries, problems


def may_hold_a_number(file: Path) -> bool:
    """Whether a letter that is not valid may still carry an issued number (which must count)."""
    try:
        data = _safe_yaml.load(file.read_bytes().decode("utf-8"))
        data = in_english(Source(file, data, {})).data if isinstance(data, dict) else data
    except Exception:                                    # noqa: BLE001 - unreadable: it might
        return True
    return not isinstance(data, dict) or data.get("number") not in (None, AUTO)


def highest_numbers(entries: list[Entry]) -> dict[Series, int]:
    """The highest number written in each series (cancelled letters count: their numbers stay)."""
    highest: dict[Series, int] = {}
    for entry in entries:
        if entry.series is not None and isinstance(entry.number, int):
            highest[entry.series] = max(highest.get(entry.series, 0), int(entry.number))
    return highest


# --------------------------------------------------------------------- the lock

@contextmanager
def tree_lock(folder: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on a letters tree while numbers are read and written.

    On POSIX it is an ``flock`` on the folder itself (no lock file in the tree, released by the
    kernel if the process dies); elsewhere a lock file in the temporary folder, named by the tree.
    """
    try:
        import fcntl
    except ImportError:                                  # Windows
        with _windows_lock(folder, wait):
            yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SetupError(f"another `saraban issue` has held {folder} for {wait:.0f} s; "
                                     "try again when it has finished") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)                                     # closing releases the lock


@contextmanager
def _windows_lock(folder: Path, wait: float) -> Iterator[None]:
    import hashlib
    import msvcrt
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"saraban-issue-{name}.lock", "a+b") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SetupError(f"another `saraban issue` is running on {folder}") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)


# --------------------------------------------------------------------- writing a number into a file

def _names(key: str) -> str:
    """A regex of the key's names at the top level: English, or Thai (ที่, เลขที่ for number)."""
    names = [key] + thai_names_of(key)
    return "|".join(map(re.escape, names))


def _number_line() -> re.Pattern:
    return re.compile(rf"""^(?P<head>(?:{_names("number")})[ \t]*:[ \t]*)(?P<q>["']?)auto(?P=q)(?=[ \t]*(?:#|\r?$))""", re.I)


def _issued_line() -> re.Pattern:
    return re.compile(rf"""^(?P<head>(?:{_names("issued")})[ \t]*:[ \t]*)(?P<value>"[^"]*"|'[^']*'|[^\s#]*)""")


def issued_text(source: Source, number: int, issued: dt.date, raw: str) -> str:
    """The file's text with ``number: auto`` → ``number: N`` and ``issued: DATE`` set, every other
    byte kept. ``raw`` is the file's text, ``source`` its loaded form."""
    cr = "\r" if "\r\n" in raw else ""
    lines = raw.split("\n")                              # only \n: text may hold other breaks
    careful = with_lines(source).lines                   # the loader's lines, Thai key names included
    index = careful[("number",)] - 1
    match = _number_line().match(lines[index])
    if match is None:
        raise LetterError([Problem(source.file, index + 1, "number", PARTS["number"],
                                   "cannot write the number here", "write `number: auto` on one line, "
                                   "starting at the left edge")])
    lines[index] = match.group("head") + str(number) + lines[index][match.end():]
    if ("issued",) in careful:
        at = careful[("issued",)] - 1
        found = _issued_line().match(lines[at])
        if found is None:
            raise LetterError([Problem(source.file, at + 1, "issued", PARTS["issued"],
                                       "cannot write the date here", "write `issued:` on one line")])
        head = found.group("head") if found.group("head").endswith((" ", "\t")) else found.group("head") + " "
        lines[at] = head + issued.isoformat() + lines[at][found.end():]
    else:
        lines.insert(index + 1, f"{_issued_key(match.group('head'))}: {issued.isoformat()}{cr}")
        if index + 2 == len(lines):                       # number: was the last line, without a newline
            lines[index] += cr
    return "\n".join(lines)


def _issued_key(number_head: str) -> str:
    """``issued``, or its Thai name (วันที่ออกเลข) in a letter whose ``number`` has a Thai key (ที่:)."""
    if number_head.lstrip().startswith("number"):
        return "issued"
    return thai_names_of("issued")[0]


def _verify(source: Source, text: str, number: int, issued: dt.date) -> None:
    """The new text must load as the old data with only number and issued changed."""
    expected = dict(source.data, number=number, issued=issued)
    try:
        written = in_english(Source(source.file, _safe_yaml.load(text), {}, text)).data
    except (YAMLError, LetterError):
        written = None
    if written != expected:
        raise LetterError([Problem(source.file, with_lines(source).line_of(("number",)), "number", PARTS["number"],
                                   "writing the number would change other keys; nothing was written",
                                   "write `number: auto` on a line of its own")])


def write_atomically(file: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8) to ``file`` in one step, keeping the permissions of the file
    it replaces: a reader sees the old file or the new one, never half of one. (No fsync per file:
    5 ms each here, half the time of a 1,000-letter run; the letters are committed to git right after
    issuing.)"""
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        if file.exists():
            os.chmod(tmp, file.stat().st_mode & 0o7777)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_number(entry: Entry, number: int, issued: dt.date) -> None:
    raw = entry.file.read_bytes().decode("utf-8")
    text = issued_text(entry.source, number, issued, raw)
    _verify(entry.source, text, number, issued)
    write_atomically(entry.file, text)


# --------------------------------------------------------------------- saraban issue

@dataclass
class Issued:
    """What ``issue`` did to one letter."""

    file: Path
    number: int | None = None
    series: Series | None = None
    fresh: bool = False                   # issued by this run (else it had its number already)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def issue(targets: list[tuple[Path, Path]], today: dt.date | None = None) -> list[Issued]:
    """Give every ``number: auto`` letter among ``targets`` (file, letters root) the next number
    of its series, under a lock on each letters root; return what became of each target."""
    today = today or dt.date.today()
    targets = [(file, tree_root(file, root)) for file, root in targets]
    roots = sorted({root for _, root in targets})
    with ExitStack() as stack:
        for root in roots:                               # sorted: two runs never wait on each other
            stack.enter_context(tree_lock(root))
            remove_issue_leftovers(root)                 # a killed run's .NAME.yaml.XXXX.tmp
        return _issue_locked(targets, roots, today)


def tree_root(file: Path, root: Path) -> Path:
    """The whole letters tree a letter's series live in: the folder given, or the letters root above
    it (the highest folder with an agency.yaml) when that is higher: `issue letters/2569` counts
    the numbers in letters/2568 too."""
    given, top = root.resolve(), letters_root(file)
    return given if top == given or given in top.parents else top


def _issue_locked(targets: list[tuple[Path, Path]], roots: list[Path], today: dt.date) -> list[Issued]:
    everything = {file.resolve(): (file, root) for root in roots for file, _ in discover([root])}
    for file, root in targets:
        everything.setdefault(file.resolve(), (file, root))
    entries, problems = scan(list(everything.values()))
    results = {file.resolve(): Issued(file) for file, _ in targets}
    for problem in problems:
        if problem.file.resolve() in results:
            results[problem.file.resolve()].problems.append(problem)
    mine = [(results[e.file.resolve()], e) for e in entries if e.file.resolve() in results]
    holders = sorted({p.file for p in problems if may_hold_a_number(p.file)})
    highest = highest_numbers(entries)
    for result, entry in sorted(mine, key=lambda pair: (_day(pair[1].letter.date), str(pair[1].file))):
        if not entry.draft:
            result.number = entry.number if isinstance(entry.number, int) else None
            result.series = entry.series
        elif holders:                                    # their numbers are unknown: one could be doubled
            result.problems.append(Problem(
                entry.file, entry.line, "number", PARTS["number"],
                f"not issued: {', '.join(map(str, holders))} may hold a number but cannot be read as a letter",
                "fix it first (saraban check), so its number is counted"))
        else:
            _issue_one(entry, result, highest, today)
    return list(results.values())


ISSUE_NOTICE = "SB125 issue-notice"      # listed in generator/checks/_common.py OTHER_RULES


def _day(date: Any) -> tuple[int, int, int]:
    """A sort key for a letter's date (a draft date without its day sorts first in its month)."""
    return (date.year, date.month, getattr(date, "day", 0)) if date is not None else (0, 0, 0)


def _issue_one(entry: Entry, result: Issued, highest: dict[Series, int], today: dt.date) -> None:
    if entry.cancelled:
        result.problems.append(Problem(entry.file, entry.line, "number", PARTS["number"],
                                       "a cancelled letter gets no number", severity="warning", rule=ISSUE_NOTICE))
        return
    if entry.series is None:
        result.problems.append(Problem(entry.file, entry.line, "number", PARTS["number"],
                                       f"a {entry.kind.name} ({entry.kind.thai}) has no running number",
                                       "remove `number:`"))
        return
    number = highest.get(entry.series, 0) + 1
    try:
        write_number(entry, number, today)
    except LetterError as exc:
        result.problems += exc.problems
        return
    except OSError as exc:
        result.problems.append(Problem(entry.file, entry.line, "number", PARTS["number"],
                                       f"cannot write the file ({exc.strerror}); nothing was written"))
        return
    highest[entry.series] = number
    result.number, result.series, result.fresh = number, entry.series, True
    if thai.buddhist_year(today.year) != entry.series.year:
        result.problems.append(Problem(
            entry.file, entry.line, "number", PARTS["number"],
            f"issued on {today.isoformat()} in the series of the letter's year พ.ศ. {entry.series.year}",
            "check the letter's date", "warning", ISSUE_NOTICE))
