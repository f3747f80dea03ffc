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
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import deps
from generator.errors import Problem

#: A cache file is a few hundred bytes per letter; a larger one is no cache of ours.
MAX_CACHE_BYTES = 64 << 20


def _mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError(f"expected a mapping, found {type(value).__name__}")
    return value

CACHE_NAME = ".saraban-cache.json"
FORMAT = 1
#: What a build writes into ``out/``: the only files the cache ever names as outputs, so the only
#: ones a build ever deletes (an output a letter no longer makes).
WRITTEN_SUFFIXES = (".docx", ".pdf")
PACKAGE = Path(__file__).resolve().parents[1]      # generator/
# Libraries whose version can change a DOCX or PDF byte (pikepdf writes every PDF, lxml the draft
# mark's headers), or whether a letter builds at all (pypdfium2 reads which fonts draw its text).
LIBRARIES = ("docxtpl", "python-docx", "lxml", "jinja2", "segno", "fonttools", "markupsafe", "pikepdf", "pypdfium2")


@functools.lru_cache(maxsize=None)
def generator_fingerprint() -> str:
    """Hash of every file of the generator package and of the libraries' versions: a code
    change anywhere in the pipeline rebuilds every letter."""
    from importlib import metadata

    digest = hashlib.sha256(f"cache {FORMAT}\n".encode())
    for file in sorted(PACKAGE.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".pyo"):
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library}={version}\n".encode())
    return digest.hexdigest()


def settings_key(engine: str) -> str:
    return f"{generator_fingerprint()[:32]} engine={engine}"


@dataclass
class Entry:
    """One letter as it was last built."""

    source: str                                  # the letter file, absolute
    root: str                                    # its letters root, absolute
    settings: str
    deps: dict[str, list[str]]                   # path -> [kind, digest] (see generator.deps)
    outputs: dict[str, list]                     # output path -> [size, mtime_ns, sha256]
    pages: int | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)


class BuildCache:
    """The entries of one output folder, checked against the files as they are now."""

    def __init__(self, out_dir: Path, settings: str, entries: dict[str, Entry] | None = None):
        self.out_dir = out_dir
        self.settings = settings
        self.entries = entries or {}
        self.warning: str | None = None         # why a damaged cache file was ignored
        self._states: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def path(self) -> Path:
        return self.out_dir / CACHE_NAME

    @classmethod
    def load(cls, out_dir: Path, settings: str) -> "BuildCache":
        """The cache of ``out_dir``; empty when missing, unreadable or of another format."""
        cache = cls(out_dir, settings)
        try:
            data = json.loads(deps.read_regular_file(cache.path, MAX_CACHE_BYTES).decode("utf-8"))
        except FileNotFoundError:
            return cache
        except (OSError, ValueError) as exc:
            cache.warning = f"cannot be read ({exc})"
            return cache
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cache                                   # another version's: rebuilt without a word
        try:
            cache.entries = {key: cache._entry(value) for key, value in _mapping(data.get("letters")).items()}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            cache.entries, cache.warning = {}, f"is damaged ({exc})"
        return cache

    def _entry(self, value: Any) -> Entry:
        """One entry of the file, every field of the type it must have; every output one the build
        may have written (:meth:`owns`); ValueError otherwise."""
        entry = Entry(**_mapping(value))
        if not all(isinstance(x, str) for x in (entry.source, entry.root, entry.settings)):
            raise ValueError("a letter's source, root or settings is not text")
        for path, state in _mapping(entry.deps).items():
            if not (isinstance(state, list) and len(state) == 2 and all(isinstance(x, str) for x in state)):
                raise ValueError(f"the recorded state of {path!r} is malformed")
        for output, recorded in _mapping(entry.outputs).items():
            if not self.owns(output):
                raise ValueError(f"{output!r} is not a file a build writes in {self.out_dir}")
            if not (isinstance(recorded, list) and len(recorded) == 3 and isinstance(recorded[2], str)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in recorded[:2])):
                raise ValueError(f"the record of {output!r} is malformed")
        if entry.pages is not None and (not isinstance(entry.pages, int) or isinstance(entry.pages, bool)):
            raise ValueError("a page count is not a number")
        for record in entry.warnings:
            Problem(**{**_mapping(record), "file": Path(record["file"])})   # TypeError when it is no problem
        return entry

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
        """Write the cache atomically (a temporary file renamed over the old one)."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        letters = {key: vars(entry) for key, entry in sorted(self.entries.items())
                   if Path(entry.source).exists()}          # a deleted letter's entry goes
        text = json.dumps({"format": FORMAT, "letters": letters}, ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(prefix=f".{CACHE_NAME}.", dir=self.out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # ------------------------------------------------------------------ checking

    def fresh(self, key: str, file: Path, root: Path) -> Entry | None:
        """The entry of ``key`` when nothing it was built from changed and its outputs are
        still there as written; otherwise None (the letter must be built)."""
        entry = self.entries.get(key)
        if (entry is None or entry.settings != self.settings or entry.source != str(file.resolve())
                or entry.root != str(root)):
            return None
        for path, (kind, digest) in entry.deps.items():
            if self._state(path, kind) != (kind, digest):
                return None
        for output, recorded in entry.outputs.items():
            if not self._output_intact(Path(output), recorded):
                return None
        return entry

    def _state(self, path: str, kind: str) -> tuple[str, str]:
        """The path's state now, computed once per build (many letters share a profile)."""
        memo = (path, kind if kind == "stat" else "")
        if memo not in self._states:
            self._states[memo] = deps.state(Path(path), kind="stat" if kind == "stat" else None)
        return self._states[memo]

    @staticmethod
    def _output_intact(path: Path, recorded: list) -> bool:
        size, mtime_ns, digest = recorded
        try:
            info = path.stat()
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) == (size, mtime_ns):
            return True
        return info.st_size == size and deps.file_hash(path) == digest

    # ------------------------------------------------------------------ recording

    def record(self, key: str, file: Path, root: Path, letter_deps: dict[str, tuple[str, str]],
               outputs: list[Path], pages: int | None, warnings: list[dict[str, Any]]) -> None:
        recorded = {}
        for output in outputs:
            info = output.stat()
            recorded[str(output.resolve())] = [info.st_size, info.st_mtime_ns, deps.file_hash(output)]
        self.entries[key] = Entry(str(file.resolve()), str(root), self.settings,
                                  {path: list(state) for path, state in sorted(letter_deps.items())},
                                  recorded, pages, warnings)

    def forget(self, key: str) -> Entry | None:
        return self.entries.pop(key, None)
