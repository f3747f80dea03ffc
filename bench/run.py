"""Benchmark: the naive loop against `saraban build` (cold, no-op, one letter edited), the
peak memory of a whole build including LibreOffice, and how the cost grows with the letters tree
(200, 2,000, 10,000 letters). Writes the results to --results (make bench: bench/results.md).

    python bench/run.py [--letters 200] [--naive-sample 20] [--memory-letters 1000]
                        [--scaling 200,2000,10000] [--results FILE]

Everything runs on this machine in one go; see bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.kinds import all_kinds  # noqa: E402

PARAGRAPH = ("อำเภอบ้านลาดได้ร่วมกับองค์กรปกครองส่วนท้องถิ่นในพื้นที่สำรวจความเสียหายจากอุทกภัย "
             "ระหว่างเดือนสิงหาคมถึงเดือนตุลาคม {year} พบว่ามีครัวเรือนได้รับผลกระทบ {n} ครัวเรือน "
             "พื้นที่การเกษตรเสียหาย {m} ไร่ และถนนในหมู่บ้านชำรุด {k} สาย หากไม่ดำเนินการแก้ไขก่อนฤดูฝนถัดไป "
             "จะเกิดความเสียหายซ้ำในวงกว้าง")
LENGTHS = {"short": 1, "medium": 5, "long": 11}          # body paragraphs: about 1, 2 and 3 pages


def external_letter(index: int, length: str, year: int = 2567, number: int | None = None) -> str:
    """An external letter of ``year`` (พ.ศ.), numbered ``number`` (default 1000 + index)."""
    paragraphs = [PARAGRAPH.format(year=year, n=100 + index, m=20 * index + 7, k=index % 9 + 1)
                  for _ in range(LENGTHS[length])]
    extras = ""
    if index % 4 == 1:
        extras += ("enclosures:\n  - title: แบบเสนอโครงการ\n    count: ๑ ชุด\n"
                   f"    url: https://banlad.example.go.th/docs/{index}.pdf\n")
    if index % 5 == 2:
        extras += "circular: true\n"
    if index % 10 == 3:
        extras += "digits: arabic\n"
    if index % 6 == 4:
        extras += "urgency: ด่วนมาก\n"
    body = "\n\n".join(paragraphs) + "\n\nจึงเรียนมาเพื่อโปรดพิจารณา"
    number = 1000 + index if number is None else number
    return (f"kind: external\nnumber: {number}\ndate: {year - 543}-11-18\n"
            f"subject: ขอรับการสนับสนุนงบประมาณ โครงการที่ {index}\nto: ผู้ว่าราชการจังหวัดเพชรบุรี\n"
            f"{extras}body: |\n" + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())
            + "signer: district-chief\n")


def starter_letter(path: Path, index: int, year: int = 2568) -> str:
    """A kind's starter, its subject marked with ``index``, dated in ``year`` (พ.ศ.)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^(date:\s*)\d{4}", rf"\g<1>{year - 543}", text, count=1, flags=re.M)
    return re.sub(r"^(subject:\s*)(.*?)(\s*(#.*)?)$", rf"\g<1>\g<2> ({index})\g<3>", text, count=1, flags=re.M)


def make_letters(folder: Path, count: int) -> Path:
    """``count`` letters: every kind's starter in turn, and external letters of three lengths."""
    tree = folder / "letters"
    tree.mkdir(parents=True)
    shutil.copy(REPO / "letters" / "agency.yaml", tree / "agency.yaml")
    others = [kind.starter for name, kind in sorted(all_kinds().items()) if name != "external"]
    lengths = list(LENGTHS)
    numbers: dict[tuple, int] = {}         # each year's letters numbered 1, 2, 3 … as an office does
    for index in range(count):
        be = 2560 + index % 8
        year = tree / str(be)
        year.mkdir(exist_ok=True)
        if others and index % 5 == 4:
            starter = others[(index // 5) % len(others)]
            text, name = starter_letter(starter, index, be), f"{starter.stem}-{index:04d}.yaml"
        else:
            length = lengths[index % len(lengths)]
            series = (be, index % 5 == 2)                   # circulars (ว) have their own numbers
            numbers[series] = numbers.get(series, 0) + 1
            text, name = external_letter(index, length, be, numbers[series]), f"external-{length}-{index:04d}.yaml"
        (year / name).write_text(text, encoding="utf-8")
    return tree


# ------------------------------------------------------------------ measuring

class PeakMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled every 50 ms."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self.thread.join()
        return self.peak


def tree_rss(root: int) -> int:
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in family)


# saraban as a user's `make letters` runs it: Python keeps its compiled modules (__pycache__/). A
# PYTHONDONTWRITEBYTECODE set on this machine would compile the generator's 130 modules on every run.
USER_ENV = {name: value for name, value in os.environ.items() if name not in ("PYTHONDONTWRITEBYTECODE", "SARABAN_RESIDENT")}
ALONE_ENV = {**USER_ENV, "SARABAN_RESIDENT": "off"}
#: Seconds between the commands of an edit's measurements, as between a clerk's save and `make`
#: (a resident saraban loads the index a run used in that time: see generator/resident).
PAUSE = 1.0


def saraban(*args: str, cwd: Path, memory: bool = False) -> tuple[float, str, int]:
    """Run ``saraban ARGS``: seconds, its summary line (with the CPU time its whole process tree
    used: on a shared machine, the part of the result other work cannot change), peak memory."""
    seconds, summary, peak, _ = saraban_cpu(*args, cwd=cwd, memory=memory)
    return seconds, summary, peak


def saraban_cpu(*args: str, cwd: Path, memory: bool = False, env: dict[str, str] | None = None
                ) -> tuple[float, str, int, float]:
    """:func:`saraban`, and the CPU seconds (user + system) of its process tree. ``env``: by
    default the user's, every command run by itself (no resident saraban)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=cwd, text=True,
                               env=env or ALONE_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sampler = PeakMemory(process.pid) if memory else None
    output, _ = process.communicate()
    seconds = time.perf_counter() - start
    peak = sampler.stop() if sampler else 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = next((l for l in reversed(output.splitlines()) if re.match(r"\d+ letters?:", l)), output[-300:])
    summary = f"CPU {cpu:.1f} s; {summary}"
    if process.returncode not in (0, 1):
        raise SystemExit(f"saraban {' '.join(args)} failed:\n{output[-2000:]}")
    return seconds, summary, peak, cpu


class Resident:
    """`saraban serve` for the served rows, with its own socket folder; its peak memory (the
    server and the runs it forks) is sampled while it runs."""

    def __init__(self, folder: Path):
        runtime = Path(tempfile.mkdtemp(prefix="sb-", dir="/tmp"))       # a socket's path is short
        runtime.chmod(0o700)
        self.runtime, self.log = runtime, folder / "serve.log"
        self.env = {**USER_ENV, "XDG_RUNTIME_DIR": str(runtime)}
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--idle", "30"], cwd=folder,
                                        env=self.env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        limit = time.monotonic() + 120
        while "ready" not in self.log.read_text("utf-8"):
            if self.process.poll() is not None or time.monotonic() > limit:
                raise SystemExit(f"saraban serve did not start:\n{self.log.read_text('utf-8')[-2000:]}")
            time.sleep(0.1)
        self.memory = PeakMemory(self.process.pid)

    def stop(self) -> int:
        peak = self.memory.stop()
        self.process.terminate()
        self.process.wait(timeout=60)
        shutil.rmtree(self.runtime, ignore_errors=True)
        return peak


def naive(tree: Path, sample: int, work: Path) -> tuple[float, int]:
    """Render DOCX and run `soffice --convert-to pdf` once per letter, for ``sample`` letters:
    seconds per letter. LibreOffice gets the project's fonts and a reused profile (its best case)."""
    from generator.build.pipeline import build
    from generator.pdf import fonts

    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    letters = sorted(tree.rglob("*.yaml"))
    chosen = [p for p in letters if p.name != "agency.yaml"][:: max(1, len(letters) // sample)][:sample]
    conf = fonts.write_fontconfig(work / "fontconfig", [fonts.ensure_substitute()])
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), SAL_USE_VCLPLUGIN="svp")
    profile = (work / "profile").as_uri()
    start = time.perf_counter()
    for letter in chosen:
        out = work / "naive" / letter.stem
        summary = build([letter], out, pdf=False)
        docx = next(p for r in summary.results for p in r.outputs if p.suffix == ".docx")
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(docx)], env=env, capture_output=True, check=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (time.perf_counter() - start) / len(chosen), len(chosen), cpu / len(chosen)


def machine() -> dict[str, str]:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    office = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    return {"CPU": cpu, "cores": str(os.cpu_count()), "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
            "LibreOffice": office, "Python": platform.python_version(),
            "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "Python speed at start": python_speed()}


def python_speed() -> str:
    """Seconds for a loop of 10,000,000 additions: this virtual machine's speed varies by a third
    from hour to hour, and this says how fast it was when the figures were taken."""
    start, total = time.perf_counter(), 0
    for number in range(10_000_000):
        total += number
    return f"{time.perf_counter() - start:.2f} s for 10^7 additions"


# ------------------------------------------------------------------ scaling

REPEATS = 3
PREVIEW_SAVES = 5


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def scaling_row(count: int, work: Path) -> tuple[tuple, tuple]:
    """No-op, one letter edited (the DOCX-only build, and that letter's PDF), `check` after one
    edit, and peak memory, in a tree of ``count`` letters: each command by itself, then each taken
    by a resident saraban (`saraban serve`). The tree is built cold once, DOCX only (LibreOffice's
    part grows with the letters converted, not with the tree): each measurement is the median of
    three runs, with its CPU seconds."""
    folder = work / f"scale-{count}"
    tree = make_letters(folder, count)
    out, cache = folder / "out", folder / "check-cache"
    cold, _, cold_peak, cold_cpu = saraban_cpu("build", "--no-pdf", "--out", str(out), str(tree), cwd=folder, memory=True)
    saraban_cpu("check", "--cache", str(cache), str(tree), cwd=folder)
    edited = next(tree.rglob("external-medium-*.yaml"))
    alone = edit_runs(folder, tree, edited, ALONE_ENV, memory=True)
    saves = preview_saves(folder, edited, out=folder / "preview")
    saraban_cpu("build", "--no-pdf", "--out", str(out), str(tree), cwd=folder)      # the letter as it was
    resident = Resident(folder)
    try:
        served = edit_runs(folder, tree, edited, resident.env, memory=False, label="served")
    finally:
        server_peak = resident.stop()
    shutil.rmtree(folder, ignore_errors=True)
    first, noop, edits, pdfs, checks, edit_total = alone
    peak = max(run[2] for run in [first, *noop, *edits, *pdfs, *checks])
    row = (f"{count:,}", f"{seconds(noop):.2f} s (CPU {cpu(noop):.2f}); first after a build {first[0]:.2f} s",
           f"{seconds(edits):.2f} s (CPU {cpu(edits):.2f}) + its PDF {seconds(pdfs):.2f} s = {edit_total:.2f} s",
           f"{seconds(checks):.2f} s (CPU {cpu(checks):.2f})",
           f"{median(saves):.2f} s (each: {', '.join(f'{t:.2f}' for t in saves)})",
           f"{max(peak, cold_peak) / 2**20:,.0f} MiB (edit: {peak / 2**20:,.0f} MiB)",
           f"{cold:.0f} s (CPU {cold_cpu:.0f})")
    first, noop, edits, pdfs, checks, edit_total = served
    served_row = (f"{count:,}", f"{seconds(noop):.2f} s; first after a build {first[0]:.2f} s",
                  f"{seconds(edits):.2f} s + its PDF {seconds(pdfs):.2f} s = {edit_total:.2f} s "
                  f"(each: {', '.join(f'{e[0]:.2f} + {p[0]:.2f}' for e, p in zip(edits, pdfs))})",
                  f"{seconds(checks):.2f} s (each: {', '.join(f'{c[0]:.2f}' for c in checks)})",
                  f"{server_peak / 2**20:,.0f} MiB")
    return row, served_row


def seconds(runs) -> float:
    return median([run[0] for run in runs])


def cpu(runs) -> float:
    return median([run[3] for run in runs])


def edit_runs(folder: Path, tree: Path, edited: Path, env: dict[str, str], memory: bool, label: str = "alone"):
    """The first no-op after a build, three no-ops, and three times: an edit, the DOCX-only build,
    that letter's PDF, another edit and `check`. Every command is :data:`PAUSE` after the last."""
    out, cache = folder / "out", folder / "check-cache"
    run = lambda *args: (time.sleep(PAUSE), saraban_cpu(*args, cwd=folder, memory=memory, env=env))[1]  # noqa: E731
    build = ("build", "--no-pdf", "--out", str(out), str(tree))
    first = run(*build)
    noop = [run(*build) for _ in range(REPEATS)]
    original = edited.read_text("utf-8")
    edits, pdfs, checks = [], [], []
    for attempt in range(REPEATS):
        edited.write_text(original.replace("จึงเรียนมา", f"จึงขอเรียนมา ({label} {attempt})"), "utf-8")
        edits.append(run(*build))
        # The letter's PDF conversion: that letter built alone with its PDF, less built alone without
        # (LibreOffice's start and its work on the letter, not our start and rendering twice).
        docx = run("build", "--no-pdf", "--out", str(folder / f"docx-{label}-{attempt}"), str(edited))
        with_pdf = run("build", "--out", str(folder / f"pdf-{label}-{attempt}"), str(edited))
        pdfs.append((with_pdf[0] - docx[0], with_pdf[1], with_pdf[2], with_pdf[3] - docx[3]))
        edited.write_text(original.replace("จึงเรียนมา", f"จึงเรียนมาด้วยดี ({label} {attempt})"), "utf-8")
        checks.append(run("check", "--cache", str(cache), str(tree)))
    edited.write_text(original, "utf-8")
    edit_total = median([e[0] + p[0] for e, p in zip(edits, pdfs)])
    return first, noop, edits, pdfs, checks, edit_total


SCALING_HEAD = ("| letters | no-op | one letter edited: DOCX build + its PDF | `check` after one edit "
                "| `preview`: save → new PDF | peak memory (cold build) | cold build, DOCX only |")
SERVED_HEAD = ("| letters | no-op | one letter edited: DOCX build + its PDF | `check` after one edit "
               "| peak memory of the server and its runs |")


def preview_saves(folder: Path, letter: Path, out: Path, saves: int = PREVIEW_SAVES) -> list[float]:
    """Seconds from each save of ``letter`` to its new PDF on disk, under `saraban preview` (the
    first save, which still loads what the first render did not need, is left out)."""
    log = folder / "preview.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-m", "generator", "preview", str(letter), "--no-open",
                                    "--out", str(out), "--timeout", "300"],
                                   cwd=folder, env=USER_ENV, stdout=output, stderr=subprocess.STDOUT)
    pdf = out / letter.relative_to(folder / "letters").with_suffix(".pdf")
    original, times = letter.read_text("utf-8"), []
    try:
        _wait_for(lambda: pdf.exists(), 120, log)
        for attempt in range(saves + 1):
            time.sleep(1.0)
            before = pdf.stat().st_mtime_ns
            letter.write_text(original.replace("จึงเรียนมา", f"จึงเรียนมา [{attempt}]"), "utf-8")
            start = time.perf_counter()
            _wait_for(lambda: pdf.stat().st_mtime_ns != before, 60, log)
            times.append(time.perf_counter() - start)
        process.terminate()             # a save may be seen twice (truncated, then written): no count of renders
        process.wait(timeout=60)
    finally:
        letter.write_text(original, "utf-8")
        if process.poll() is None:
            process.kill()
    return times[1:]


def _wait_for(condition, seconds: float, log: Path) -> None:
    limit = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > limit:
            raise SystemExit(f"saraban preview wrote no new PDF in time:\n{log.read_text('utf-8')[-3000:]}")
        time.sleep(0.01)


# ------------------------------------------------------------------ the run

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--naive-sample", type=int, default=20)
    parser.add_argument("--memory-letters", type=int, default=1000, help="0: skip the large build")
    parser.add_argument("--scaling", default="200,2000,10000",
                        help="letters in each tree of the scaling table, comma-separated ('' skips it)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results.md"),
                        help="the Markdown file the results are written to")
    args = parser.parse_args()
    info = machine()
    rows, scaling = [], []
    with tempfile.TemporaryDirectory(prefix="saraban-bench-") as tmp:
        work = Path(tmp)
        for count in [int(n) for n in args.scaling.split(",") if n.strip()]:
            scaling.append(scaling_row(count, work))
            print(f"scaling {count}: {scaling[-1]}", flush=True)
        if not args.letters:
            info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            info["Python speed at end"] = python_speed()
            return write(rows, info, args, scaling)
        tree = make_letters(work / "run", args.letters)
        per_letter, sampled, cpu = naive(tree, args.naive_sample, work)
        naive_total = per_letter * args.letters
        rows.append(("(a) naive loop: render + `soffice --convert-to pdf` per letter",
                     f"{naive_total:.1f} s", f"{per_letter:.2f} s/letter measured on {sampled} letters, "
                     f"× {args.letters} (extrapolated); LibreOffice CPU {cpu:.2f} s/letter (rendering not counted)"))
        out = work / "run" / "out"
        cold, cold_summary, cold_peak = saraban("build", "--out", str(out), str(tree), cwd=work / "run", memory=True)
        rows.append((f"(b) `saraban build`, cold, {args.letters} letters", f"{cold:.1f} s",
                     f"{naive_total / cold:.1f}× faster than (a); {cold_summary}"))
        noop, noop_summary, _ = saraban("build", "--out", str(out), str(tree), cwd=work / "run")
        rows.append(("(c) no-op rebuild", f"{noop:.2f} s", noop_summary))
        edited = next(tree.rglob("external-medium-*.yaml"))
        edited.write_text(edited.read_text("utf-8").replace("จึงเรียนมา", "จึงขอเรียนมา"), "utf-8")
        one, one_summary, _ = saraban("build", "--out", str(out), str(tree), cwd=work / "run")
        rows.append(("(d) rebuild after editing one letter", f"{one:.2f} s", one_summary))
        rows.append((f"(e) peak memory, {args.letters} letters (process tree RSS)", f"{cold_peak / 2**20:.0f} MiB", ""))
        if args.memory_letters:
            big = make_letters(work / "big", args.memory_letters)
            seconds, summary, peak = saraban("build", "--out", str(work / "big" / "out"), str(big),
                                             cwd=work / "big", memory=True)
            rows.append((f"(e) peak memory, {args.memory_letters} letters, cold (process tree RSS)",
                         f"{peak / 2**20:.0f} MiB", f"{seconds:.1f} s; {summary}"))
    info["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["Python speed at end"] = python_speed()
    write(rows, info, args, scaling)


def write(rows, info, args, scaling=()) -> None:
    table = ["| measurement | result | notes |", "|---|---|---|"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    scaled = args.scaling or "''"
    grows = [SCALING_HEAD, "|---|---|---|---|---|---|---|", *("| " + " | ".join(row) + " |" for row, _ in scaling)]
    served = [SERVED_HEAD, "|---|---|---|---|---|", *("| " + " | ".join(row) + " |" for _, row in scaling)]
    text = "\n".join([
        "# Benchmark results", "",
        f"`make bench` (bench/run.py --letters {args.letters} --naive-sample {args.naive_sample} "
        f"--memory-letters {args.memory_letters} --scaling {scaled}), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
        *(table if rows else []), "",
        *(["## Scaling: cost that grows with what changed", "",
           "Wall seconds, median of three runs, with the CPU seconds of the whole process tree (what "
           "other work on the machine cannot change). Each tree is built cold once, DOCX only; the first "
           "no-op after a build reads the index and keeps its answer (build/quick.py), the next ones "
           "give that answer while every file it rests on is unchanged; "
           "\"one letter edited\" is the DOCX-only build of the tree after the edit plus that letter's "
           "PDF conversion: the letter built alone with its PDF (LibreOffice started for it) less the "
           "letter built alone without; saraban runs with its compiled modules kept, as a user's "
           "`make letters` does; peak memory is the summed RSS of the "
           "process tree, the largest of every run of that row; `preview` is `saraban preview` of "
           "that letter (LibreOffice kept running, polling four times a second), the seconds from "
           "each of five saves to its new PDF on disk. Targets at 10,000: no-op < 0.5 s, "
           "one edit < 2 s in all, check < 1 s, memory < 1.5 GB.", "", *grows, "",
           "### With a resident saraban (`saraban serve`)", "",
           "The same commands, the same way, while `saraban serve` runs (generator/resident): each "
           "command hands its run to the server, which forks a copy of itself with Python, the "
           "pipeline and the Thai dictionary loaded, and the index the last run of that folder read. "
           f"Every command starts {PAUSE:g} s after the last, in both tables (the server loads an index "
           "after a run ends). Wall seconds only: the CPU is the server's. The runs of each cell, in "
           "order, after the median.", "", *served, ""] if scaling else []),
        "Machine:", "",
        *[f"- {key}: {value}" for key, value in info.items()], "",
    ])
    Path(args.results).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
