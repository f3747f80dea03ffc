"""What a letter's output depends on, recorded by the pipeline as it reads files.

The loader notes every YAML file it reads, the profile loader every ``agency.yaml`` and
``fonts/`` folder it looks for (also when absent: adding one changes the letter), the
Resolver every image it checks, the renderer its template and every image it places.
A kind or helper that reads another file calls :func:`note_file`. The build wraps each
letter's stages in :func:`recording` and stores the result in its cache
(:mod:`generator.build.cache`), so a letter is rebuilt exactly when one of these changed.

Standard library only: the no-op build imports this without the heavy pipeline.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

#: path -> what it was when read: ("file", sha256) | ("dir", listing hash) | ("stat", size and
#: time: a large program file) | ("absent", "")
Deps = dict[str, tuple[str, str]]

_current: ContextVar[tuple[Deps, tuple[Path, ...]] | None] = ContextVar("saraban_deps", default=None)

#: path -> (sha256, size, mtime_ns) of a file as hashed, when its time is old enough to trust: a later
#: run whose stat() finds the same size and time skips reading it (git's "racy" rule: a file changed
#: within RACY_NS of being hashed could change again without its time moving, so it is not kept).
_stats: dict[str, tuple[str, int, int]] = {}
RACY_NS = 2_000_000_000


@contextlib.contextmanager
def recording(deps: Deps | None = None, ignore: tuple[Path, ...] = ()) -> Iterator[Deps]:
    """Collect the files read inside the block into ``deps`` (files under ``ignore``, the
    build's own work folder, are generated, not read)."""
    deps = {} if deps is None else deps
    token = _current.set((deps, tuple(p.resolve() for p in ignore)))
    try:
        yield deps
    finally:
        _current.reset(token)


def _target(path: Path) -> tuple[Deps, str] | None:
    current = _current.get()
    if current is None:
        return None
    deps, ignore = current
    path = Path(path).resolve()
    if any(path.is_relative_to(folder) for folder in ignore):
        return None
    return deps, str(path)


def replay(recorded: Deps) -> None:
    """Note again what an earlier, shared read recorded (a profile read once for many letters)."""
    current = _current.get()
    if current is None:
        return
    deps, ignore = current
    for key, value in recorded.items():          # keys are resolved paths already: no resolve() per letter
        if not any(Path(key).is_relative_to(folder) for folder in ignore):
            deps.setdefault(key, value)


def note_file(path: Path, data: bytes | None = None) -> None:
    """``path`` was read (``data``: the bytes read, when the caller has them)."""
    target = _target(path)
    if target:
        deps, key = target
        if data is None:
            deps[key] = state(Path(key))
        else:
            deps[key] = ("file", hashlib.sha256(data).hexdigest())
            _remember_stat(key, deps[key][1])


def note_dir(path: Path) -> None:
    """Every file below ``path`` was used (a fonts/ folder)."""
    target = _target(path)
    if target:
        deps, key = target
        deps[key] = state(Path(key), folder=True)


def note_absent(path: Path) -> None:
    """``path`` was looked for and not found; it appearing later changes the letter."""
    target = _target(path)
    if target:
        deps, key = target
        deps.setdefault(key, ("absent", ""))


def state(path: Path, folder: bool = False, kind: str | None = None) -> tuple[str, str]:
    """What ``path`` is now, in the form :func:`note_file` / :func:`note_dir` record
    (``kind`` "stat": only its size and modification time)."""
    try:
        if kind == "stat":
            info = path.stat()
            return ("stat", f"{info.st_size}-{info.st_mtime_ns}")
        if folder or kind == "dir" or path.is_dir():
            return ("dir", listing_hash(path)) if path.is_dir() else ("absent", "")
        digest = file_hash(path)
        _remember_stat(str(path), digest)
        return ("file", digest)
    except (FileNotFoundError, NotADirectoryError, PermissionError, OSError):
        return ("absent", "")


def _remember_stat(path: str, digest: str) -> None:
    try:
        info = os.stat(path)
    except OSError:
        return
    if info.st_mtime_ns < time.time_ns() - RACY_NS:
        _stats[path] = (digest, info.st_size, info.st_mtime_ns)
    else:
        _stats.pop(path, None)


def trusted_stat(path: str, digest: str) -> tuple[int, int] | None:
    """The size and time ``path`` had when it was hashed to ``digest``, if they can stand for its
    content next time (see :data:`_stats`)."""
    known = _stats.get(path)
    return (known[1], known[2]) if known and known[0] == digest else None


def file_hash(path: Path) -> str:
    """The sha256 of a regular file; FileNotFoundError for anything else (a FIFO or device,
    which a damaged cache may name, is never read: opened without blocking, checked first)."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileNotFoundError(f"not a regular file: {path}")
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (opened without blocking, checked
    before reading: a FIFO or device in its place is refused); OSError or ValueError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit >> 20} MB")
    return data


def listing_hash(folder: Path) -> str:
    """Names, sizes and modification times of every file below ``folder``."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(folder)):
        dirnames.sort()
        for name in sorted(filenames):
            file = Path(dirpath) / name
            info = file.stat()
            digest.update(f"{file.relative_to(folder)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
