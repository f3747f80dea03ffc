"""A resident saraban (``saraban serve``): Python, the pipeline's modules and the Thai dictionary
loaded once, so that ``saraban build`` and ``saraban check`` skip the start of a new process.

The server waits on a Unix socket in a folder only its user can enter. For each run it forks a
child: a copy of the server as it was after loading, which adopts the run's working folder,
environment, standard streams (passed over the socket, so colours, progress and the terminal's
width are the run's own) and arguments, runs the command exactly as a new process would, and sends
back its exit code. Nothing of one run stays for the next: every run starts from the same loaded,
untouched copy. Ctrl+C and other signals the command gets are passed on to the child.

The command uses the server only when it is running, was started from the same Python and the same
code, and the command is one it serves (:data:`SERVED`); otherwise it runs as always. Set
``SARABAN_RESIDENT=off`` to never use it. This module is standard library only: the command reads
it before anything else is imported.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

#: The commands the server runs; the others always run in their own process.
SERVED = ("build", "check")
SWITCH = "SARABAN_RESIDENT"
PACKAGE = Path(__file__).resolve().parents[1]       # generator/


def socket_folder() -> Path:
    """``$XDG_RUNTIME_DIR`` (the user's own, made by the login), else ``/tmp/saraban-UID``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return Path(runtime) if runtime else Path(os.environ.get("TMPDIR") or "/tmp") / f"saraban-{os.getuid()}"


def socket_path() -> Path:
    """One server per Python and per copy of saraban: the name holds a hash of both."""
    key = hashlib.sha256(f"{sys.executable}\0{PACKAGE}".encode()).hexdigest()[:16]
    return socket_folder() / f"saraban-{key}.sock"


def private(folder: Path) -> bool:
    """Whether ``folder`` is a real folder of this user that no one else can enter: nobody else
    may place a socket there for the command to trust, nor connect to ours."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077


def wanted(argv: list[str]) -> bool:
    """Whether this command line may go to a server: a served command, and not switched off."""
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no", "false"):
        return False
    words = [arg for index, arg in enumerate(argv) if not (index and argv[index - 1] == "--lang")]
    command = next((arg for arg in words if not arg.startswith("-")), None)
    return command in SERVED and "--help" not in argv and "-h" not in argv


def traits() -> dict:
    """What a process inherits that a server's copy cannot take from a command: Python's flags
    (``PYTHON…`` settings), groups and CPUs. A command whose differ runs by itself."""
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"flags": list(sys.flags), "groups": sorted(os.getgroups()), "cpus": cpus}
