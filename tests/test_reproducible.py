"""Reproducible outputs: the same letters give the same DOCX and PDF bytes, run after run and in
any folder; the PDF's dates come from SOURCE_DATE_EPOCH or the letter, its /ID from its content."""
from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest

from generator.build.pipeline import build
from tests.conftest import LETTERS, needs_soffice

pytestmark = needs_soffice


def outputs(out: Path) -> dict[str, bytes]:
    """The letters' DOCX and PDF files (not the build cache, which records where and when it ran)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".docx", ".pdf")}


def build_copy(where: Path) -> dict[str, bytes]:
    tree = where / "letters"
    shutil.copytree(LETTERS, tree)
    summary = build([tree], where / "out", engine="libreoffice")
    assert summary.ok, [str(p) for r in summary.results for p in r.errors]
    return outputs(where / "out")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes], Path]:
    first = tmp_path_factory.mktemp("first")
    second = tmp_path_factory.mktemp("second") / "a much" / "deeper folder"   # another path, with a space
    second.mkdir(parents=True)
    return build_copy(first), build_copy(second), second


def test_the_examples_build_to_identical_bytes_in_two_folders(two_builds):
    first, second, _ = two_builds
    names = sorted(first)
    assert names == sorted(second)
    letters = len([f for f in LETTERS.rglob("*.yaml") if f.name != "agency.yaml"])
    assert len([n for n in names if n.endswith(".pdf")]) == letters
    assert len([n for n in names if n.endswith(".docx")]) == letters
    different = [name for name in names if first[name] != second[name]]
    assert different == []


def test_a_second_build_in_the_same_folder_gives_the_same_bytes(two_builds, tmp_path):
    first, _, where = two_builds
    build([where / "letters"], tmp_path / "again", engine="libreoffice")
    assert outputs(tmp_path / "again") == first


def test_no_folder_name_or_clock_time_in_the_pdf(two_builds):
    _, second, where = two_builds
    pdf = second["2567/budget-request.pdf"]
    for leak in (b"saraban-lo", b"deeper folder", b"/tmp", str(where).encode()):
        assert leak not in pdf
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        assert doc.metadata["creationDate"] == doc.metadata["modDate"] == "D:20241118000000+00'00'"  # the letter's date
        assert doc.metadata["producer"].startswith("saraban")
        kind, ids = doc.xref_get_key(-1, "ID")
    assert kind == "array"
    first_id, second_id = ids.strip("[]<>").split("><")
    assert first_id == second_id and first_id != "0" * 32


def test_source_date_epoch_sets_the_pdf_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")          # 2025-01-01T00:00:00Z
    tree = tmp_path / "letters"
    shutil.copytree(LETTERS, tree)
    build([tree / "2568" / "thanks-draft.yaml"], tmp_path / "out", engine="libreoffice")
    with pymupdf.open(str(tmp_path / "out" / "2568" / "thanks-draft.pdf")) as doc:
        assert doc.metadata["creationDate"] == "D:20250101000000+00'00'"


def test_font_subsets_named_and_ordered_by_chance_give_the_same_bytes(two_builds, tmp_path):
    """On a fresh Debian machine LibreOffice once swapped Regular and Bold: their subset tags
    (BAAAAA+/CAAAAA+), resource names (/F1, /F2) and objects. The finish stage undoes such chance."""
    import pikepdf

    from generator.pdf.canonical import FONT_SELECTION, canonicalise

    first, _, _ = two_builds
    original = tmp_path / "original.pdf"
    original.write_bytes(first["2567/budget-request.pdf"])
    swapped = tmp_path / "swapped.pdf"
    with pikepdf.open(original) as doc:
        swapped_dicts = set()
        for page in (p.obj for p in doc.pages):
            fonts = page.Resources.Font
            names = sorted(fonts.keys())
            assert len(names) >= 2
            a, b = names[0], names[1]
            swap = {a[1:].encode(): b[1:].encode(), b[1:].encode(): a[1:].encode()}
            content = FONT_SELECTION.sub(lambda m: b"/" + swap.get(m.group(1), m.group(1)) + m.group(2),
                                         page.Contents.read_bytes())       # as LibreOffice writes it
            page.Contents = doc.make_stream(content)
            if page.Resources.objgen not in swapped_dicts:          # pages may share their resources
                swapped_dicts.add(page.Resources.objgen)
                page.Resources.Font = pikepdf.Dictionary({a: fonts[b], b: fonts[a]})
        for font in [o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]:
            font.BaseFont = pikepdf.Name("/QQQQQQ+" + str(font.BaseFont).split("+", 1)[1])
        doc.save(swapped)
    assert swapped.read_bytes() != original.read_bytes()
    canonicalise(swapped)
    assert swapped.read_bytes() == original.read_bytes()


def test_a_package_zips_to_what_zipfile_alone_writes():
    """write_package reuses the deflated bytes of an entry it zipped before (the template's styles,
    theme, emblem): the package is byte for byte what zipfile writes compressing each entry."""
    import io
    import os
    import zipfile

    from generator.render.docxzip import FIXED_ZIP_TIME, write_package

    def plain(entries: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in entries.items():
                entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                out.writestr(entry, data)
        return buffer.getvalue()

    shared = {"word/styles.xml": b"<w:styles>" + b"<w:style/>" * 3000 + b"</w:styles>",
              "word/media/image1.png": os.urandom(5000), "empty": b""}
    for text in (b"<w:document>one</w:document>", b"<w:document>two</w:document>" * 500):
        entries = {"word/document.xml": text, **shared, "word/header1.xml": text[:40]}
        for _ in range(2):                      # the second time from what the first deflated
            ours = io.BytesIO()
            write_package(ours, entries)
            assert ours.getvalue() == plain(entries)
