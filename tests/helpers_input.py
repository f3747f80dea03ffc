"""Tiny helpers for the input tests: a letters tree in a tmp folder, and the CLI in a subprocess."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENCY = REPO / "letters" / "agency.yaml"
PLACEHOLDER_PNG = REPO / "generator" / "render" / "assets" / "emblem-placeholder.png"

# A valid external letter; each line is numbered so the error tests can name lines.
GOOD = (
    "kind: external\n"              # 1
    "number: 12\n"                  # 2
    "date: 2024-09-02\n"            # 3
    "subject: ขอเชิญประชุม\n"        # 4
    "to: นายกเทศมนตรีตำบลบ้านลาด\n"  # 5
    "body: |\n"                     # 6
    "  ข้อความ\n"                    # 7
    "signer: deputy\n"              # 8
)


def without(text: str, *prefixes: str) -> str:
    """``text`` without the lines that start with any of ``prefixes`` (and body's indented lines)."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(prefixes):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    return "".join(kept)


def letters_tree(root: Path, letters: dict[str, str | bytes], agency: str | None = None) -> Path:
    """``root/letters`` holding an agency.yaml (the repo's, or ``agency``) and the given letters."""
    folder = root / "letters"
    folder.mkdir(parents=True, exist_ok=True)
    if agency is None:
        shutil.copy(AGENCY, folder / "agency.yaml")
    else:
        (folder / "agency.yaml").write_text(agency, encoding="utf-8")
    for name, content in letters.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def run_cli(*args: str, cwd: Path, executable: list[str] | None = None) -> subprocess.CompletedProcess:
    """``python -m generator ARGS`` in ``cwd``, text decoded as UTF-8."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "400", "NO_COLOR": "1"}
    command = (executable or [sys.executable, "-m", "generator"]) + list(args)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def files_under(folder: Path) -> list[Path]:
    """The files a build wrote under ``folder`` (not its cache, .saraban-cache.json, nor the check's,
    .saraban-check.json)."""
    caches = (".saraban-cache.json", ".saraban-check.json")
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in caches) if folder.exists() else []
