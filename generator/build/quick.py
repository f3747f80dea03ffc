"""The answer of a build with nothing to do, kept so that the next one gives it without reading the
index: ``out/.saraban-quick.json``.

A build in which every letter is unchanged (:func:`generator.commands.build._nothing_to_do`) writes
what it printed, with everything that answer rests on: the command as given (working folder, paths,
options, language), the generator's settings, every letter's name, and the size and time of every
file the letters were made from, of every output and of the index itself (``.saraban-cache.json`` and its journal);
a file read without a trusted size and time, a folder or a missing file is kept with its state. The
next build with the same command checks those (one ``stat`` a file) and, when all hold, prints the
same answer: the letters, the index and the outputs are as they were, so the full check would find
every letter unchanged and print exactly this. Anything else (a letter added, edited, touched or
removed, an output changed, another command) takes the full way, which writes a new answer.

Standard library and rich only (which prints it anyway).
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from rich.errors import MarkupError
from rich.markup import render

from generator import deps
from generator.build.cache import BuildCache

QUICK_NAME = ".saraban-quick.json"
FORMAT = 1
MAX_BYTES = 16 << 20


def command_key(paths: list[Path], out_dir: Path, pdf: bool, settings: str, language: bool) -> dict[str, Any]:
    """What the printed answer depends on besides the files: where and how the command was run."""
    return {"cwd": os.getcwd(), "paths": [str(p) for p in paths], "out": str(out_dir), "pdf": pdf,
            "settings": settings, "thai_first": language}


def save(cache: BuildCache, key: dict[str, Any], letters: list[str], lines: list[str],
         counts: dict[str, int]) -> None:
    """Keep the answer of this build with nothing to do (``lines``: what it printed, as markup;
    ``counts``: its summary). A file that cannot be written costs speed only."""
    stats, outputs, states = _files(cache)
    try:
        info = os.stat(cache.path)
    except OSError:
        return
    stats.append([str(cache.path), info.st_size, info.st_mtime_ns])
    try:
        info = os.stat(cache.journal_path)
        stats.append([str(cache.journal_path), info.st_size, info.st_mtime_ns])
    except FileNotFoundError:
        states.append([str(cache.journal_path), "absent", ""])
    except OSError:
        return
    data = {"format": FORMAT, "key": key, "letters": letters, "stats": stats, "outputs": outputs, "states": states,
            "lines": lines, "counts": counts}
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{QUICK_NAME}.", dir=cache.out_dir)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache.out_dir / QUICK_NAME)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _files(cache: BuildCache) -> tuple[list[list], list[list], list[list]]:
    """Every file the letters were made from by size and time where these stand for the content,
    every output by its size and time, the other dependencies by their state."""
    stats: dict[str, tuple[int, int]] = {}
    outputs: dict[str, tuple[int, int]] = {}
    states: dict[tuple[str, str], str] = {}
    for entry in cache.entries.values():
        for path, (kind, digest) in entry.dependencies().items():
            known = cache.trusted_stat(path, kind, digest) if kind == "file" else []
            if known:
                stats[path] = tuple(known)
            else:
                states[path, kind] = digest
        for output, (size, mtime, _) in entry.outputs.items():
            outputs[output] = (size, mtime)
    return ([[path, size, mtime] for path, (size, mtime) in stats.items()],
            [[path, size, mtime] for path, (size, mtime) in outputs.items()],
            [[path, kind, digest] for (path, kind), digest in states.items()])


def load(out_dir: Path, key: dict[str, Any], letters: list[str]) -> dict[str, Any] | None:
    """The answer kept in ``out_dir`` when it still holds for this command and these letters
    (every file as it was); else None."""
    try:
        data = json.loads(deps.read_regular_file(out_dir / QUICK_NAME, MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    try:
        if data["format"] != FORMAT or data["key"] != key or data["letters"] != letters:
            return None
        if not (_stats_hold(data["stats"], os.stat) and _stats_hold(data["outputs"], _regular)
                and _states_hold(data["states"])):
            return None
        lines, counts = data["lines"], data["counts"]
        if not (all(isinstance(line, str) for line in lines) and isinstance(counts, dict) and all(
                isinstance(counts.get(name), int) for name in ("total", "done", "unchanged", "failed", "warnings"))):
            return None
        for line in lines:
            render(line)                  # markup a damaged file broke is not printed, nor a crash
        return data
    except (KeyError, TypeError, ValueError, MarkupError):
        return None


def _regular(path: str) -> os.stat_result:
    """An output's own size and time (a link put in its place is not what the build wrote)."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise OSError(f"not a regular file: {path}")
    return info


def _stats_hold(stats: list, look) -> bool:
    for path, size, mtime in stats:
        try:
            info = look(path)
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime:
            return False
    return True


def _states_hold(states: list) -> bool:
    return all(deps.state(Path(path), kind="stat" if kind == "stat" else None) == (kind, digest)
               for path, kind, digest in states)
