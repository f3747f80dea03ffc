"""The build cache: which letters' outputs in ``out/`` are still what a build would write.

``out/.saraban-cache.json`` holds, per output (its path below ``out/``), everything the
letter was built from, as recorded by the pipeline (:mod:`generator.deps`): the letter's
YAML, every ``agency.yaml`` above it (and the ones looked for but absent), its template,
its images, its ``fonts/`` folders, the PDF engine's program and the substitute font's
sources; plus the build's settings (the generator's own files and library versions, the
engine) and each output's size, time and hash. A letter is *unchanged* only
when all of these are as recorded and its outputs are still the files the build wrote;
anything else (a new generator, a deleted or edited PDF) rebuilds it. Outputs are written
first and recorded after, and the cache file is replaced atomically, so an interrupted
build never leaves an entry claiming a file it did not finish.

Standard library only, so a build with nothing to do never imports the pipeline.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import deps

CACHE_NAME = ".saraban-cache.json"
CHECK_CACHE_NAME = ".saraban-check.json"       # `saraban check`'s: every letter's own problems and facts
FORMAT = 3
#: What a build writes into ``out/``: the only files the cache ever names as outputs, so the only
#: ones a build ever deletes (an output a letter no longer makes).
WRITTEN_SUFFIXES = (".docx", ".pdf")
MAX_CACHE_BYTES = 64 << 20
JOURNAL_SUFFIX = ".journal"
#: The journal is folded into a new index once it is this share of the index's size or more.
JOURNAL_SHARE = 4
PACKAGE = Path(__file__).resolve().parents[1]      # generator/
# Libraries whose version can change a DOCX or PDF byte (pikepdf writes every PDF, lxml the draft
# mark's headers), or whether a letter builds at all (pypdfium2 reads which fonts draw its text).
LIBRARIES = ("docxtpl", "python-docx", "lxml", "jinja2", "segno", "fonttools", "markupsafe", "pikepdf", "pypdfium2")


@functools.lru_cache(maxsize=None)
def generator_fingerprint() -> str:
    """Hash of every file of the generator package and of the libraries' versions: a code
    change anywhere in the pipeline rebuilds every letter."""
    digest = hashlib.sha256(f"cache {FORMAT}\n".encode())
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".pyo"):
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    versions = installed_versions()
    for library in LIBRARIES:
        digest.update(f"{library}={versions.get(_normal(library), '-')}\n".encode())
    return digest.hexdigest()


def installed_versions() -> dict[str, str]:
    """Each installed distribution's version, by normalised name, from the names of the
    ``*.dist-info`` folders on ``sys.path`` (as :mod:`importlib.metadata` finds them, without
    importing it: that import alone is a tenth of a no-op build)."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info") and "-" in stem:
                project, version = stem.split("-", 1)
                found.setdefault(_normal(project), version)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


#: The indexes this process loaded: (output folder, settings, name), for a resident saraban.
LOADED: list[tuple[str, str, str]] = []
#: Indexes loaded ahead by a resident saraban (generator.resident), whose runs are copies of it;
#: each with the state its files had, and used only while they still have it.
_KEPT: dict[tuple[str, str, str], tuple[tuple, "BuildCache"]] = {}
KEEP = 4


def keep_loaded(where: tuple[str, str, str]) -> None:
    """Load the index ``where`` (as :data:`LOADED` names it) now, for the next run's
    :meth:`BuildCache.load`; the oldest kept is let go past :data:`KEEP`."""
    state = _index_state(where)                # before reading: a change while it is read shows
    kept = _KEPT.pop(where, None)
    if kept is not None and kept[0] == state:   # the run changed nothing: kept as it is, newest
        _KEPT[where] = kept
        return
    cache = BuildCache._load(Path(where[0]), where[1], where[2])
    if cache.warning is None:
        _KEPT[where] = (state, cache)
    while len(_KEPT) > KEEP:
        del _KEPT[next(iter(_KEPT))]


def _index_state(where: tuple[str, str, str]) -> tuple:
    """What shows any change to an index and its journal: device, inode, size and times."""
    def state(path: str) -> tuple | str:
        try:
            info = os.stat(path)
        except OSError as exc:
            return exc.__class__.__name__
        return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns
    index = os.path.join(where[0], where[2])
    return state(index), state(index + JOURNAL_SUFFIX)


def settings_key(engine: str) -> str:
    return f"{generator_fingerprint()[:32]} engine={engine}"


@dataclass
class Entry:
    """One letter as it was last built (or checked)."""

    source: str                                  # the letter file, absolute
    root: str                                    # its letters root, absolute
    settings: str
    deps: dict[str, list[str]] | None            # path -> [kind, digest] (see generator.deps); None: see rows
    outputs: dict[str, list]                     # output path -> [size, mtime_ns, sha256]
    pages: int | None = None
    problems: list[list] = field(default_factory=list)   # its own problems (checks on it alone), as records
    facts: dict[str, Any] | None = None          # what the checks across letters need (generator.checks)
    rows: list[int] | None = None                # its deps as rows of the loaded table of files …
    table: list | None = None                    # … which is this (deps is made from them when needed)

    def dependencies(self) -> dict[str, list[str]]:
        return self.deps if self.deps is not None else dict(self.table[row] for row in self.rows)


class BuildCache:
    """The entries of one output folder, checked against the files as they are now.

    On disk (JSON), each file read is written once in a shared table (``files``: path, kind,
    digest, and the size and time it had when hashed), each problem once (``problems``: the same
    warning in 9,000 letters is one row) and each root and settings once (``texts``); entries name
    them by index, and their outputs by their path below the output folder, so that the index of
    10,000 letters stays a few megabytes and loads in a fraction of a second. The
    problems the checks across letters found last time are kept with the letters they compared
    (``cross``): a build in which nothing changed shows them again without loading any check."""

    def __init__(self, out_dir: Path, settings: str, entries: dict[str, Entry] | None = None,
                 name: str = CACHE_NAME):
        self.out_dir = out_dir
        self.settings = settings
        self.entries = entries or {}
        self.name = name
        self.cross: dict[str, Any] = {}
        self.warning: str | None = None           # why a damaged cache file was ignored
        self._stats: dict[str, tuple[int, int, str]] = {}      # path -> size, mtime_ns, digest
        self._states: dict[tuple[str, str], tuple[str, str]] = {}
        self._rows: list[tuple[str, list[str]]] = []            # the loaded table of files read
        self._row_fresh: list[bool | None] = []
        self._base: str | None = None             # the loaded index's id, which its journal names
        self._base_bytes = 0
        self._journal_bytes = 0
        self._touched: set[str] = set()           # keys recorded or forgotten since the last save
        self._cross_loaded: dict[str, Any] = {}

    @property
    def path(self) -> Path:
        return self.out_dir / self.name

    @property
    def changed(self) -> bool:
        """An entry was recorded or forgotten since loading (or the last save)."""
        return bool(self._touched)

    def prune(self) -> bool:
        """Forget the entries of letters that are gone (deleted or moved); whether there were any."""
        gone = [key for key, entry in self.entries.items() if not os.path.exists(entry.source)]
        for key in gone:
            self.forget(key)
        return bool(gone)

    @property
    def journal_path(self) -> Path:
        return self.out_dir / (self.name + JOURNAL_SUFFIX)

    @classmethod
    def load(cls, out_dir: Path, settings: str, name: str = CACHE_NAME) -> "BuildCache":
        """The cache of ``out_dir``; empty when missing or of another format; empty, with a
        :attr:`warning`, when unreadable or damaged (a hostile file deletes nothing)."""
        where = (os.path.abspath(out_dir), settings, name)
        if where not in LOADED:
            LOADED.append(where)
        kept = _KEPT.pop(where, None)
        if kept is not None and kept[0] == _index_state(where):
            kept[1].out_dir = out_dir
            return kept[1]
        return cls._load(out_dir, settings, name)

    @classmethod
    def _load(cls, out_dir: Path, settings: str, name: str) -> "BuildCache":
        cache = cls(out_dir, settings, name=name)
        try:
            raw = deps.read_regular_file(cache.path, MAX_CACHE_BYTES)
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError, RecursionError) as exc:
            cache.warning = f"cannot be read ({type(exc).__name__}: {str(exc)[:200]})"
            return cache
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cache                                   # another version's: rebuilt without a word
        try:
            cache._read(data)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            cache.entries, cache.cross, cache._stats = {}, {}, {}
            cache.warning = f"is damaged ({exc})"
            return cache
        if isinstance(data.get("id"), str):
            cache._base, cache._base_bytes = data["id"], len(raw)
            cache._read_journal()
        return cache

    def _read_journal(self) -> None:
        """The changes written since the index (:meth:`save`), in order: each line is a small index
        of the letters recorded and the keys forgotten, naming the index it follows. A line of
        another index (left by an interrupted fold) or a damaged one (an interrupted append) is
        skipped: an entry it would have given is missing, so its letter is built again."""
        try:
            raw = deps.read_regular_file(self.journal_path, MAX_CACHE_BYTES)
        except FileNotFoundError:
            return
        except (OSError, ValueError):               # something else in its place: the next save folds
            self._journal_bytes = self._base_bytes
            return
        self._journal_bytes = len(raw)
        start = 0
        for line in raw.split(b"\n"):
            start, at = start + len(line) + 1, start         # each line is written after a "\n"
            try:
                data = json.loads(line.decode("utf-8"))
                if not isinstance(data, dict) or data.get("base") != self._base:
                    continue
                _, entries, stats, cross = self._entries_of(data)
                forgotten = data["forgotten"]
                if type(forgotten) is not list or not all(isinstance(key, str) for key in forgotten):
                    raise ValueError("the keys forgotten are malformed")
            except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError):
                continue
            for key in forgotten:
                self.entries.pop(key, None)
            self.entries.update(entries)
            self._stats.update(stats)
            # The problems across letters hold only if their writer had read every line before its
            # own: another build writing meanwhile (a preview beside a build) may have changed a
            # letter they compared. Otherwise they are found again.
            self.cross = self._cross_loaded = cross if data.get("seen") == at - 1 else {}

    def _read(self, data: dict) -> None:
        self._rows, self.entries, self._stats, self.cross = self._entries_of(data)
        self._row_fresh = [None] * len(self._rows)
        self._cross_loaded = self.cross

    def _entries_of(self, data: dict) -> tuple[list, dict[str, Entry], dict[str, tuple[int, int, str]], dict[str, Any]]:
        """The table of files read of an index (or of a line of its journal), its entries, the sizes
        and times its files had when hashed, and the problems across letters it keeps."""
        rows = data["files"]
        for row in rows:
            if not (isinstance(row, list) and len(row) in (3, 5) and all(isinstance(x, str) for x in row[:3])):
                raise ValueError("a row of the table of files read is malformed")
        files = [(path, [kind, digest]) for path, kind, digest, *_ in rows]
        stats = {path: (size, mtime, digest) for path, _, digest, size, mtime in
                 (row for row in rows if len(row) == 5)}
        problems = [_problem_row(row) for row in data["problems"]]
        texts = [_text(text) for text in data["texts"]]             # roots and settings, each said once
        out = os.path.realpath(self.out_dir)
        folders: dict[str, bool] = {}
        entries = {}
        for key, value in _mapping(data["letters"]).items():
            outputs = {}
            for output, recorded in _mapping(value["outputs"]).items():
                outputs[self._output_path(out, output, folders)] = _output_record(output, recorded)
            entries[key] = Entry(_text(value["source"]), texts[value["root"]], texts[value["settings"]], None,
                                 outputs, _pages(value.get("pages")), [problems[index] for index in value["problems"]],
                                 value.get("facts"), _rows(value["deps"], len(files)), files)
        cross = _mapping(data.get("cross") or {})
        return files, entries, stats, {"letters": cross.get("letters"),
                                "problems": {key: [problems[index] for index in indices]
                                             for key, indices in _mapping(cross.get("problems") or {}).items()}}

    def _output_path(self, out: str, output: str, folders: dict[str, bool]) -> str:
        """The absolute path of an output recorded below the output folder; ValueError for one that
        is not a file a build may write there (:meth:`owns`): a path that is absolute, has ``..`` or
        a link among its folders, or a suffix a build never writes. A folder is looked at once."""
        if (not isinstance(output, str) or not output.endswith(WRITTEN_SUFFIXES) or output.startswith("/")
                or any(bad in f"/{output}/" for bad in ("//", "/./", "/../", "\\"))):
            raise ValueError(f"{output!r} is not a file a build writes in {self.out_dir}")
        path = f"{out}/{output}"
        folder = path.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = os.path.realpath(folder) == folder
        if not folders[folder]:
            raise ValueError(f"{output!r} is not a file a build writes in {self.out_dir}")
        return path

    def owns(self, output: str | Path) -> bool:
        """Whether ``output`` may be one of this output folder's outputs, so recorded and, once a
        letter no longer makes it, deleted: an absolute path with no symlink or ``..`` in it, inside
        the output folder, with a suffix a build writes (:data:`WRITTEN_SUFFIXES`), a regular file
        (or no longer there)."""
        path = Path(output)
        if not path.is_absolute() or path.suffix not in WRITTEN_SUFFIXES:
            return False
        try:
            out = self.out_dir.resolve()
            if path.resolve() != path or not path.is_relative_to(out) or path == out:
                return False
            return stat.S_ISREG(os.lstat(path).st_mode)
        except FileNotFoundError:
            return True
        except (OSError, RuntimeError, ValueError):
            return False

    def save(self) -> None:
        """Write what changed since loading: as a line appended to the journal while the journal is
        small beside the index (an edit of one letter writes that letter, not 10,000), else a new
        index, written atomically (a temporary file renamed over the old one), with a new id that
        sets the old journal aside."""
        self.prune()                                      # a deleted letter's entry goes
        if self._base is not None:
            if not self._touched and self.cross == self._cross_loaded:
                return
            line = json.dumps(self._data(self._touched), ensure_ascii=False, separators=(",", ":")).encode()
            if (self._journal_bytes + len(line)) * JOURNAL_SHARE < self._base_bytes and self._append(line):
                return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        data = {"id": os.urandom(8).hex(), **self._data()}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{self.name}.", dir=self.out_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        try:
            self.journal_path.unlink(missing_ok=True)
        except OSError:          # a folder put in its place: its lines, if any, name the old index
            pass
        self._base, self._base_bytes, self._journal_bytes = data["id"], len(text), 0
        self._touched, self._cross_loaded = set(), self.cross

    def _append(self, line: bytes) -> bool:
        """Append one line to the journal in one write (never through a link put in its place);
        False when it cannot be, so that a new index is written instead."""
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0), 0o644)   # a FIFO never blocks
        except OSError:
            return False
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:     # nor is another file appended to
                return False
            written = os.write(fd, b"\n" + line + b"\n")     # a line cut short before it stands alone
        except OSError:
            return False
        finally:
            os.close(fd)
        if written != len(line) + 2:
            return False
        self._journal_bytes += written
        self._touched, self._cross_loaded = set(), self.cross
        return True

    def _data(self, only: set[str] | None = None) -> dict:
        """The index as written: every entry, or (``only``) those of these keys, with the keys of
        them that are gone (a line of the journal)."""
        files_index: dict[tuple[str, str, str], int] = {}
        files: list[list] = []
        problems = _Table()
        texts = _Table()
        out = os.path.realpath(self.out_dir)
        letters = {}
        renumbered: list[int | None] = [None] * len(self._rows)

        def number(path: str, kind: str, digest: str) -> int:
            if (path, kind, digest) not in files_index:
                files_index[path, kind, digest] = len(files)
                files.append([path, kind, digest, *self.trusted_stat(path, kind, digest)])
            return files_index[path, kind, digest]

        def renumber(row: int) -> int:
            path, (kind, digest) = self._rows[row]
            renumbered[row] = number(path, kind, digest)
            return renumbered[row]

        chosen = self.entries.items() if only is None else [(k, self.entries[k]) for k in only if k in self.entries]
        for key, entry in sorted(chosen):
            if entry.rows is not None and entry.table is self._rows:      # as loaded: each row renumbered once
                refs = [renumbered[row] if renumbered[row] is not None else renumber(row) for row in entry.rows]
            else:
                refs = [number(path, kind, digest) for path, (kind, digest) in entry.dependencies().items()]
            value = {"source": entry.source, "root": texts.add(entry.root), "settings": texts.add(entry.settings),
                     "deps": refs, "outputs": {_below(output, out): recorded for output, recorded in entry.outputs.items()},
                     "pages": entry.pages, "problems": [problems.add(p) for p in entry.problems]}
            if entry.facts is not None:
                value["facts"] = entry.facts
            letters[key] = value
        cross = {"letters": self.cross.get("letters"),
                 "problems": {key: [problems.add(p) for p in records]
                              for key, records in (self.cross.get("problems") or {}).items()}} if self.cross else {}
        data = {"format": FORMAT, "files": files, "texts": texts.rows, "problems": problems.rows,
                "letters": letters, "cross": cross}
        if only is not None:
            data.update(base=self._base, seen=self._journal_bytes,
                        forgotten=sorted(key for key in only if key not in self.entries))
        return data

    def trusted_stat(self, path: str, kind: str, digest: str) -> list[int]:
        """The size and time that stand for the content ``digest`` of the file at ``path`` ([] when
        none do: a file hashed within the clock's resolution of its last change)."""
        if kind != "file":
            return []
        known = deps.trusted_stat(path, digest)
        if known:
            return list(known)
        size, mtime, old = self._stats.get(path, (0, 0, ""))
        return [size, mtime] if old == digest else []

    # ------------------------------------------------------------------ checking

    def fresh(self, key: str, file: Path, root: Path, outputs: bool = True, source: str | None = None) -> Entry | None:
        """The entry of ``key`` when nothing it was built from changed and (unless not
        ``outputs``) its outputs are still there as written; otherwise None (the letter must
        be built). ``source``: the file's :func:`absolute` path, when the caller has it."""
        entry = self.entries.get(key)
        if (entry is None or entry.settings != self.settings or entry.source != (source or absolute(file))
                or entry.root != _text_of(root)):
            return None
        if not (self._rows_fresh(entry.rows) if entry.table is self._rows and entry.rows is not None
                else self._deps_fresh(entry.dependencies())):
            return None
        for output, recorded in entry.outputs.items() if outputs else ():
            if not self._output_intact(output, recorded):
                return None
        return entry

    def _deps_fresh(self, letter_deps: dict[str, list[str]]) -> bool:
        return all(self._state(path, kind) == (kind, digest) for path, (kind, digest) in letter_deps.items())

    def _rows_fresh(self, rows: list[int]) -> bool:
        """:meth:`_deps_fresh` of deps named by rows of the loaded table: each row is looked at once
        (10,000 letters name the same agency.yaml and template)."""
        known = self._row_fresh
        for row in rows:
            verdict = known[row]
            if verdict is None:
                path, (kind, digest) = self._rows[row]
                verdict = known[row] = self._state(path, kind) == (kind, digest)
            if not verdict:
                return False
        return True

    def _state(self, path: str, kind: str) -> tuple[str, str]:
        """The path's state now, computed once per build (many letters share a profile); a file
        whose size and time are those it had when hashed is not read again."""
        memo = (path, kind if kind == "stat" else "")
        if memo not in self._states:
            self._states[memo] = self._unchanged_file(path, kind) or deps.state(
                Path(path), kind="stat" if kind == "stat" else None)
        return self._states[memo]

    def _unchanged_file(self, path: str, kind: str) -> tuple[str, str] | None:
        known = self._stats.get(path) if kind == "file" else None
        if known is None:
            return None
        try:
            info = os.stat(path)
        except OSError:
            return None
        return ("file", known[2]) if (info.st_size, info.st_mtime_ns) == known[:2] else None

    @staticmethod
    def _output_intact(path: str, recorded: list) -> bool:
        size, mtime_ns, digest = recorded
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode):      # a link put in its place is not what the build wrote
            return False
        if (info.st_size, info.st_mtime_ns) == (size, mtime_ns):
            return True
        return info.st_size == size and deps.file_hash(Path(path)) == digest

    # ------------------------------------------------------------------ recording

    def record(self, key: str, file: Path, root: Path, letter_deps: dict[str, tuple[str, str]],
               outputs: list[Path], pages: int | None, problems: list[list],
               facts: dict[str, Any] | None = None) -> None:
        recorded = {}
        for output in outputs:
            info = output.stat()
            recorded[str(output.resolve())] = [info.st_size, info.st_mtime_ns, deps.file_hash(output)]
        self._touched.add(key)
        self.entries[key] = Entry(absolute(file), str(root), self.settings,
                                  {path: list(state) for path, state in sorted(letter_deps.items())},
                                  recorded, pages, problems, facts)

    def forget(self, key: str) -> Entry | None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self._touched.add(key)
        return entry


def _below(output: str, out: str) -> str:
    """An output's path below the output folder (as :meth:`BuildCache._output_path` reads it)."""
    return output[len(out) + 1:] if output.startswith(out + os.sep) else os.path.relpath(output, out)


class _Table:
    """Values said once on disk, named by their index (a warning given to 9,000 letters is one row)."""

    def __init__(self):
        self.rows: list = []
        self._index: dict = {}

    def add(self, value) -> int:
        key = tuple(value) if isinstance(value, list) else value
        if key not in self._index:
            self._index[key] = len(self.rows)
            self.rows.append(value)
        return self._index[key]


class Record(list):
    """A problem as the cache keeps it (:func:`generator.build.plan.problem_record`), one row of the
    loaded table shared by every letter that has it; what is made of it (its fields, its outline)
    is made once and kept here, and goes with the cache."""

    __slots__ = ("made",)


def _problem_row(row: Any) -> Record:
    if not (isinstance(row, list) and len(row) == 8 and isinstance(row[0], str) and isinstance(row[4], str)
            and all(value is None or type(value) in (str, int) for value in row)):
        raise ValueError("a problem of the table of problems is malformed")
    return Record(row)


def _rows(rows: Any, count: int) -> list[int]:
    if type(rows) is not list or not all(type(row) is int and 0 <= row < count for row in rows):
        raise ValueError("a letter names a file read that is not in the table")
    return rows


def _output_record(output: str, recorded: Any) -> list:
    if not (type(recorded) is list and len(recorded) == 3 and type(recorded[0]) is int
            and type(recorded[1]) is int and type(recorded[2]) is str):
        raise ValueError(f"the record of {output!r} is malformed")
    return recorded


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value


def _pages(value: Any) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError("a page count is not a number")
    return value


@functools.lru_cache(maxsize=64)
def _text_of(root: Path) -> str:
    return str(root)


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected a mapping, found {type(value).__name__}")
    return value


def absolute(file: Path, cwd: str | None = None) -> str:
    """A letter's path as the cache records it: absolute, without resolving links (resolving
    costs a system call per folder, per letter). ``cwd``: the working folder, when the caller
    asks for 10,000 letters (``os.path.abspath`` asks the system for it each time)."""
    return os.path.normpath(os.path.join(cwd, str(file))) if cwd is not None else os.path.abspath(file)
