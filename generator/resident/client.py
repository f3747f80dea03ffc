"""The command's side: hand the run to a resident saraban when one is there (see the package).

Everything before the server says it has started the run falls back to running here, silently: no
server, a server of other code, a socket that is not ours. After that the run is the server's, and
its exit code is the command's. Standard library only.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import sys
from typing import Iterator

from generator.resident import private, socket_path, traits, wanted, wire

#: The signals passed on to the run: Ctrl+C, a kill, a closed terminal.
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
EXIT_BUG = 4            # as generator.build.console.EXIT_BUG (not imported: that loads rich)
HANDSHAKE_SECONDS = 5
GO = b"\x00"             # the run started and this command waits for it: the server may run it


def run(argv: list[str]) -> int | None:
    """The exit code of ``saraban ARGV`` run by the resident saraban, or None: run it here."""
    if not wanted(argv):
        return None
    request = _request(argv)
    path = socket_path()
    if request is None or not private(path.parent):
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(HANDSHAKE_SECONDS)      # a stopped or busy server: run it here
        try:
            sock.connect(str(path))
            if not same_user(sock):
                return None
            # Our streams go only to a server that answers: a message waiting for a stopped one
            # would hold them open (a `| tee` would wait for it).
            wire.receive(sock)
            wire.send(sock, request, fds=(0, 1, 2))
            started, _ = wire.receive(sock)
            if started.get("started") is not True:
                return None
            sock.sendall(GO)
        except (OSError, ValueError):
            return None
        sock.settimeout(None)
        with _forwarding(sock) as forwarded:
            try:
                done, _ = wire.receive(sock)
            except (OSError, ValueError):
                done = {}
    code = done.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        return code
    if forwarded:                          # it died of the signal passed on to it: so do we
        signal.signal(forwarded[-1], signal.SIG_DFL)
        os.kill(os.getpid(), forwarded[-1])
    print("saraban: the resident saraban (saraban serve) stopped before the command ended; run it again, "
          "or set SARABAN_RESIDENT=off (ตัวช่วยที่ทำงานค้างไว้หยุดก่อนคำสั่งจบ สั่งใหม่อีกครั้ง)", file=sys.stderr)
    return EXIT_BUG


def same_user(sock: socket.socket) -> bool:
    """Whether the process at the other end of ``sock`` is of this user (SO_PEERCRED: Linux)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True                      # the folder's own check stands alone
    credentials = struct.Struct("3i")
    _, uid, _ = credentials.unpack(sock.getsockopt(socket.SOL_SOCKET, option, credentials.size))
    return uid == os.getuid()


def _request(argv: list[str]) -> dict | None:
    """The run as the server's child takes it: what a new process would have inherited."""
    streams = (sys.stdin, sys.stdout, sys.stderr)
    if any(stream is None or not getattr(stream, "encoding", None) for stream in streams):
        return None
    try:
        cwd = os.getcwd()
    except OSError:                  # the working folder is gone: let the command say so here
        return None
    umask = os.umask(0o022)
    os.umask(umask)
    for stream in streams[1:]:
        stream.flush()
    return {"argv": argv, "cwd": cwd, "env": dict(os.environ), "umask": umask,
            "streams": [[stream.encoding, stream.errors] for stream in streams], **traits()}


@contextlib.contextmanager
def _forwarding(sock: socket.socket) -> Iterator[list[int]]:
    """The signals this command gets, passed on to the run as one byte each (and listed)."""
    forwarded: list[int] = []

    def forward(signum, frame):
        forwarded.append(signum)
        with contextlib.suppress(OSError):
            sock.send(bytes([signum]))
    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        yield forwarded
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
