"""Benchmark (not a test): `saraban issue` on 1,000 new letters in one run, as a clerk would run it.

    python bench/issue_numbers.py [COUNT]

Writes COUNT commented letters with `number: auto` (a tenth of them circulars, dated through the
year) into a temporary letters tree, runs `python -m generator issue letters` once in a fresh
process, checks that every series got consecutive numbers from 1, and prints the wall time.
The goal: 1,000 letters in under 10 s.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.letter.loader import load_yaml  # noqa: E402

AGENCY = "name: อำเภอบ้านลาด\ncode: พบ ๐๐๒๓.๑๐\nsigners:\n  chief:\n    name: นายก\n    position: นายอำเภอ\n"
LETTER = """\
# letter {index}: written by the benchmark
kind: external
number: auto            # the next number, given by saraban issue
{circular}date: 2026-{month:02d}-{day:02d}
subject: ขอความอนุเคราะห์ ครั้งที่ {index}
to: ผู้อำนวยการโรงเรียนบ้านลาดวิทยา
body: |
  ตามที่ ... จึงเรียนมาเพื่อโปรดพิจารณา
signer: chief
"""


def write_letters(root: Path, count: int) -> None:
    (root / "agency.yaml").write_text(AGENCY, encoding="utf-8")
    for index in range(count):
        folder = root / f"{index // 100:02d}"
        folder.mkdir(exist_ok=True)
        text = LETTER.format(index=index, circular="circular: true\n" if index % 10 == 0 else "",
                             month=index * 12 // count + 1, day=index % 28 + 1)
        (folder / f"letter-{index:04d}.yaml").write_text(text, encoding="utf-8")


def main(count: int) -> int:
    with tempfile.TemporaryDirectory(prefix="saraban-bench-") as tmp:
        root = Path(tmp) / "letters"
        root.mkdir()
        write_letters(root, count)
        env = dict(os.environ, PYTHONPATH=str(REPO))
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", "issue", str(root)], env=env,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-2000:])
            return 1
        series = defaultdict(list)
        for file in root.rglob("letter-*.yaml"):
            data = load_yaml(file).data
            series[bool(data.get("circular"))].append(data["number"])
        for numbers in series.values():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), "numbers are not consecutive"
        print(f"issued {count} letters in {seconds:.2f} s ({seconds / count * 1000:.1f} ms per letter); "
              f"series sizes {sorted(len(v) for v in series.values())}; {done.stdout.strip().splitlines()[-1]}")
        return 0 if seconds < 10 else 2


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
