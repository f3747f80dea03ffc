"""A resident saraban (``saraban serve``, generator.resident): a run it takes is the run the
command would have made itself (same files, same output, same exit code, the run's own folder,
environment and signals), and the command never trusts a socket that is not its user's own."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator.build import cache
from generator.build.cache import BuildCache
from generator.resident import socket_path
from tests.conftest import LETTERS, needs_soffice
from tests.helpers_input import letters_tree

REPO = Path(__file__).resolve().parents[1]


def environment(runtime: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SARABAN_RESIDENT"}
    return {**env, "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(REPO), **extra}


def saraban(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def runtime():
    # A short path: a Unix socket's name has room for about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="sr-", dir="/tmp"))
    folder.chmod(0o700)
    yield folder
    shutil.rmtree(folder)                # LibreOffice keeps its dconf there too


class Server:
    def __init__(self, runtime: Path, log: Path):
        self.log = log
        self.env = environment(runtime)
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--idle", "5"],
                                        cwd=REPO, env=self.env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while "ready" not in log.read_text(encoding="utf-8"):
            assert self.process.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)

    def runs(self) -> list[str]:
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [line for line in lines if re.match(r"\d\d:\d\d:\d\d saraban ", line)]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


@pytest.fixture
def server(runtime, tmp_path):
    started = Server(runtime, tmp_path / "serve.log")
    yield started
    started.stop()
    assert not (runtime / socket_path().name).exists()          # it removes its socket


def test_a_served_build_is_the_build_the_command_makes(server, tmp_path):
    tree = letters_tree(tmp_path, {"2568/a.yaml": (LETTERS / "2568" / "thanks-draft.yaml").read_text("utf-8"),
                                   "2568/bad.yaml": "kind: external\nsubject: [\n"})
    local_env = {**server.env, "SARABAN_RESIDENT": "off"}
    served = saraban("build", "--no-pdf", "--out", "served", "letters", cwd=tmp_path, env=server.env)
    alone = saraban("build", "--no-pdf", "--out", "alone", "letters", cwd=tmp_path, env=local_env)
    assert len(server.runs()) == 1 and str(tmp_path) in server.runs()[0]      # the first was served …
    assert served.returncode == alone.returncode == 1                          # … with the exit code of a bad letter
    same = lambda text, out: text.replace(out, "OUT").rsplit("(", 1)[0]         # noqa: E731  (less the seconds)
    assert same(served.stdout, "served") == same(alone.stdout, "alone")
    assert "bad.yaml" in served.stdout and "✓ built" in served.stdout
    assert (tmp_path / "served" / "2568" / "a.docx").read_bytes() == (tmp_path / "alone" / "2568" / "a.docx").read_bytes()
    assert tree.is_dir()


def test_a_served_run_has_the_commands_folder_environment_and_language(server, tmp_path):
    letters_tree(tmp_path / "sub", {"2568/a.yaml": "kind: external\nsubject: [\n"})
    plain = {k: v for k, v in server.env.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    english = saraban("check", "letters", cwd=tmp_path / "sub", env={**plain, "LANG": "C.UTF-8"})
    thai = saraban("check", "letters", cwd=tmp_path / "sub", env={**plain, "LANG": "th_TH.UTF-8"})
    assert len(server.runs()) == 2                                  # both served, by one server …
    assert english.returncode == thai.returncode == 1
    assert "หนังสือ 1 ฉบับ" not in english.stdout                    # … each in its own language
    assert thai.stdout.index("หนังสือ 1 ฉบับ") < thai.stdout.index("1 letter:")
    assert "letters/2568/a.yaml" in english.stdout            # named from the command's own folder


def test_a_command_the_server_does_not_serve_runs_alone(server, tmp_path):
    assert saraban("--version", cwd=tmp_path, env=server.env).returncode == 0
    assert saraban("build", "--help", cwd=tmp_path, env=server.env).returncode == 0
    assert saraban("check", "nowhere", cwd=tmp_path, env={**server.env, "SARABAN_RESIDENT": "off"}).returncode
    assert server.runs() == []


@needs_soffice
def test_ctrl_c_on_the_command_stops_the_served_build(server, tmp_path):
    tree = letters_tree(tmp_path, {f"2568/l{n:02d}.yaml": (LETTERS / "2568" / "thanks-draft.yaml").read_text("utf-8")
                                   for n in range(40)})
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--out", str(tmp_path / "out"), str(tree)],
                               cwd=tmp_path, env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list((tmp_path / "out").glob(".saraban-*/")) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    assert process.returncode == 130, stderr
    assert len(server.runs()) == 1
    time.sleep(1)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".saraban-") and p.is_dir()]


def test_the_server_refuses_a_folder_others_can_enter(runtime, tmp_path):
    runtime.chmod(0o755)
    env = environment(runtime)
    result = saraban("serve", "--idle", "0.01", cwd=tmp_path, env=env)
    assert result.returncode == 3 and "only it can enter" in result.stderr.replace("\n", " ")
    # … and the command does not use a socket found there: it runs alone.
    letters_tree(tmp_path, {"2568/a.yaml": (LETTERS / "2568" / "thanks-draft.yaml").read_text("utf-8")})
    assert saraban("check", "letters", cwd=tmp_path, env=env).returncode == 0


def test_a_socket_no_server_answers_is_passed_by(runtime, tmp_path):
    import socket

    env = environment(runtime)
    path = runtime / socket_path().name
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(str(path))                       # bound, never listening: as a killed server leaves it
    letters_tree(tmp_path, {"2568/a.yaml": (LETTERS / "2568" / "thanks-draft.yaml").read_text("utf-8")})
    assert saraban("check", "letters", cwd=tmp_path, env=env).returncode == 0


def test_an_index_kept_loaded_is_used_only_while_its_files_are_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "_KEPT", {})
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "a.yaml").write_text("kind: external\n", encoding="utf-8")
    writer = BuildCache(out, "s")
    writer.record("a", tmp_path / "a.yaml", tmp_path, {}, [], None, [])
    writer.save()
    where = (str(out), "s", cache.CACHE_NAME)
    cache.keep_loaded(where)
    kept = cache._KEPT[where][1]
    assert BuildCache.load(out, "s") is kept                    # unchanged: the copy loaded ahead
    assert "a" in kept.entries and where in cache.LOADED
    cache.keep_loaded(where)
    kept = cache._KEPT[where][1]
    writer = BuildCache._load(out, "s", cache.CACHE_NAME)
    writer.forget("a")
    writer.save()                                   # another run changes the index meanwhile
    loaded = BuildCache.load(out, "s")
    assert loaded is not kept and "a" not in loaded.entries


def _cpu_ticks(group: int) -> int:
    """The CPU time of a process group (soffice and its soffice.bin), in clock ticks."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks


@needs_soffice
def test_the_kept_libreoffice_makes_the_same_pdf_and_one_killed_is_replaced(server, tmp_path):
    text = (LETTERS / "2568" / "memo-training.yaml").read_text("utf-8")
    letters_tree(tmp_path, {"2568/a.yaml": text})
    deadline = time.monotonic() + 60
    while not (kept := re.search(r"LibreOffice kept running for the PDFs \(process (\d+)", server.log.read_text("utf-8"))):
        assert time.monotonic() < deadline, server.log.read_text("utf-8")
        time.sleep(0.1)
    office = int(kept.group(1))
    time.sleep(3)                                   # started: what it does next is the run's letter
    before = _cpu_ticks(office)
    served = saraban("build", "--out", "served", "letters", cwd=tmp_path, env=server.env)
    assert served.returncode == 0, served.stdout + served.stderr
    assert _cpu_ticks(office) > before + 5          # the kept LibreOffice made the PDF …
    alone = saraban("build", "--out", "alone", "letters", cwd=tmp_path, env={**server.env, "SARABAN_RESIDENT": "off"})
    assert alone.returncode == 0
    pdf = Path("2568") / "a.pdf"                    # … byte for byte the PDF of a LibreOffice of its own
    assert (tmp_path / "served" / pdf).read_bytes() == (tmp_path / "alone" / pdf).read_bytes()
    os.killpg(office, signal.SIGKILL)               # killed: the next run makes its PDF all the same
    again = saraban("build", "--force", "--out", "again", "letters", cwd=tmp_path, env=server.env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert (tmp_path / "again" / pdf).read_bytes() == (tmp_path / "alone" / pdf).read_bytes()
    assert len(server.runs()) == 2


def _kept_office(server: Server) -> int:
    deadline = time.monotonic() + 60
    while not (kept := re.findall(r"LibreOffice kept running for the PDFs \(process (\d+)", server.log.read_text("utf-8"))):
        assert time.monotonic() < deadline, server.log.read_text("utf-8")
        time.sleep(0.1)
    return int(kept[-1])


def test_a_stopped_server_does_not_hold_the_command(server, tmp_path):
    letters_tree(tmp_path, {"2568/a.yaml": (LETTERS / "2568" / "thanks-draft.yaml").read_text("utf-8")})
    server.process.send_signal(signal.SIGSTOP)          # Ctrl+Z in the server's terminal
    try:
        start = time.monotonic()
        alone = saraban("check", "letters", cwd=tmp_path, env=server.env)
        assert alone.returncode == 0 and "1 letter" in alone.stdout
        assert time.monotonic() - start < 30
    finally:
        server.process.send_signal(signal.SIGCONT)
    time.sleep(1)
    served = saraban("check", "letters", cwd=tmp_path, env=server.env)
    assert served.returncode == 0 and served.stdout.rsplit("(", 1)[0] == alone.stdout.rsplit("(", 1)[0]
    assert len(server.runs()) == 1                  # the one the stopped server never ran is not run late


@needs_soffice
def test_the_libreoffice_of_a_server_killed_outright_is_stopped_by_the_next(runtime, tmp_path):
    first = Server(runtime, tmp_path / "first.log")
    office = _kept_office(first)
    first.process.kill()
    first.process.wait(timeout=30)
    os.killpg(office, 0)                                # still running: nobody stopped it …
    second = Server(runtime, tmp_path / "second.log")
    try:
        deadline = time.monotonic() + 30
        while True:                                     # … until the next server starts
            try:
                os.killpg(office, 0)
            except ProcessLookupError:
                break
            assert time.monotonic() < deadline, "the left-over LibreOffice still runs"
            time.sleep(0.1)
    finally:
        second.stop()
