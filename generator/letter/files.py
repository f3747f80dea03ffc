"""The one boundary for the files a letter may read: everything a letter or profile names.

An emblem, a certificate photo, an enclosure, an agency template, a ``fonts/`` folder: each is
named by a path relative to the file that names it, and each must be a regular file (a folder,
for ``fonts/``) inside the letters root, within a size limit. Every reader of such a file goes
through :func:`inside` or :func:`read_inside`:

- the name is resolved (symlinks followed, ``..`` applied) and must land inside the root;
  anything else, an absolute path, a ``../`` chain or a symlink leading out, gets ONE message
  whatever is out there (``/etc/shadow`` and ``/nonexistent/x.png`` read the same), so a letter
  cannot probe the machine;
- the file is opened without following a last symlink and without blocking (a FIFO would
  wait for a writer for ever) and checked with ``fstat``: a device, FIFO, socket or folder is
  refused before a byte is read, so ``/dev/zero`` neither hangs nor fills memory;
- a file over its limit (:data:`LIMITS`) is refused; reading stops at the limit.

Standard library only (the no-op build finds font folders through :func:`font_folder_problem`).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from generator import deps
from generator.errors import LetterError, Problem
from generator.letter.parts import PARTS

MB = 1 << 20
#: The largest file of each sort a letter may name (bytes). An agency.yaml is a page of text; an
#: official emblem or a photo is a few hundred kB; a Word template a few MB at most; a TTF font
#: family member up to ~30 MB (CJK fonts); an enclosure, a scanned PDF, up to tens of MB.
LIMITS = {"profile": 1 * MB, "image": 10 * MB, "template": 20 * MB, "font": 50 * MB, "enclosure": 100 * MB}
#: How many files a ``fonts/`` folder may hold (fontconfig reads every one of them).
MAX_FONT_FILES = 200

#: What each sort of file should be, for the hint.
EXPECTED = {
    "profile": "the agency profile",
    "image": "a PNG or JPEG file",
    "template": "a Word template (.docx)",
    "font": "a folder of font files (.ttf, .otf)",
    "enclosure": "the file sent with the letter",
}

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)


class Refused(Exception):
    """A named file the boundary refuses; ``str()`` says why, in words a clerk can act on."""


def outside_message(name: str, sort: str = "file") -> str:
    """The one message for a name leading out of the letters root, whatever is out there."""
    return f"`{name}` is not a {sort} inside the letters folder"


def resolve_inside(root: Path, base: Path, name: str, shown: str | None = None, sort: str = "file") -> Path:
    """``name`` (relative to the folder ``base``) resolved; Refused unless inside ``root``
    (the message names it ``shown``, default ``name``)."""
    root = Path(root).resolve()
    try:
        path = (Path(base) / name).resolve()
    except (OSError, RuntimeError, ValueError):        # a symlink loop, a NUL in the name
        raise Refused(outside_message(shown or name, sort)) from None
    if not path.is_relative_to(root):
        raise Refused(outside_message(shown or name, sort))
    return path


def _open(path: Path, name: str, what: str) -> tuple[int, os.stat_result]:
    """A read-only descriptor of ``path`` (a regular file within the limit) and its fstat."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise Refused(f"`{name}` does not exist") from None
    except PermissionError:
        raise Refused(f"`{name}` cannot be read (permission denied)") from None
    except OSError:                 # ELOOP: a symlink put there after the resolve; ENXIO: a socket
        raise Refused(outside_message(name)) from None
    info = os.fstat(fd)
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = f"`{name}` is a folder, not a file"
    elif not stat.S_ISREG(info.st_mode):
        problem = f"`{name}` is not a regular file (a device, pipe or socket)"
    elif info.st_size > LIMITS[what]:
        problem = _too_large(name, info.st_size, what)
    if problem:
        os.close(fd)
        raise Refused(problem)
    return fd, info


def _too_large(name: str, size: int, what: str) -> str:
    return f"`{name}` is {size / MB:.1f} MB; the limit for {'an' if what[0] in 'aeiou' else 'a'} {what} is {LIMITS[what] // MB} MB"


def inside(root: Path, base: Path, name: str, what: str) -> Path:
    """The path of ``name`` when it is a regular file inside ``root`` within ``what``'s limit."""
    path = resolve_inside(root, base, name)
    fd, _ = _open(path, name, what)
    os.close(fd)
    return path


def read_inside(root: Path, base: Path, name: str, what: str) -> tuple[Path, bytes]:
    """``name``'s path and bytes, read through the boundary (at most the limit is read)."""
    path = resolve_inside(root, base, name)
    return path, read_regular(path, name, what)


def read_regular(path: Path, name: str, what: str) -> bytes:
    """The bytes of ``path`` when it is a regular file within ``what``'s limit (no FIFO, device
    or folder is ever read from); Refused otherwise. Where it is, is the caller's to check."""
    fd, _ = _open(Path(path).resolve(), name, what)
    limit = LIMITS[what]
    try:
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise Refused(f"`{name}` cannot be read ({exc.strerror})") from None
    if len(data) > limit:            # grew after the fstat
        raise Refused(_too_large(name, len(data), what))
    return data


def font_folder_problem(root: Path, folder: Path) -> str | None:
    """Why the ``fonts/`` folder ``folder`` may not be used (None when it may): it and everything
    fontconfig would read below it (symlinks followed) must be inside ``root``, regular files
    within the font limit, at most :data:`MAX_FONT_FILES` of them."""
    name = f"{folder.name}/"
    root = Path(root).resolve()
    try:
        real = resolve_inside(root, folder.parent, folder.name, name, "folder")
    except Refused as exc:
        return str(exc)
    if not real.is_dir():
        return f"`{name}` is not a folder"
    count, seen = 0, set()
    for dirpath, dirnames, filenames in os.walk(real, followlinks=True):
        here = Path(dirpath)
        if here.resolve() in seen:
            dirnames[:] = []
            continue
        seen.add(here.resolve())
        for entry in dirnames + filenames:
            shown = f"{name}{(here / entry).relative_to(real).as_posix()}"
            try:
                path = resolve_inside(root, here, entry, shown)
                if entry in filenames:
                    os.close(_open(path, shown, "font")[0])
                    count += 1
            except Refused as exc:
                return str(exc)
        if count > MAX_FONT_FILES:
            return f"`{name}` holds more than {MAX_FONT_FILES} files"
    return None


def refused_problem(refused: Refused, named_in: Path, line: int | None, key: str, what: str,
                    rule: str | None = None) -> Problem:
    """The error for a refused file: where it was named (file, line, key) and what is expected."""
    return Problem(named_in, line, key, PARTS.get(key.split(".")[0]), str(refused),
                   f"give the path, relative to {named_in.name}, of {EXPECTED[what]} inside the letters folder",
                   "error", rule)


def read_named(root: Path, named_in: Path, line: int | None, key: str, name: str,
               what: str) -> tuple[Path, bytes]:
    """:func:`read_inside`, a refusal raised as the letter's error (file, line, key, what is expected)."""
    try:
        path, data = read_inside(root, named_in.parent, name, what)
    except Refused as exc:
        _note_if_absent(root, named_in.parent, name)
        raise LetterError([refused_problem(exc, named_in, line, key, what)]) from None
    deps.note_file(path, data)
    return path, data


def _note_if_absent(root: Path, base: Path, name: str) -> None:
    """A missing file inside the tree is a dependency: adding it changes the letter."""
    try:
        path = resolve_inside(root, base, name)
    except Refused:
        return
    if not os.path.lexists(path):
        deps.note_absent(path)
