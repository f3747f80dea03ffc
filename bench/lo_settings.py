"""Benchmark (not a test): does a LibreOffice setting change the cost of converting letters?

    python bench/lo_settings.py [--letters 30] [--rounds 2]

Renders ``--letters`` letters of bench/run.py's mix to DOCX, makes LibreOffice's copy of each (as
the engines do), then for every variant starts one LibreOffice with a fresh profile holding the
variant's settings, converts each letter once to warm it up, and measures converting them all
again: the CPU seconds of the soffice process (user + system, from /proc: what other work on a
shared machine cannot change) and the wall seconds. The driver runs under the Python that has
LibreOffice's UNO bindings (see generator/pdf/engines/warm.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# name -> (registry items: (node path, property, type, value), PDF export filter data: {name: (type, value)})
VARIANTS = {
    "as the engine does today": ([], {}),
    "AutoSave and AutoRecovery off": ([("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "boolean", "false"),
                                       ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "boolean", "false")], {}),
    "no thumbnail, no automatic spelling": ([("/org.openoffice.Office.Common/Save/Document", "GenerateThumbnail", "boolean", "false"),
                                             ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "boolean", "false")], {}),
    "tagged PDF off (explicit)": ([], {"UseTaggedPDF": ("boolean", False)}),
    "tagged PDF on": ([], {"UseTaggedPDF": ("boolean", True)}),
    "PDF/A-2b (tags on)": ([], {"SelectPdfVersion": ("long", 2)}),
    "no bookmarks, no form fields": ([], {"ExportBookmarks": ("boolean", False), "ExportFormFields": ("boolean", False)}),
}

DRIVER = r'''
import json, os, subprocess, sys, time
import uno
from com.sun.star.beans import PropertyValue
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import uno_worker as w

def cpu(root):
    """CPU seconds of ``root`` and every process below it (soffice starts soffice.bin)."""
    parents, times = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry)] = int(fields[1])
            times[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(times.get(pid, 0) for pid in family)

soffice, profile, pipe, files, filter_data = sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5]), json.loads(sys.argv[6])
process = w.start_soffice(soffice, profile, pipe)
office = w.Office(w.connect(pipe, process), 3)
data = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(
    PropertyValue(Name=k, Value=(uno.Any("long", v[1]) if v[0] == "long" else v[1])) for k, v in filter_data.items()))
def convert(docx, pdf):
    document = office.desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0,
        (w.prop("Hidden", True), w.prop("ReadOnly", True), w.prop("UpdateDocMode", 0), w.prop("FilterName", "MS Word 2007 XML")))
    try:
        w.turn_watermark_text(document)
        args = [w.prop("FilterName", "writer_pdf_Export")]
        if filter_data:
            args.append(PropertyValue(Name="FilterData", Value=data))
        uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(pdf), tuple(args)))
    finally:
        document.close(True)
for docx in files:
    convert(docx, docx + ".warm.pdf")
pid = process.pid
before, start = cpu(pid), time.perf_counter()
for docx in files:
    convert(docx, docx + ".pdf")
wall, used = time.perf_counter() - start, cpu(pid) - before
size = sum(os.path.getsize(docx + ".pdf") for docx in files)
office.quit()
process.wait(timeout=30)
print(json.dumps({"cpu": used, "wall": wall, "bytes": size}))
'''


def registry(items: list[tuple[str, str, str, str]]) -> str:
    body = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
                   for path, name, _type, value in items)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse">'
            f'<value>3</value></prop></item>\n{body}</oor:items>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2,
                        help="runs of every variant, interleaved, every other round in reverse order")
    args = parser.parse_args()
    from bench.run import make_letters
    from generator.build.pipeline import build
    from generator.pdf import fonts
    from generator.pdf.engines.libreoffice import prepare_copy, soffice_path
    from generator.pdf.engines.warm import WORKER_SCRIPT, uno_python, worker_environment

    with tempfile.TemporaryDirectory(prefix="saraban-lo-bench-") as tmp:
        work = Path(tmp)
        tree = make_letters(work, args.letters)
        summary = build([tree], work / "out", pdf=False)
        copies = []
        for result in summary.results:
            for docx in (p for p in result.outputs if p.suffix == ".docx"):
                target = work / "copies" / f"{len(copies):04d}.docx"
                target.parent.mkdir(exist_ok=True)
                if prepare_copy(docx, target):          # one numeral style: Thai page numbers
                    copies.append(str(target))
        conf = fonts.write_fontconfig(work / "fontconfig", [fonts.ensure_substitute()])
        env = worker_environment({"FONTCONFIG_FILE": str(conf), "SAL_USE_VCLPLUGIN": "svp"})
        results: dict[str, list[dict]] = {name: [] for name in VARIANTS}
        for round_ in range(args.rounds):
            order = list(enumerate(VARIANTS.items()))
            for index, (name, (items, filter_data)) in order if round_ % 2 == 0 else reversed(order):
                profile = work / f"profile-{round_}-{index}"
                (profile / "user").mkdir(parents=True)
                (profile / "user" / "registrymodifications.xcu").write_text(registry(items), "utf-8")
                done = subprocess.run([uno_python(), "-c", DRIVER, str(WORKER_SCRIPT), soffice_path(), profile.as_uri(),
                                       f"saraban-bench-{os.getpid()}-{round_}-{index}", json.dumps(copies),
                                       json.dumps(filter_data)], env=env, capture_output=True, text=True, timeout=900)
                if done.returncode:
                    raise SystemExit(f"{name}: {done.stderr[-2000:]}")
                results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(name, results[name][-1], flush=True)
    print(f"\n{len(copies)} letters, {args.rounds} rounds, load average {os.getloadavg()[0]:.1f}\n")
    print("| variant | LibreOffice CPU s / letter | wall s / letter | PDF bytes / letter |\n|---|---|---|---|")
    for name, runs in results.items():
        cpu = min(r["cpu"] for r in runs) / len(copies)
        wall = min(r["wall"] for r in runs) / len(copies)
        print(f"| {name} | {cpu:.3f} | {wall:.3f} | {runs[0]['bytes'] // len(copies):,} |")


if __name__ == "__main__":
    main()
