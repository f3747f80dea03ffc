"""The facts index: the checks across letters (duplicate and missing numbers) run on each letter's
facts kept in the cache, so an edit reads only the letters that changed, and the results stay
exact: a duplicate between an edited letter and an untouched one, a deleted letter's number, an
agency.yaml that changed; `saraban check` incremental gives what `check --full` gives."""
from __future__ import annotations

import contextlib
import os
import random
from concurrent.futures import Future
from pathlib import Path

import pytest

import generator.build.examine as examine
import generator.build.pipeline as pipeline
from generator.build.pipeline import build, check
from generator.cli import main

AGENCY = "name: อำเภอบ้านลาด\naddress: [ที่ว่าการอำเภอบ้านลาด]\ncode: พบ ๐๐๒๓.๑๐\nsigners:\n  chief:\n    name: นายก\n    position: นายอำเภอ\n"


def letter(number: int | str, date: str = "2026-01-05", extra: str = "") -> str:
    return (f"kind: external\nnumber: {number}\ndate: {date}\n{extra}"
            "subject: เรื่องทดสอบ\nto: ผู้รับ\nbody: ข้อความ\nsigner: chief\n")


def make(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "letters"
    root.mkdir()
    (root / "agency.yaml").write_text(AGENCY, encoding="utf-8")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The letters the pipeline loads and validates (the names of their files), in order."""
    seen: list[str] = []
    real = examine.prepare

    def counting(file, root, work):
        seen.append(file.name)
        return real(file, root, work)

    monkeypatch.setattr(examine, "prepare", counting)
    return seen


def outcome(summary) -> dict[str, tuple[str, list[str]]]:
    """Each letter's status and the rule ids of its numbering problems (SB3…)."""
    return {r.file.name: (r.status, sorted(p.rule_id for p in r.problems if (p.rule_id or "").startswith("SB3")))
            for r in summary.results}


def test_a_duplicate_between_an_edited_letter_and_an_untouched_one_is_found(tmp_path, reads):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2), "c.yaml": letter(3)})
    out = tmp_path / "out"
    assert {s for s, _ in outcome(build([root], out, pdf=False)).values()} == {"built"}
    reads.clear()
    (root / "c.yaml").write_text(letter(1), "utf-8")                 # now the same number as a.yaml
    after = outcome(build([root], out, pdf=False))
    assert reads == ["c.yaml"]                                         # a.yaml was not read again
    assert after["a.yaml"] == ("failed", ["SB301"]) and after["c.yaml"] == ("failed", ["SB301"])
    assert after["b.yaml"][0] == "unchanged"
    assert (out / "a.docx").exists()          # an untouched letter's outputs stay while it is failing
    reads.clear()
    (root / "c.yaml").write_text(letter(3), "utf-8")     # undone: the bytes it was built from, unread
    again = outcome(build([root], out, pdf=False))
    assert again == {"a.yaml": ("unchanged", []), "b.yaml": ("unchanged", []), "c.yaml": ("unchanged", [])}
    assert reads == []


def test_the_message_names_the_untouched_letter_and_its_line(tmp_path):
    root = make(tmp_path, {"a.yaml": "# a comment\n" + letter(7), "b.yaml": letter(8)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    (root / "b.yaml").write_text(letter(7), "utf-8")
    problems = {r.file.name: [p for p in r.problems if p.rule_id == "SB301"]
                for r in build([root], out, pdf=False).results}
    assert f"is also used by {root / 'a.yaml'}:3" in problems["b.yaml"][0].message
    assert problems["a.yaml"][0].line == 3 and f"{root / 'b.yaml'}:2" in problems["a.yaml"][0].message


def test_deleting_a_letter_frees_its_number(tmp_path, reads):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2), "c.yaml": letter(3)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    (root / "b.yaml").unlink()
    reads.clear()
    gap = outcome(build([root], out, pdf=False))
    assert reads == []                                    # nothing changed but a letter gone: no letter read
    assert gap == {"a.yaml": ("unchanged", []), "c.yaml": ("unchanged", ["SB302"])}   # 2 is missing now
    (root / "d.yaml").write_text(letter(2), "utf-8")      # the freed number, given again
    after = outcome(build([root], out, pdf=False))
    assert after == {"a.yaml": ("unchanged", []), "c.yaml": ("unchanged", []), "d.yaml": ("built", [])}
    assert reads == ["d.yaml"]


def test_a_no_op_build_shows_the_problems_across_letters_again(tmp_path):
    root = make(tmp_path, {"a.yaml": letter(1), "c.yaml": letter(3)})
    out = tmp_path / "out"
    first = outcome(build([root], out, pdf=False))
    assert first["c.yaml"] == ("built", ["SB302"])
    assert outcome(build([root], out, pdf=False))["c.yaml"] == ("unchanged", ["SB302"])


def test_a_changed_agency_yaml_makes_its_letters_changed(tmp_path, reads):
    """The sub-agency's code becomes the parent's: its letter now shares a series, and a number,
    with an untouched letter of the parent."""
    root = make(tmp_path, {"a.yaml": letter(5), "sub/b.yaml": letter(5)})
    sub_agency = root / "sub" / "agency.yaml"
    sub_agency.write_text("code: พบ ๐๐๒๓.๙๙\n", "utf-8")
    out = tmp_path / "out"
    assert outcome(build([root], out, pdf=False)) == {"a.yaml": ("built", []), "b.yaml": ("built", [])}
    reads.clear()
    sub_agency.write_text("code: พบ ๐๐๒๓.๑๐\n", "utf-8")
    after = outcome(build([root], out, pdf=False))
    assert reads == ["b.yaml"]
    assert after == {"a.yaml": ("failed", ["SB301"]), "b.yaml": ("failed", ["SB301"])}



# ----------------------------------------------------------------- rendering while the next letters are read

class EchoSession:
    """An engine with sessions whose conversions finish at once: a PDF of one empty page per
    DOCX; it records, in ``events``, each letter as it is submitted."""

    name = "echo-session"

    def __init__(self, events: list[str]):
        self.events = events

    def dependencies(self):
        return {}

    @contextlib.contextmanager
    def session(self, letters: int):
        yield _Submitting(self)


class _Submitting:
    def __init__(self, engine: EchoSession):
        self.engine, self.events = engine, engine.events

    def submit(self, docx: Path) -> Future:
        import pikepdf

        self.events.append(f"submit {docx.name.split('-', 1)[1].removesuffix('.docx')}")
        future: Future = Future()
        pdf = docx.with_suffix(".pdf")
        with pikepdf.new() as document:
            document.add_blank_page(page_size=(595, 842))
            document.save(pdf)
        future.set_result(pdf)
        return future


def test_letters_convert_while_the_next_are_read_and_publish_only_after_the_checks_across(tmp_path, monkeypatch):
    """The first letters go to the engine before the last is read (LibreOffice works meanwhile),
    but none is published before the numbering rules have seen every letter: a duplicate between
    the first letter and the last fails both, and neither has an output nor an entry in the cache."""
    count = 3 * pipeline.BATCH
    files = {f"l{i:02d}.yaml": letter(i + 1) for i in range(count)}
    files[f"l{count - 1:02d}.yaml"] = letter(1)                        # the first letter's number
    root = make(tmp_path, files)
    events: list[str] = []
    real = examine.prepare
    monkeypatch.setattr(examine, "prepare", lambda file, root, work: events.append(f"read {file.stem}") or real(file, root, work))
    published = pipeline._publish
    monkeypatch.setattr(pipeline, "_publish", lambda result, *rest: events.append(f"publish {result.file.stem}") or published(result, *rest))
    out = tmp_path / "out"
    summary = build([root], out, engine=EchoSession(events))
    last_read = events.index(f"read l{count - 1:02d}")
    assert events.index("submit l00") < last_read              # converted while the others were read
    assert min(i for i, e in enumerate(events) if e.startswith("publish")) > last_read
    duplicated = {"l00.yaml", f"l{count - 1:02d}.yaml"}
    results = outcome(summary)
    assert {name for name, (status, _) in results.items() if status == "failed"} == duplicated
    assert all(results[name][1] == ["SB301"] for name in duplicated)
    assert not [p for p in out.rglob("*") if p.stem in {"l00", f"l{count - 1:02d}"}]
    assert len(list(out.glob("*.pdf"))) == len(list(out.glob("*.docx"))) == count - 2
    assert "publish l00" not in events
    # what the failed letters say is what `saraban check` says of them
    checked = {r.file.name: r.problems for r in check([root]).results}
    assert all([p.message for p in r.problems] == [p.message for p in checked[r.file.name]]
               for r in summary.results if r.file.name in duplicated)
    again = outcome(build([root], out, engine=EchoSession(events)))
    assert {name: again[name] for name in duplicated} == {name: results[name] for name in duplicated}
    assert {status for name, (status, _) in again.items() if name not in duplicated} == {"unchanged"}


# ----------------------------------------------------------------- saraban check, incremental

def problems_of(summary) -> list[tuple]:
    return sorted((str(r.file), r.status, p.line or 0, p.rule_id or "", p.severity, p.message)
                  for r in summary.results for p in r.problems)


EDITS = ("number", "year", "circular", "cancel", "delete", "add", "agency", "break", "draft")


def edit(root: Path, rng: random.Random, step: int) -> None:
    """One random change to the tree, as a clerk might make it."""
    letters = sorted(p for p in root.rglob("*.yaml") if p.name != "agency.yaml")
    what = rng.choice(EDITS)
    target = rng.choice(letters) if letters else None
    if what == "add" or target is None:
        folder = rng.choice([root, root / "sub"])
        folder.mkdir(exist_ok=True)
        (folder / f"new-{step}.yaml").write_text(letter(rng.randint(1, 6)), "utf-8")
    elif what == "delete":
        target.unlink()
    elif what == "agency":
        code = rng.choice(["พบ ๐๐๒๓.๑๐", "พบ ๐๐๒๓.๙๙"])
        (root / "sub").mkdir(exist_ok=True)
        (root / "sub" / "agency.yaml").write_text(f"code: {code}\n", "utf-8")
    elif what == "break":
        target.write_text("kind: external\nnumber: [\n", "utf-8")
    else:
        number = rng.randint(1, 6)
        text = {"number": letter(number), "year": letter(number, "2025-12-30"),
                "circular": letter(number, extra="circular: true\n"),
                "cancel": letter(number, extra="status: cancelled\n"), "draft": letter("auto")}[what]
        target.write_text(text, "utf-8")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_check_finds_what_a_full_check_finds(tmp_path, seed):
    rng = random.Random(seed)
    root = make(tmp_path, {f"{'sub/' if i % 3 == 0 else ''}l{i}.yaml": letter(i + 1) for i in range(6)})
    cache = tmp_path / "cache"
    check([root], cache_dir=cache)
    for step in range(8):
        for _ in range(rng.randint(1, 2)):
            edit(root, rng, step)
        incremental = check([root], cache_dir=cache)
        full = check([root], full=True)
        assert problems_of(incremental) == problems_of(full), f"seed {seed}, step {step}"


def test_check_reads_only_the_changed_letter(tmp_path, reads):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2)})
    cache = tmp_path / "cache"
    check([root], cache_dir=cache)
    reads.clear()
    (root / "b.yaml").write_text(letter(1), "utf-8")
    summary = check([root], cache_dir=cache)
    assert reads == ["b.yaml"] and not summary.ok
    reads.clear()
    assert problems_of(check([root], cache_dir=cache, full=True)) == problems_of(summary)
    assert sorted(reads) == ["a.yaml", "b.yaml"]


def test_check_command_keeps_its_cache_in_the_folder_given(tmp_path, capsys):
    root = make(tmp_path, {f"l{i}.yaml": letter(i * 2 + 1) for i in range(5)})
    cache = tmp_path / "cache"
    assert main(["check", "--cache", str(cache), str(root)]) == 0
    assert (cache / ".saraban-check.json").is_file()
    quiet = capsys.readouterr().out
    # the same gap in four letters: said once, with a count and the first files
    assert quiet.count("[SB302 number-gap]") == 1 and "warning in 4 letters: e.g. " in quiet
    assert "and 1 more (--verbose lists every one)" in quiet
    assert main(["check", "--cache", str(cache), "--full", "--verbose", str(root)]) == 0
    verbose = capsys.readouterr().out
    assert verbose.count("[SB302 number-gap]") == 4 and verbose.count("✓ ok") == 5


def test_remembered_problems_name_the_letter_as_this_run_does(tmp_path, monkeypatch, capsys):
    """A problem kept in the cache is shown with the letter's path as named now (another working
    folder, another spelling), not as it was named when it was found."""
    root = make(tmp_path, {"a.yaml": letter(1)})
    cache = tmp_path / "cache"
    monkeypatch.chdir(tmp_path)
    main(["check", "--cache", str(cache), "letters"])
    assert "    warning letters/a.yaml:" in capsys.readouterr().out
    monkeypatch.chdir(root)
    main(["check", "--cache", str(cache), "."])
    again = capsys.readouterr().out
    assert "    warning a.yaml:" in again and "letters/a.yaml" not in again


# ----------------------------------------------------------------- the answer of a build with nothing to do

def run_build(capsys, *args: str) -> tuple[int, str]:
    code = main(["build", "--no-pdf", *args])
    printed = capsys.readouterr().out
    return code, "\n".join(line for line in printed.splitlines() if not line.startswith("building"))


def without_time(text: str) -> str:
    import re
    return re.sub(r"\([0-9.]+ s\)", "", text)


def test_a_second_build_with_nothing_to_do_answers_from_the_kept_answer(tmp_path, monkeypatch, capsys):
    import generator.build.plan as plan
    make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(3), "c.yaml": letter(4)})   # 2 is missing
    monkeypatch.chdir(tmp_path)
    assert run_build(capsys, "letters")[0] == 0
    code, first = run_build(capsys, "letters")                # the full way: writes the answer
    assert code == 0 and (tmp_path / "out" / ".saraban-quick.json").is_file()
    monkeypatch.setattr(plan, "plan_build", lambda *a, **k: pytest.fail("the index was read"))
    code, second = run_build(capsys, "letters")
    assert code == 0 and without_time(second) == without_time(first)
    assert "SB302" in second or "missing" in second, second            # the gap, found across letters
    assert "3 letters: 0 built, 3 unchanged, 0 failed" in second


@pytest.mark.parametrize("change", ["edit", "delete", "add", "agency", "output", "other folder", "language"])
def test_the_kept_answer_is_not_used_once_anything_it_rests_on_changed(tmp_path, monkeypatch, capsys, change):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2)})
    monkeypatch.chdir(tmp_path)
    run_build(capsys, "letters")
    run_build(capsys, "letters")                              # the answer is kept
    args = ["letters"]
    if change == "edit":
        (root / "b.yaml").write_text(letter(1), "utf-8")
    elif change == "delete":
        (root / "b.yaml").unlink()
    elif change == "add":
        (root / "c.yaml").write_text(letter(3), "utf-8")
    elif change == "agency":
        (root / "agency.yaml").write_text(AGENCY.replace("บ้านลาด", "ท่ายาง"), "utf-8")
    elif change == "output":
        (tmp_path / "out" / "a.docx").write_bytes(b"not the letter")
    elif change == "other folder":
        monkeypatch.chdir(root)
        args = ["."]
    else:
        args = ["--lang=th", "letters"]
    calls = []
    import generator.commands.build as command
    real = command.plan_build
    monkeypatch.setattr(command, "plan_build", lambda *a, **k: calls.append(1) or real(*a, **k))
    code, printed = run_build(capsys, *(["--out", str(tmp_path / "out")] if change == "other folder" else []), *args)
    assert calls, f"{change}: the kept answer was used"
    if change == "edit":
        assert code == 1 and "SB301" in printed
    if change in ("output", "agency", "add"):
        assert "built" in printed


def test_a_warning_about_a_shared_file_lists_no_letter_on_a_build_with_nothing_to_do(tmp_path, monkeypatch, capsys):
    """The agency.yaml without an emblem is said once; the letters it concerns are not listed."""
    make(tmp_path, {f"{n}.yaml": letter(n) for n in range(1, 7)})
    monkeypatch.chdir(tmp_path)
    run_build(capsys, "letters")
    for _ in range(2):
        code, printed = run_build(capsys, "letters")
        assert code == 0
        assert printed.count("SB124") == 1, printed
        assert "unchanged letters/" in printed and printed.count("✓ unchanged") == 1, printed


@pytest.mark.parametrize("content", ["{not json", '{"format": 1}', "[]",
                                     '{"format": 1, "key": 1, "letters": [], "stats": [], "outputs": [], "states": [], '
                                     '"lines": ["[/oops]"], "counts": {}}'])
def test_a_damaged_kept_answer_is_ignored(tmp_path, monkeypatch, capsys, content):
    make(tmp_path, {"a.yaml": letter(1)})
    monkeypatch.chdir(tmp_path)
    run_build(capsys, "letters")
    (tmp_path / "out" / ".saraban-quick.json").write_text(content, "utf-8")
    code, printed = run_build(capsys, "letters")
    assert code == 0 and "1 letter: 0 built, 1 unchanged, 0 failed" in printed, printed


def test_a_kept_answer_with_broken_markup_is_not_printed(tmp_path, monkeypatch, capsys):
    import json
    make(tmp_path, {"a.yaml": letter(1)})
    monkeypatch.chdir(tmp_path)
    run_build(capsys, "letters")
    run_build(capsys, "letters")
    quick = tmp_path / "out" / ".saraban-quick.json"
    data = json.loads(quick.read_text("utf-8"))
    data["lines"] = ["[/oops] not ours"]
    quick.write_text(json.dumps(data), "utf-8")
    code, printed = run_build(capsys, "letters")
    assert code == 0 and "oops" not in printed and "1 unchanged" in printed


# ------------------------------------------------------------------ the index's journal

@pytest.fixture
def journal(monkeypatch):
    """Every save appends to the journal (a tree of 10,000 letters does; these few would write the
    whole index, which is small beside one line)."""
    import generator.build.cache as build_cache
    monkeypatch.setattr(build_cache, "JOURNAL_SHARE", 0)
    return build_cache


def test_an_edit_is_written_as_a_line_of_the_journal_and_read_back(tmp_path, reads, journal):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2), "c.yaml": letter(3)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    index = (out / journal.CACHE_NAME).read_bytes()
    (root / "c.yaml").write_text(letter(3, extra="urgency: ด่วน\n"), "utf-8")
    reads.clear()
    assert outcome(build([root], out, pdf=False))["c.yaml"] == ("built", [])
    assert reads == ["c.yaml"]
    assert (out / journal.CACHE_NAME).read_bytes() == index               # the index is not rewritten …
    lines = [line for line in (out / (journal.CACHE_NAME + ".journal")).read_text("utf-8").splitlines() if line]
    assert len(lines) == 1 and '"c":' in lines[0] and '"b":' not in lines[0]     # … one line says what changed
    (root / "c.yaml").write_text(letter(1), "utf-8")          # a duplicate of the untouched a.yaml
    reads.clear()
    assert outcome(build([root], out, pdf=False)) == {
        "a.yaml": ("failed", ["SB301"]), "b.yaml": ("unchanged", []), "c.yaml": ("failed", ["SB301"])}
    assert reads == ["c.yaml"]                                # found with a.yaml's facts from the index
    (root / "c.yaml").write_text(letter(3), "utf-8")
    build([root], out, pdf=False)
    reads.clear()
    assert outcome(build([root], out, pdf=False)) == {name: ("unchanged", []) for name in ("a.yaml", "b.yaml", "c.yaml")}
    assert reads == []                                        # the entries the journal gave hold


def test_a_deleted_letter_is_forgotten_through_the_journal(tmp_path, reads, journal):
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2), "c.yaml": letter(3)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    (root / "b.yaml").unlink()
    assert outcome(build([root], out, pdf=False))["c.yaml"] == ("unchanged", ["SB302"])
    assert "b" not in journal.BuildCache.load(out, "any").entries
    (root / "d.yaml").write_text(letter(2), "utf-8")
    reads.clear()
    assert outcome(build([root], out, pdf=False)) == {
        "a.yaml": ("unchanged", []), "c.yaml": ("unchanged", []), "d.yaml": ("built", [])}
    assert reads == ["d.yaml"]


def test_a_line_cut_short_costs_only_its_letters(tmp_path, reads, journal):
    """A build killed while appending leaves part of a line: it is skipped, so that letter is built
    again; the other lines and the index still hold."""
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2), "c.yaml": letter(3)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    (root / "a.yaml").write_text(letter(1, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    (root / "b.yaml").write_text(letter(2, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    path = out / (journal.CACHE_NAME + ".journal")
    text = path.read_bytes()
    path.write_bytes(text[:len(text) - 40])                   # the second line, cut short
    reads.clear()
    statuses = {name: status for name, (status, _) in outcome(build([root], out, pdf=False)).items()}
    assert statuses == {"a.yaml": "unchanged", "b.yaml": "built", "c.yaml": "unchanged"}
    assert reads == ["b.yaml"]
    reads.clear()
    build([root], out, pdf=False)
    assert reads == []


def _journalled(tmp_path: Path, journal) -> tuple[Path, Path, Path]:
    """Letters a.yaml and b.yaml built, then a.yaml edited and built again (a line in the journal):
    the letters root, the output folder and the journal."""
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    (root / "a.yaml").write_text(letter(1, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    return root, out, out / (journal.CACHE_NAME + ".journal")


@pytest.mark.parametrize("hostile", ["another index", "an output outside", "a link", "a fifo", "a folder"])
def test_a_hostile_journal_deletes_and_trusts_nothing(tmp_path, reads, journal, hostile):
    root, out, path = _journalled(tmp_path, journal)
    outside = tmp_path / "keep.docx"
    outside.write_bytes(b"not the build's")
    if hostile == "another index":
        path.write_text(path.read_text("utf-8").replace('"base":"', '"base":"0'), "utf-8")
    elif hostile == "an output outside":
        path.write_text(path.read_text("utf-8").replace('"a.docx"', '"../keep.docx"'), "utf-8")
    elif hostile == "a link":
        path.unlink()
        path.symlink_to(outside)
    elif hostile == "a fifo":                                 # opened for writing, it would block
        path.unlink()
        os.mkfifo(path)
    else:
        path.unlink()
        path.mkdir()
    reads.clear()
    (root / "b.yaml").write_text(letter(2, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    assert sorted(reads) == ["a.yaml", "b.yaml"]             # what the journal said of a.yaml is not taken
    assert outside.read_bytes() == b"not the build's"         # neither deleted nor written through
    assert not path.is_symlink()
    assert hostile == "a folder" or not path.exists() or path.is_file()
    reads.clear()
    build([root], out, pdf=False)
    assert reads == []


def test_the_journal_is_folded_into_a_new_index_once_large(tmp_path, monkeypatch, journal):
    root, out, path = _journalled(tmp_path, journal)
    assert path.exists()
    monkeypatch.setattr(journal, "JOURNAL_SHARE", 10**9)
    (root / "b.yaml").write_text(letter(2, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    assert not path.exists()
    assert set(journal.BuildCache.load(out, "any").entries) == {"a", "b"}


def test_problems_across_letters_from_a_writer_that_missed_a_line_are_found_again(tmp_path, journal):
    """Two builds on one out/ (a preview beside a build): the one that writes last compared facts
    the other had already changed, so its problems across letters are not taken as they are."""
    root = make(tmp_path, {"a.yaml": letter(1), "b.yaml": letter(2)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    slow = journal.BuildCache.load(out, "any")                # loaded before the other build ran
    (root / "a.yaml").write_text(letter(1, extra="urgency: ด่วน\n"), "utf-8")
    build([root / "a.yaml"], out, pdf=False)                  # the other build appends its line
    slow.cross = {"letters": "x", "problems": {}}
    slow.save()                                               # … and this one appends after it
    assert journal.BuildCache.load(out, "any").cross == {}
    fresh = journal.BuildCache.load(out, "any")
    fresh.cross = {"letters": "y", "problems": {}}
    fresh.save()
    assert journal.BuildCache.load(out, "any").cross["letters"] == "y"


@pytest.mark.parametrize("content", ["[" * 100_000, None])
def test_a_crafted_index_or_journal_is_set_aside_without_a_crash(tmp_path, journal, content):
    root = make(tmp_path, {"a.yaml": letter(1)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    path = out / journal.CACHE_NAME
    if content is None:                                       # a problem row with a list inside
        data = path.read_text("utf-8").replace('"warning",', '["warning"],', 1)
        assert data != path.read_text("utf-8")
        path.write_text(data, "utf-8")
    else:
        path.write_text(content, "utf-8")
    cache = journal.BuildCache.load(out, "any")
    assert cache.entries == {} and cache.warning
    assert outcome(build([root], out, pdf=False)) == {"a.yaml": ("built", [])}


def test_the_journal_is_never_appended_to_through_a_hard_link(tmp_path, journal):
    root = make(tmp_path, {"a.yaml": letter(1)})
    out = tmp_path / "out"
    build([root], out, pdf=False)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n", "utf-8")
    os.link(victim, out / (journal.CACHE_NAME + ".journal"))
    (root / "a.yaml").write_text(letter(1, extra="urgency: ด่วน\n"), "utf-8")
    build([root], out, pdf=False)
    assert victim.read_text("utf-8") == "mine\n"
