"""LibreOffice kept running for the whole build: one worker per core, driven through UNO.

Starting LibreOffice costs about a second; converting one letter in a running one, a tenth.
A :class:`Session` starts one worker per core (each a LibreOffice with its own profile,
behind ``uno_worker.py`` run by the Python that has the ``uno`` module, usually Debian's
``/usr/bin/python3`` with ``python3-uno``), hands each DOCX to the next free worker, and
stops them all when it closes, also on an exception or Ctrl-C. A worker that crashes or
hangs (no answer within the timeout) is killed, started again with a fresh profile, and
its letter is tried once more.

Every conversion uses the same copy of the DOCX, fonts and numeral settings as the one-shot
engine (:mod:`generator.pdf.engines.libreoffice`), so the PDFs are the same.
"""
from __future__ import annotations

import collections
import contextlib
import fcntl
import functools
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EngineError
from generator.pdf.engines.libreoffice import (
    SECONDS_PER_FILE,
    SECONDS_TO_START,
    LibreOfficeEngine,
    digits_as_drawn,
    numerals_profile,
    prepare_copy,
    program_files,
    soffice_path,
)

WORKER_SCRIPT = Path(__file__).resolve().with_name("uno_worker.py")
DEBIAN_UNO = "/usr/lib/python3/dist-packages/uno.py"
SECONDS_TO_STOP = 10
# A letter whose worker dies is tried once more, on a fresh one.
ATTEMPTS = 2


@functools.lru_cache(maxsize=None)
def uno_python() -> str | None:
    """A Python that can ``import uno``: $SARABAN_UNO_PYTHON, LibreOffice's own (Windows,
    macOS), or the system's python3 (Debian/Ubuntu: package python3-uno)."""
    soffice = soffice_path()
    program = Path(os.path.realpath(soffice)).parent if soffice else None
    candidates = [os.environ.get("SARABAN_UNO_PYTHON"),
                  str(program / "python") if program else None,
                  str(program / "python.exe") if program else None,
                  "/usr/bin/python3", shutil.which("python3")]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).is_file()):
        if candidate == "/usr/bin/python3" and Path(DEBIAN_UNO).is_file():
            return candidate                  # Debian/Ubuntu's python3-uno: no need to ask
        try:
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30,
                                  env=worker_environment({}))
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return candidate
    return None


def worker_environment(extra: dict[str, str]) -> dict[str, str]:
    """The environment of a worker: ours without this virtual environment's Python settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def soffice_environment(engine: "WarmLibreOfficeEngine", work: Path) -> dict[str, str]:
    """A LibreOffice's environment: the worker's, with the fonts of ``engine`` (a fontconfig
    written in ``work``) and no display."""
    conf = engine.fontconfig(work)
    return worker_environment({"FONTCONFIG_FILE": str(conf), "SAL_USE_VCLPLUGIN": "svp"})


def default_workers() -> int:
    configured = os.environ.get("SARABAN_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class WarmLibreOfficeEngine(LibreOfficeEngine):
    """The default engine where LibreOffice and its UNO bindings are installed."""

    name = "libreoffice"

    def __init__(self, font_dirs: list[Path] | None = None, timeout: float | None = None,
                 workers: int | None = None, start_timeout: float = SECONDS_TO_START):
        super().__init__(font_dirs, timeout)     # timeout: seconds for one letter
        self.workers = workers
        self.start_timeout = start_timeout

    @staticmethod
    def available() -> bool:
        # Windows: its pipes do not work with select(); the one-shot engine serves there.
        return sys.platform != "win32" and soffice_path() is not None and uno_python() is not None

    def convert(self, docx_files: list[Path]) -> list[Path]:
        with self.session(len(docx_files)) as session:
            futures = [session.submit(docx) for docx in docx_files]
            return [future.result() for future in futures]

    def convert_each(self, docx_files: list[Path]) -> list[Path | EngineError]:
        """Each letter's PDF, or the error it alone met (each has its own time limit)."""
        with self.session(len(docx_files)) as session:
            futures = [session.submit(docx) for docx in docx_files]
            return [future.exception() or future.result() for future in futures]

    def session(self, letters: int) -> "Session":
        """A running pool for about ``letters`` conversions (no more workers than letters)."""
        count = max(1, min(self.workers or default_workers(), letters))
        return Session(self, count)


@dataclass(frozen=True)
class Standby:
    """A LibreOffice a resident saraban (generator.resident) keeps running with Thai digits, for
    the first worker of its runs: a run's first PDF then needs no LibreOffice started. ``key``:
    what it was started with (:func:`standby_key`); ``lock``: the file the run that drives it
    holds locked (another run at the same time starts its own)."""

    pipe: str
    pid: int
    profile: Path
    key: tuple
    lock: str


#: Set by a resident saraban in itself before it forks a run; None in any other process.
STANDBY: Standby | None = None
#: The font folders of the sessions this process started (a resident saraban keeps a standby for them).
SESSION_FONTS: list[list[str]] = []


#: What of a worker's environment can change its PDFs: the locale, where the substitute font is
#: made (the cache folder), time, LibreOffice's and fontconfig's own settings.
STANDBY_ENVIRONMENT = ("LANG", "LANGUAGE", "LC_", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "TZ", "SAL_",
                       "FONTCONFIG_", "SOURCE_DATE_EPOCH")


def locked(path: str) -> int | None:
    """``path`` opened and locked, when no one else holds it (the standby's lock: held by the run
    that drives it, taken by the server before it stops it)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def standby_key(soffice: str, font_dirs: list[Path]) -> tuple:
    """What a running LibreOffice depends on: its program, the fonts it found at its start, and
    the environment it got (a run with another locale or cache folder starts its own)."""
    from generator import deps

    environment = sorted((name, value) for name, value in worker_environment({}).items()
                         if name.startswith(STANDBY_ENVIRONMENT))
    program = tuple(deps.state(file, kind="stat") for file in program_files(soffice))   # an upgrade
    return (soffice, tuple(str(d) for d in font_dirs), tuple(deps.listing_hash(d) for d in font_dirs),
            tuple(environment), program)


def start_standby(engine: "WarmLibreOfficeEngine", work: Path, lock: str) -> tuple[Standby, subprocess.Popen]:
    """Start the LibreOffice of a :class:`Standby` (in a process group of its own), as
    ``uno_worker.py`` starts its own: the same profile settings, fonts and command line."""
    soffice = engine.soffice()
    key = standby_key(soffice, engine.font_dirs)         # before it starts: a font added meanwhile shows
    profile = numerals_profile(work / f"standby-{uuid.uuid4().hex[:8]}", True)
    env = soffice_environment(engine, work)
    pipe = f"saraban-standby-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
               "--nodefault", "--norestore", "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    return Standby(pipe, process.pid, profile, key, lock), process


class Worker:
    """One ``uno_worker.py`` process and its LibreOffice, in a process group of their own."""

    def __init__(self, python: str, soffice: str, profile: Path, env: dict[str, str], log: Path,
                 start_timeout: float, thai_numerals: bool, standby: "Standby | None" = None):
        self.log = log
        self.standby = standby          # the resident saraban's LibreOffice it drives, if any
        pipe = standby.pipe if standby else f"saraban-{os.getpid()}-{uuid.uuid4().hex[:12]}"
        attach = [str(standby.pid)] if standby else []
        with open(log, "ab") as err:
            self.process = subprocess.Popen(
                [python, str(WORKER_SCRIPT), soffice, profile.as_uri(), pipe, "3" if thai_numerals else "0", *attach],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env,
                start_new_session=True)
        self._buffer = b""
        self.start_timeout = start_timeout

    def wait_ready(self) -> None:
        reply = self._reply(self.start_timeout, "start")
        if not reply.get("ready"):
            raise EngineError(f"LibreOffice did not start: {reply.get('error', reply)}")

    def convert(self, docx: Path, pdf: Path, timeout: float) -> None:
        request = json.dumps({"docx": str(docx), "pdf": str(pdf)}) + "\n"
        try:
            self.process.stdin.write(request.encode("utf-8"))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise EngineError("the LibreOffice worker had stopped") from None
        reply = self._reply(timeout, "convert")
        if not reply.get("ok"):
            raise EngineError(f"LibreOffice could not convert {docx.name}: {reply.get('error')}")
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise EngineError(f"LibreOffice produced no PDF for {docx.name}")

    def _reply(self, timeout: float, doing: str) -> dict:
        deadline = time.monotonic() + timeout
        out = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise EngineError(f"LibreOffice did not answer within {timeout:.0f} s ({doing}) and was stopped")
            ready, _, _ = select.select([out], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(out, 65536)
                if not chunk:
                    raise EngineError(f"LibreOffice stopped unexpectedly ({doing}){self._log_tail()}")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _log_tail(self) -> str:
        try:
            tail = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        except OSError:
            return ""
        return f": {' / '.join(tail)}" if tail else ""

    def stop(self) -> None:
        """Ask the worker to close LibreOffice (a standby's is left running); kill the group if
        it does not in time."""
        try:
            self.process.stdin.close()
            self.process.wait(timeout=SECONDS_TO_STOP)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self._kill_group()

    def kill(self) -> None:
        """Kill the worker and its LibreOffice (the whole process group; a standby too: one that
        failed a letter or hangs is not given the next run's)."""
        if self.standby is not None:          # its own process group: soffice and soffice.bin
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.standby.pid, signal.SIGKILL)
        self._kill_group()

    def _kill_group(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(timeout=SECONDS_TO_STOP)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class Session:
    """Workers converting DOCX files as they are submitted; a context manager.

    As in the one-shot engine, a LibreOffice runs with one numeral style (Thai digits for Thai
    text, or not) from its start: nothing relies on a running one taking a change. The workers
    start with Thai digits (the letters' default); the first letter of the other style starts one
    extra worker for that style, and a worker with nothing of its own style to do takes over
    (restarting) only when more letters of the other style wait than workers serve it.
    """

    def __init__(self, engine: WarmLibreOfficeEngine, workers: int):
        self.engine = engine
        self.count = workers
        self.queues: dict[bool, collections.deque] = {True: collections.deque(), False: collections.deque()}
        self.ready = threading.Condition()
        self.lock = threading.Lock()
        self.workers: dict[int, Worker] = {}
        self.threads: list[threading.Thread] = []
        self.styles: dict[int, bool] = {}              # slot -> numeral style (True: Thai digits)
        self.closed = False
        self.names = itertools.count()
        self.restarts = 0
        self.standby: tuple[Standby, int] | None = None
        self.standby_taken = False

    @property
    def name(self) -> str:
        return self.engine.name

    # ------------------------------------------------------------------ lifetime

    def __enter__(self) -> "Session":
        self.soffice = self.engine.soffice()
        self.python = uno_python()
        if self.python is None:
            raise EngineError("no Python with LibreOffice's UNO bindings (Debian: apt-get install python3-uno)")
        self.work = Path(tempfile.mkdtemp(prefix="saraban-lo-"))
        try:
            self.env = soffice_environment(self.engine, self.work)
        except BaseException:
            shutil.rmtree(self.work, ignore_errors=True)
            raise
        SESSION_FONTS.append([str(d) for d in self.engine.font_dirs])
        self.standby = self._standby()
        with self.ready:
            for slot in range(self.count):
                self._add_thread(slot, True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)

    def _standby(self) -> "tuple[Standby, int] | None":
        """The resident saraban's running LibreOffice, and the lock on it, when it was started
        for what this session would start with and no other run drives it now."""
        standby = STANDBY
        if standby is None or standby.key != standby_key(self.soffice, self.engine.font_dirs):
            return None
        fd = locked(standby.lock)
        return None if fd is None else (standby, fd)

    def close(self, kill: bool = False) -> None:
        """Stop every worker (at once when ``kill``); no LibreOffice is left running."""
        with self.ready:
            if self.closed:
                return
            self.closed = True
            for waiting in self.queues.values():
                while waiting:
                    waiting.popleft()[2].cancel()
            self.ready.notify_all()
        if kill:
            for worker in list(self.workers.values()):
                worker.kill()
        for thread in self.threads:
            thread.join(timeout=SECONDS_TO_STOP + 5)
        for worker in list(self.workers.values()):      # a thread that did not finish in time
            worker.kill()
        shutil.rmtree(self.work, ignore_errors=True)
        if self.standby is not None:
            os.close(self.standby[1])                   # the lock goes with it

    # ------------------------------------------------------------------ work

    def submit(self, docx: Path) -> Future:
        """Convert ``docx`` into ``docx.with_suffix('.pdf')``; the future gives that path."""
        future: Future = Future()
        docx = Path(docx).resolve()                     # LibreOffice wants absolute paths
        copy = self.work / f"{next(self.names):06d}-{docx.name}"
        try:
            thai_numerals = prepare_copy(docx, copy)
        except Exception as exc:                        # not a DOCX: that letter fails
            future.set_exception(EngineError(f"cannot read {docx.name}: {exc}"))
            return future
        with self.ready:
            if self.closed:
                future.cancel()
                return future
            self.queues[thai_numerals].append((docx, copy, future))
            if thai_numerals not in self.styles.values() and len(self.threads) == self.count:
                self._add_thread(self.count, thai_numerals, dedicated=True)
            self.ready.notify_all()
        return future

    def _add_thread(self, slot: int, style: bool, dedicated: bool = False) -> None:
        self.styles[slot] = style
        thread = threading.Thread(target=self._serve, args=(slot, style, dedicated), daemon=True,
                                  name=f"saraban-libreoffice-{slot}")
        self.threads.append(thread)
        thread.start()

    def _next(self, slot: int, style: bool, dedicated: bool) -> tuple | None:
        """The next letter for the worker in ``slot``: one of its style; else (not for the extra
        worker of the minority style) one of the other style when more wait than are being served."""
        with self.ready:
            while not self.closed:
                if self.queues[style]:
                    return (style, *self.queues[style].popleft())
                other = not style
                serving = sum(1 for s in self.styles.values() if s == other)
                if not dedicated and len(self.queues[other]) > serving:
                    self.styles[slot] = other
                    return (other, *self.queues[other].popleft())
                self.ready.wait()
        return None

    def _serve(self, slot: int, style: bool = True, dedicated: bool = False) -> None:
        """A worker's thread: Thai digits first (the letters' default), or the style it was
        added for (``dedicated``: the one extra worker for letters of the other style)."""
        worker: Worker | None = None
        try:
            try:
                worker = self._start(slot, style)       # start before the first letter arrives
            except EngineError:
                worker = None
            while True:
                job = self._next(slot, style, dedicated)
                if job is None:
                    return
                wanted, docx, copy, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                if worker is not None and wanted != style:
                    self._drop(slot, worker, stop=True)
                    worker = None
                style = wanted
                worker = self._convert(slot, worker, style, docx, copy, future)
        finally:
            if worker is not None:
                self._drop(slot, worker, stop=True)

    def _convert(self, slot: int, worker: Worker | None, style: bool, docx: Path, copy: Path,
                 future: Future) -> Worker | None:
        """Convert one letter, restarting the worker and trying once more on a failure."""
        pdf = docx.with_suffix(".pdf")
        error: BaseException | None = None
        try:
            for attempt in range(ATTEMPTS):
                try:
                    if worker is None:
                        worker = self._start(slot, style)
                    worker.convert(copy, pdf, self.engine.timeout or SECONDS_PER_FILE)
                    if style:
                        digits_as_drawn(pdf)
                    future.set_result(pdf)
                    return worker
                except EngineError as exc:
                    error = EngineError(f"{exc} (attempt {attempt + 1} of {ATTEMPTS})")
                    if worker is not None:
                        self._drop(slot, worker)
                        worker = None
                    pdf.unlink(missing_ok=True)
                    for stale in (pdf, copy):      # a killed LibreOffice leaves its lock files behind
                        stale.with_name(f".~lock.{stale.name}#").unlink(missing_ok=True)
                    if self.closed:
                        break
                    self.restarts += attempt == 0
        except BaseException as exc:  # a full disk, say: that letter fails, the pool goes on
            error = exc
        finally:
            copy.unlink(missing_ok=True)
        future.set_exception(error if isinstance(error, EngineError) else EngineError(str(error)))
        return worker

    def _start(self, slot: int, thai_numerals: bool) -> Worker:
        standby = self._take_standby(slot, thai_numerals)
        profile = standby.profile if standby else numerals_profile(
            self.work / f"profile-{slot}-{next(self.names)}", thai_numerals)
        with self.lock:
            if self.closed:
                raise EngineError("the build was stopped")
            worker = Worker(self.python, self.soffice, profile, self.env, self.work / f"worker-{slot}.log",
                            self.engine.start_timeout, thai_numerals, standby)
            self.workers[slot] = worker
        try:
            worker.wait_ready()
        except BaseException:
            self._drop(slot, worker)
            raise
        return worker

    def _take_standby(self, slot: int, thai_numerals: bool) -> Standby | None:
        """The standby for slot 0's first worker with Thai digits; once: a worker started again
        after a failure (which killed it) starts a LibreOffice of its own."""
        if slot != 0 or not thai_numerals or self.standby is None or self.standby_taken:
            return None
        self.standby_taken = True
        return self.standby[0]

    def _drop(self, slot: int, worker: Worker, stop: bool = False) -> None:
        """Stop (politely) or kill a worker and forget it."""
        worker.stop() if stop else worker.kill()
        with self.lock:
            if self.workers.get(slot) is worker:
                del self.workers[slot]
