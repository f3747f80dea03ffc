"""Benchmark (not a test): `saraban check` on 500 generated letters in a temporary tree.

    python bench/check_letters.py [COUNT]

Prints the wall time of the command (a fresh process, as CI runs it; best of 3, the machine may be busy)
and of check() in-process.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = 3
EXAMPLES = sorted(p for p in (REPO / "letters").rglob("*.yaml") if p.name != "agency.yaml")


def make_tree(root: Path, count: int) -> Path:
    tree = root / "letters"
    tree.mkdir()
    shutil.copy(REPO / "letters" / "agency.yaml", tree / "agency.yaml")
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    for index in range(count):
        folder = tree / str(2560 + index % 10)
        folder.mkdir(exist_ok=True)
        # Each copy its own number: one number twice in a series is an error (SB301) the bench is not about.
        text = re.sub(r"(?m)^number: .*$", f"number: {index + 1}", texts[index % len(texts)])
        text = re.sub(r"(?m)^photo: .*\n", "", text)          # the example's photo lives beside it only
        (folder / f"letter-{index:04d}.yaml").write_text(text, encoding="utf-8")
    return tree


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory(prefix="saraban-bench-") as tmp:
        tree = make_tree(Path(tmp), count)
        times, done = [], None
        for _ in range(RUNS):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "generator", "check", str(tree)], cwd=REPO,
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - start)
        summary_line = done.stdout.strip().splitlines()[-1]
        from generator.build.pipeline import check
        start = time.perf_counter()
        summary = check([tree])
        library = time.perf_counter() - start
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{count} letters: `saraban check` best {min(times):.2f} s of {RUNS} runs ({runs} s; exit {done.returncode}; "
          f"{summary_line}); check() in-process {library:.2f} s, {library / count * 1000:.1f} ms a letter "
          f"({summary.count('checked')} checked)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
