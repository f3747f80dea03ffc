"""The build's work folder in ``out/``, and what killed runs left behind.

A build renders and converts in ``out/.saraban-XXXX`` (on the output's file system, so a finished
file moves into place in one rename) and removes it on every exit path Python sees: a return, an
exception, Ctrl+C, SIGTERM (:func:`raise_on_signals`). A run killed outright (SIGKILL, a power
cut) cannot; so each work folder holds an ``owner`` file naming its process, and every build first
removes the folders of processes that are gone (:func:`remove_leftovers`), with the cache's own
temporary files (``..saraban-cache.json.XXXX``) and ``saraban issue``'s (``.a0075.yaml.XXXX.tmp``,
:func:`remove_issue_leftovers`) of the same kind.

Standard library only.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

from generator.errors import SetupError

PREFIX = ".saraban-"
OWNER = "owner"
CACHE_TMP = "..saraban-cache.json."     # the cache's temporary file while it is replaced (build/cache.py)
#: A work folder without an owner file (a version before owners were written) or a temporary file
#: is taken for a leftover once it is this old: no build or write takes that long.
STALE_SECONDS = 6 * 3600
#: The errors of a disk that cannot take the output: full, over quota, read-only, not allowed.
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}


class Interrupted(KeyboardInterrupt):
    """A signal that ends the run (SIGTERM, SIGHUP): raised so that every ``finally`` runs."""


_pending: list[BaseException] = []        # the interruption a signal raised, until the run ends


def _raise(signum, frame):
    stop = KeyboardInterrupt() if signum == signal.SIGINT else Interrupted(signal.Signals(signum).name)
    _pending[:] = [stop]
    raise stop


def stop_if_interrupted() -> None:
    """Raise again an interruption that was lost: CPython drops an exception a signal raises while a
    finaliser runs ("Exception ignored in …"), and a fresh machine once ran a build to its end after
    Ctrl+C. Called between letters."""
    if _pending:
        raise _pending[0]


@contextlib.contextmanager
def raise_on_signals() -> Iterator[None]:
    """SIGTERM (and SIGHUP) raise :class:`Interrupted` inside the block, and Ctrl+C (SIGINT)
    KeyboardInterrupt: work folders and temporary files are removed on the way out. Each is also
    kept for :func:`stop_if_interrupted`, and one that a finaliser swallows is not printed with a
    traceback ("Exception ignored in …"): it is raised again before the next letter."""
    names = ("SIGTERM", "SIGHUP", "SIGINT")
    previous = {}
    _pending.clear()
    hook = sys.unraisablehook

    def quiet(unraisable) -> None:
        if not (_pending and unraisable.exc_value is _pending[0]):
            hook(unraisable)

    sys.unraisablehook = quiet
    for name in names:
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):     # not the main thread
                previous[number] = signal.signal(number, _raise)
    try:
        yield
    finally:
        _pending.clear()
        sys.unraisablehook = hook
        for number, handler in previous.items():
            signal.signal(number, handler)


def _process_start(pid: int) -> str:
    """When process ``pid`` started (Linux: /proc/PID/stat field 22), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _owner_line() -> str:
    return f"{os.getpid()} {_process_start(os.getpid())} {socket.gethostname()}\n"


def _gone(owner: str) -> bool:
    """Whether the process an owner line names has ended (on this machine; another's is left)."""
    try:
        pid_text, started, host = owner.split(" ", 2)
        pid = int(pid_text)
    except ValueError:
        return True
    if host.strip() != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    return bool(started) and _process_start(pid) not in ("", started)


def _old(path: Path) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left in ``out_dir``; the paths removed."""
    removed = []
    try:
        entries = list(out_dir.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.is_symlink():
            continue
        if entry.name.startswith(PREFIX) and entry.is_dir():
            try:
                stale = _gone((entry / OWNER).read_text(encoding="utf-8"))
            except FileNotFoundError:
                stale = _old(entry)
            except OSError:
                stale = False
            if stale:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
        elif entry.name.startswith(CACHE_TMP) and entry.is_file() and _old(entry):
            entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


@contextlib.contextmanager
def work_folder(out_dir: Path) -> Iterator[Path]:
    """A new work folder in ``out_dir`` (made when missing), owned by this process, removed however
    the block ends; a SetupError saying why when the disk cannot take it (full, read-only)."""
    work = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_leftovers(out_dir)
        work = Path(tempfile.mkdtemp(prefix=PREFIX, dir=out_dir))
        (work / OWNER).write_text(_owner_line(), encoding="utf-8")
    except OSError as exc:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if write_error(exc):
            raise SetupError(write_message(exc, out_dir)) from None
        raise
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


#: ``saraban issue``'s temporary file beside a letter: ``.NAME.yaml.XXXXXXXX.tmp`` (tempfile.mkstemp).
ISSUE_TMP = re.compile(r"^\..+\.ya?ml\.[a-z0-9_]{8}\.tmp$")


def remove_issue_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files killed ``saraban issue`` runs left below ``folder``. Call it
    holding the tree's lock (registers/numbering.py tree_lock): no other issue is writing one."""
    removed = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            tmp = Path(dirpath) / name
            if ISSUE_TMP.match(name) and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    return removed


#: Less free space than this where the output goes: the disk is taken for full (a PDF is ~100 kB).
FULL_BELOW = 1 << 20


def disk_full(folder: Path) -> bool:
    """Whether the disk of ``folder`` is (nearly) full: a program that only says it failed to
    write (LibreOffice) is then told apart from one that failed for another reason."""
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def write_error(exc: OSError) -> bool:
    """Whether ``exc`` says the disk cannot take the output (full, read-only, not allowed)."""
    return exc.errno in WRITE_ERRNOS


def write_message(exc: OSError, out_dir: Path) -> str:
    """What a clerk is told when the output cannot be written."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full"
        hint = "free some space (or choose another --out) and build again"
    else:
        why = "the output folder is read-only or not yours to write"
        hint = "choose another --out, or ask for write access to it"
    return f"cannot write to {out_dir}: {why} ({exc.strerror}); {hint}"
