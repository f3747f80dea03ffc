"""The server's side of a resident saraban (see the package): load once, fork a child per run.

The child is the server as it was after loading: it takes the run's working folder, environment,
umask, standard streams and arguments, runs the command as ``python -m generator`` would, and
sends back the exit code. A byte from the command is a signal it got (Ctrl+C), raised in the
child; the command's end (even a kill) closes the socket, which stops the child as SIGTERM would.
"""
from __future__ import annotations

import contextlib
import gc
import io
import json
import locale
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from generator.build import cache
from generator.errors import SetupError
from generator.pdf.engines import warm
from generator.resident import private, socket_folder, socket_path, traits, wire
from generator.resident.client import EXIT_BUG, FORWARDED, GO, same_user
from generator.text import linebreak

Command = Callable[[list[str]], int]
STARTED_IN = os.getcwd()
IDLE_MINUTES = 120.0
TICK = 0.2                      # seconds between looks at finished children and the idle time


def serve(command: Command, idle_minutes: float, say: Callable[[str], None]) -> int:
    """Load, then run each command sent until idle for ``idle_minutes`` or interrupted. Exits
    with the new code in place of this process when the generator's code changes."""
    _load()
    with _listening() as listener, contextlib.closing(Office(socket_folder(), say)) as office:
        office.keep([])
        say(f"ready: saraban build and saraban check now start here ({listener.getsockname()}); "
            f"Ctrl+C stops (พร้อมแล้ว: คำสั่ง build และ check จะเริ่มทำงานทันที กด Ctrl+C เพื่อหยุด)")
        gc.freeze()                 # what was loaded is never collected: the children share its pages
        if not _runs(listener, office, command, idle_minutes, say):
            say(f"no command for {idle_minutes:g} minutes: stopped")
            return 0
    say("the generator's code changed: starting again with the new code")
    os.execv(sys.executable, [sys.executable, "-m", "generator", *sys.argv[1:]])


def _runs(listener: socket.socket, office: "Office", command: Command, idle_minutes: float,
          say: Callable[[str], None]) -> bool:
    """Start a run for each command that connects; False once idle, True when the code changed."""
    fingerprint = cache.generator_fingerprint()
    children: dict[int, int] = {}              # pid -> the pipe on which it says what it read and started
    last = time.monotonic()
    while children or time.monotonic() - last < idle_minutes * 60:
        _reap(children, office)
        office.running()
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        last = time.monotonic()
        with connection:
            if _code_changed(fingerprint):
                _wait_for(children)
                return True
            started = _start(connection, listener, command)
        if started:
            pid, pipe, request = started
            children[pid] = pipe
            say(f"{time.strftime('%H:%M:%S')} saraban {' '.join(request['argv'])} (in {request['cwd']}, process {pid})")
    return False


def _load() -> None:
    """What every run needs and a new process spends most of its start on: the pipeline's modules,
    the kinds, the Thai dictionary. Only what is made from the package itself: a run's own files
    (letters, agency, fonts, the index) are read by the run."""
    from generator.build import pipeline  # noqa: F401  (its imports are the point)
    from generator.kinds import all_kinds

    all_kinds()
    linebreak.load_now()


def _code_changed(fingerprint: str) -> bool:
    cache.generator_fingerprint.cache_clear()
    return cache.generator_fingerprint() != fingerprint


@contextlib.contextmanager
def _listening() -> Iterator[socket.socket]:
    folder, path = socket_folder(), socket_path()
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SetupError(f"cannot make {folder} for the resident saraban: {exc.strerror or exc}") from None
    if not private(folder):
        raise SetupError(f"{folder} is not a folder of this user that only it can enter: the resident saraban "
                         "does not wait there (set XDG_RUNTIME_DIR to such a folder)")
    if _answers(path):
        raise SetupError(f"a resident saraban is already running ({path})")
    with contextlib.suppress(FileNotFoundError):
        path.unlink()                         # left by a server that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(path))
    except OSError as exc:
        listener.close()
        raise SetupError(f"cannot wait on {path}: {exc.strerror or exc}") from None
    try:
        bound = os.stat(path).st_ino
        os.chmod(path, 0o600)
        listener.listen(16)
        listener.settimeout(TICK)
        yield listener
    finally:
        listener.close()
        with contextlib.suppress(OSError, UnboundLocalError):
            if os.stat(path).st_ino == bound:        # still ours
                path.unlink()


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _reap(children: dict[int, int], office: Office) -> None:
    """Forget the children that ended; load the indexes they read for the next run (it finds them
    loaded if their files are unchanged: a build's own reading of a 10,000-letter index is a fifth
    of a second), and keep a LibreOffice running for the fonts their PDFs were made with."""
    for child, pipe in list(children.items()):
        with contextlib.suppress(ChildProcessError):
            done, _ = os.waitpid(child, os.WNOHANG)
            if not done:
                continue
        del children[child]
        indexes, fonts = _report(pipe)
        for where in indexes:
            with contextlib.suppress(Exception):        # not loaded now: the next run reads it itself
                cache.keep_loaded(where)
        if fonts:
            office.keep(fonts[-1])
        gc.freeze()


def _wait_for(children: dict[int, int]) -> None:
    """Let the runs going on end (their LibreOffice is stopped once they have)."""
    for child, pipe in children.items():
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)
        with contextlib.suppress(OSError):
            os.close(pipe)


def _report(pipe: int) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """What a run read and started: the indexes (as cache.LOADED names them) and the font folders
    of its LibreOffice sessions."""
    try:
        with open(pipe, "rb") as reader:
            report = json.loads(reader.read(1 << 20) or b"{}")
    except (OSError, ValueError):
        return [], []
    if not isinstance(report, dict):
        return [], []
    strings = lambda items, length=None: (isinstance(items, list) and (length is None or len(items) == length)  # noqa: E731
                                          and all(isinstance(item, str) for item in items))
    indexes = [tuple(where) for where in report.get("indexes") or [] if strings(where, 3)]
    fonts = [folders for folders in report.get("fonts") or [] if strings(folders)]
    return indexes, fonts


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl+C, SIGTERM and SIGHUP kept until the block ends, then delivered. Handlers, not a signal
    mask: a process started in the block must not inherit signals blocked."""
    held: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: held.append(signum)) for signum in FORWARDED}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if held:
            os.kill(os.getpid(), held[0])


class Office:
    """The LibreOffice kept running for the runs (pdf.engines.warm.Standby): started for the font
    folders of the last run that made PDFs (at the start: none, the usual case), started again
    when they change or it stopped, and stopped with the server. Its process group is written
    beside the socket, so that a server killed outright has its LibreOffice stopped by the next."""

    def __init__(self, folder: Path, say: Callable[[str], None]):
        self.say = say
        self.work = Path(tempfile.mkdtemp(prefix="saraban-office-"))
        self.lock = str(folder / (socket_path().name + ".office.lock"))
        self.record = folder / (socket_path().name + ".office.pid")
        self.process: subprocess.Popen | None = None
        _stop_left_over(self.record)

    def keep(self, fonts: list[str]) -> None:
        folders = [Path(folder) for folder in fonts]
        standby = warm.STANDBY
        if standby is not None and self.running() and standby.key == warm.standby_key(standby.key[0], folders):
            return
        if not self.stop(force=False):
            return                     # a run drives it now: changed after that run
        if not warm.WarmLibreOfficeEngine.available():
            return
        try:
            with _signals_held():      # an interruption between its start and its record would orphan it
                warm.STANDBY, self.process = warm.start_standby(warm.WarmLibreOfficeEngine(folders), self.work,
                                                                self.lock)
                self.record.write_text(str(self.process.pid), encoding="ascii")
        except Exception as exc:       # noqa: BLE001 - no standby: each run starts its own, as without a server
            self.say(f"LibreOffice was not kept running: {exc}")
            return
        shown = ", ".join(fonts) or "the substitute font only"
        self.say(f"LibreOffice kept running for the PDFs (process {self.process.pid}; fonts: {shown})")

    def running(self) -> bool:
        """Whether it still runs (one a run killed, after a failure, is forgotten)."""
        if self.process is not None and self.process.poll() is not None:
            self.stop()
        return self.process is not None

    def stop(self, force: bool = True) -> bool:
        """Stop it; unless ``force``, only when no run drives it (False: one does)."""
        lock = None
        if not force and self.process is not None:
            lock = warm.locked(self.lock)
            if lock is None:
                return False
        try:
            standby, warm.STANDBY = warm.STANDBY, None
            if self.process is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=10)
                self.process = None
            if standby is not None:
                shutil.rmtree(standby.profile, ignore_errors=True)
            self.record.unlink(missing_ok=True)
        finally:
            if lock is not None:
                os.close(lock)
        return True

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def _stop_left_over(record: Path) -> None:
    """Stop the kept LibreOffice of a server that was killed outright: its process group, if a
    process in it is still a soffice on a saraban standby pipe."""
    try:
        group = int(record.read_text(encoding="ascii"))
    except (OSError, ValueError):
        group = 0
    if group > 1 and any(_standby_in_group(entry, group) for entry in Path("/proc").iterdir()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)
    record.unlink(missing_ok=True)


def _standby_in_group(entry: Path, group: int) -> bool:
    try:
        in_group = entry.name.isdigit() and os.getpgid(int(entry.name)) == group
        return in_group and b"saraban-standby-" in (entry / "cmdline").read_bytes()
    except OSError:
        return False


def _start(connection: socket.socket, listener: socket.socket, command: Command) -> tuple[int, int, dict] | None:
    """Fork the child for the run ``connection`` asks for: its pid, the pipe on which it names the
    indexes it read, and the run asked for; None if it asked for no run."""
    connection.settimeout(5)
    try:
        if not same_user(connection):
            return None
        wire.send(connection, {"ready": True})
        request, fds = wire.receive(connection, max_fds=3)
    except (OSError, ValueError, RecursionError):
        return None
    try:
        if len(fds) != 3 or not _well_formed(request):
            return None
        sys.stdout.flush()
        sys.stderr.flush()
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:                    # the child: whatever happens, it never returns into the server
            try:
                os.close(reader)
                _child(connection, listener, request, fds, command, writer)
            finally:
                os._exit(EXIT_BUG)
        os.close(writer)
        return pid, reader, request
    finally:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _well_formed(request: dict) -> bool:
    strings = lambda items: all(isinstance(item, str) for item in items)      # noqa: E731
    streams = request.get("streams")
    return (isinstance(request.get("argv"), list) and strings(request["argv"])
            and isinstance(request.get("cwd"), str)
            and isinstance(request.get("env"), dict) and strings(request["env"]) and strings(request["env"].values())
            and isinstance(request.get("umask"), int)
            and isinstance(streams, list) and len(streams) == 3
            and all(isinstance(s, list) and len(s) == 2 and strings(s) for s in streams))


def _child(connection: socket.socket, listener: socket.socket, request: dict, fds: list[int],
           command: Command, report: int) -> None:
    """The run, in the forked child; ends the child. It runs only once the command has seen that
    it started: a command that gave up waiting runs it itself, and it must not run twice."""
    code, finished = EXIT_BUG, threading.Event()
    try:
        listener.close()
        if not _adopted(request, fds):
            wire.send(connection, {"started": False})       # the command runs it itself
            os._exit(0)
        wire.send(connection, {"started": True})
        if connection.recv(1) != GO:
            os._exit(0)
        connection.settimeout(None)
        threading.Thread(target=_watch, args=(connection, finished), daemon=True).start()
        code = _run(command, request["argv"])
    finally:
        for signum in FORWARDED:                  # nothing interrupts the answer now
            signal.signal(signum, signal.SIG_IGN)
        finished.set()
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(Exception):
            wire.send(connection, {"code": code})
        with contextlib.suppress(Exception):
            os.set_blocking(report, False)          # never wait on the server: it reads once we are gone
            os.write(report, json.dumps({"indexes": cache.LOADED[-cache.KEEP:],
                                         "fonts": warm.SESSION_FONTS[-1:]}).encode())
        os._exit(0)


def _adopted(request: dict, fds: list[int]) -> bool:
    """:func:`_adopt`, or False when this process cannot be the command's (then it runs alone)."""
    if any(request.get(name) != value for name, value in traits().items()):
        return False
    try:
        _adopt(request, fds)
    except (OSError, LookupError):
        return False
    return True


def _adopt(request: dict, fds: list[int]) -> None:
    """Become the command's process: its folder, environment, umask, streams and signals."""
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if sys.path and sys.path[0] == STARTED_IN:      # `python -m` put the folder it started in first
        sys.path[0] = request["cwd"]
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.umask(request["umask"])
    time.tzset()                           # TZ as the run has it
    with contextlib.suppress(locale.Error):  # as Python's start sets it (and ignores a locale not installed)
        locale.setlocale(locale.LC_CTYPE, "")
    tempfile.tempdir = None                # TMPDIR as the run has it
    warm.uno_python.cache_clear()          # found on the run's PATH and SARABAN_UNO_PYTHON
    for target, fd in enumerate(fds):
        if fd != target:
            os.dup2(fd, target)
            os.close(fd)
    names = ("stdin", "stdout", "stderr")
    for fd, (name, (encoding, errors)) in enumerate(zip(names, request["streams"])):
        stream = _text_stream(fd, encoding, errors)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    sys.argv = ["saraban", *request["argv"]]


def _text_stream(fd: int, encoding: str, errors: str) -> io.TextIOWrapper:
    if fd == 0:
        return io.TextIOWrapper(open(0, "rb", closefd=False), encoding=encoding, errors=errors)
    return io.TextIOWrapper(open(fd, "wb", closefd=False), encoding=encoding, errors=errors,
                            line_buffering=os.isatty(fd), write_through=fd == 2)


def _run(command: Command, argv: list[str]) -> int:
    try:
        code = command(argv)
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:                    # argparse: --version, a usage error
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return code


def _watch(connection: socket.socket, finished: threading.Event) -> None:
    """Raise in this process each signal the command passes on; a closed command (killed, or its
    terminal gone) stops the run as SIGTERM would."""
    while True:
        try:
            data = connection.recv(16)
        except OSError:
            data = b""
        if finished.is_set():
            return
        if not data:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        for signum in data:
            if signum in FORWARDED:
                os.kill(os.getpid(), signum)
