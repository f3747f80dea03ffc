"""The messages between the command and the server: a length, then JSON; file descriptors (the
command's standard streams) ride with a message's first bytes. Standard library only."""
from __future__ import annotations

import json
import os
import socket
import struct

HEAD = struct.Struct("!I")
MAX_BYTES = 4 << 20          # an environment and a command line: far less than this


def send(sock: socket.socket, message: dict, fds: tuple[int, ...] = ()) -> None:
    body = json.dumps(message).encode()
    data = HEAD.pack(len(body)) + body
    sent = socket.send_fds(sock, [data], list(fds)) if fds else sock.send(data)
    if sent < len(data):
        sock.sendall(data[sent:])


def receive(sock: socket.socket, max_fds: int = 0) -> tuple[dict, list[int]]:
    """One message and the descriptors that came with it, reading no byte past it (the next
    message may follow at once). ``ConnectionError`` when the other side closed before a whole
    message; ``ValueError`` for one that is not ours."""
    if max_fds:
        data, fds, _, _ = socket.recv_fds(sock, HEAD.size, max_fds)
    else:
        data, fds = sock.recv(HEAD.size), []
    try:
        if not data:
            raise ConnectionError("closed")
        data += _exactly(sock, HEAD.size - len(data))
        size = HEAD.unpack(data)[0]
        if size > MAX_BYTES:
            raise ValueError("message too long")
        message = json.loads(_exactly(sock, size))
        if not isinstance(message, dict):
            raise ValueError("not a message")
    except BaseException:
        for fd in fds:
            _close(fd)
        raise
    return message, fds


def _exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        more = sock.recv(min(count - len(data), 1 << 16))
        if not more:
            raise ConnectionError("closed in the middle of a message")
        data += more
    return data


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
