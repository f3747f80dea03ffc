"""LibreOffice headless: the engine for Linux and CI.

It converts its own copy of each DOCX, adjusted for what LibreOffice 7.4 reads
differently from Word (the DOCX the clerk gets is never changed):

* ``w:jc="thaiDistribute"`` is ignored by LibreOffice (left-aligned); ordinary
  justification (``both``) distributes Thai lines well, so the copy uses it.
* Word's ``PAGE \\* ThaiArabic`` (page numbers in Thai digits) comes out as Thai
  *letters* (ก ข ค). The copy uses a plain PAGE field and the conversion runs with
  LibreOffice's "context" numerals, which draw digits in Thai where the text's
  language is Thai: the page number's run is Thai; every other run's Latin-script
  language becomes English so digits in URLs and Latin words stay Arabic.

The copy also leaves out what LibreOffice would read for nothing, which halves its
time per letter with the same layout: the latent-style list, and (as in the rendered
DOCX already, see :mod:`generator.render.docxzip`) Word 2010's ``stylesWithEffects.xml`` and
every style no part refers to. It is stored uncompressed: it only lives for the build.

Fonts come through a fontconfig file the project owns (:mod:`generator.pdf.fonts`):
the real TH SarabunPSK where it is available, its metric-compatible substitute
otherwise. Each call uses its own LibreOffice profile, so parallel builds work.

This module is the one-shot engine (``soffice --convert-to``, one process per digit
style per build: ``--engine libreoffice-oneshot``, and the fallback where the UNO
bindings are missing); :mod:`generator.pdf.engines.warm` keeps LibreOffice running.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from generator import deps
from generator.errors import EngineError, SetupError
from generator.pdf import fonts
from generator.render.docxzip import (
    THAI_PAGE_FIELD,
    is_xml_part,
    used_styles,
    without_unread_parts,
    write_package,
)

SECONDS_PER_FILE = 20
# PDF/A-2b (SelectPdfVersion 2), as JSON filter options (LibreOffice 7.4 and later): fonts
# embedded, an sRGB output intent, XMP. The finish stage keeps the claim or drops it. The warm
# engine passes the same setting as FilterData (uno_worker.PDF_EXPORT).
PDF_EXPORT = {"SelectPdfVersion": 2}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "long", "value": str(value)} for name, value in PDF_EXPORT.items()})
SECONDS_TO_START = 60
# LibreOffice's CTL numerals: 0 Arabic, 1 Hindi, 2 system, 3 by the text's language.
CONTEXT_NUMERALS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse"><value>{numerals}</value></prop></item>
</oor:items>
"""
_LANG_VAL = re.compile(r'(<w:lang\b[^>]*?\bw:val=")th-TH(")')
_LATENT = re.compile(r"<w:latentStyles\b.*?</w:latentStyles>", re.S)


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.exists() else None


def prepare_copy(docx: Path, target: Path) -> bool:
    """Write LibreOffice's copy of ``docx``; True when its page numbers want Thai digits."""
    with zipfile.ZipFile(docx) as source:
        entries = without_unread_parts({info.filename: source.read(info) for info in source.infolist()})
    xml = {name: data.decode("utf-8") for name, data in entries.items() if is_xml_part(name)}
    thai_pages = any(THAI_PAGE_FIELD in text for name, text in xml.items() if name.startswith("word/header"))
    for name, text in xml.items():
        text = text.replace('w:val="thaiDistribute"', 'w:val="both"')
        if thai_pages:
            text = text.replace(THAI_PAGE_FIELD, " PAGE ")
            if not name.startswith("word/header"):
                text = _LANG_VAL.sub(r"\1en-US\2", text)
        xml[name] = text
    if "word/styles.xml" in xml:
        xml["word/styles.xml"] = _LATENT.sub("", used_styles(xml["word/styles.xml"], xml))
    write_package(target, {name: xml[name].encode("utf-8") if name in xml else data
                           for name, data in entries.items()}, compress=False)
    return thai_pages


def numerals_profile(profile: Path, thai_numerals: bool) -> Path:
    """A fresh LibreOffice profile folder with its CTL numerals set; returns it."""
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        CONTEXT_NUMERALS.format(numerals=3 if thai_numerals else 0), encoding="utf-8")
    return profile


def program_files(soffice: str) -> list[Path]:
    """Files whose change means another LibreOffice: its version file and main programs."""
    program = Path(os.path.realpath(soffice)).parent
    return [program / name for name in ("versionrc", "soffice.bin", "libmergedlo.so")
            if (program / name).exists()]


class LibreOfficeEngine:
    name = "libreoffice-oneshot"

    def __init__(self, font_dirs: list[Path] | None = None, timeout: float | None = None):
        self.font_dirs = list(font_dirs or [])
        self.timeout = timeout

    @staticmethod
    def available() -> bool:
        return soffice_path() is not None

    @staticmethod
    def soffice() -> str:
        soffice = soffice_path()
        if soffice is None:
            raise SetupError("LibreOffice is not installed: run `make letters` (it installs "
                             "libreoffice-writer-nogui) or install LibreOffice yourself")
        return soffice

    def fontconfig(self, work: Path) -> Path:
        """The project's fonts.conf in ``work``: the substitute and the letters' fonts/ folders."""
        try:
            substitute = fonts.ensure_substitute()
        except fonts.FontError as exc:
            raise SetupError(str(exc)) from None
        return fonts.write_fontconfig(work / "fontconfig", [substitute, *self.font_dirs])

    def dependencies(self) -> dict[str, tuple[str, str]]:
        """What the PDFs depend on besides the letter: LibreOffice itself and the Laksaman
        files the substitute font is made from (the letters' fonts/ folders are the letters')."""
        found: dict[str, tuple[str, str]] = {}
        soffice = soffice_path()
        for file in program_files(soffice) if soffice else []:
            found[str(file)] = deps.state(file, kind="stat")
        try:
            for file in fonts.find_laksaman().values():
                found[str(file.resolve())] = deps.state(file.resolve())
        except fonts.FontError:
            pass
        return found

    def convert(self, docx_files: list[Path]) -> list[Path]:
        soffice = self.soffice()
        with tempfile.TemporaryDirectory(prefix="saraban-lo-") as tmp:
            work = Path(tmp)
            conf = self.fontconfig(work)
            groups: dict[bool, list[Path]] = {True: [], False: []}
            copies = []
            (work / "in").mkdir()
            for index, docx in enumerate(docx_files):
                copy = work / "in" / f"{index:05d}-{docx.name}"     # unique: letters may share a name
                groups[prepare_copy(docx, copy)].append(copy)
                copies.append(copy)
            for thai_numerals, group in groups.items():
                if group:
                    self._run(soffice, group, work, conf, thai_numerals)
            return [self._collect(work / "out" / f"{copy.stem}.pdf", docx)
                    for copy, docx in zip(copies, docx_files)]

    def _run(self, soffice: str, copies: list[Path], work: Path, conf: Path, thai_numerals: bool) -> None:
        """One LibreOffice process converts ``copies`` into ``work/out``."""
        profile = numerals_profile(work / ("profile-thai" if thai_numerals else "profile-plain"), thai_numerals)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
                   "--outdir", str(work / "out"), *map(str, copies)]
        self._call(command, conf, len(copies))

    def _call(self, command: list[str], conf: Path, count: int) -> None:
        env = dict(os.environ, FONTCONFIG_FILE=str(conf), SAL_USE_VCLPLUGIN="svp")
        timeout = self.timeout or SECONDS_TO_START + SECONDS_PER_FILE * count
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=env, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise EngineError(f"LibreOffice did not finish within {timeout:.0f} s and was stopped") from None
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        if process.returncode != 0:
            raise EngineError(f"LibreOffice failed (exit {process.returncode}): "
                              f"{stderr.decode('utf-8', 'replace').strip()[-500:]}")

    @staticmethod
    def _collect(pdf: Path, docx: Path) -> Path:
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise EngineError(f"LibreOffice produced no PDF for {docx.name}")
        target = docx.with_suffix(".pdf")
        shutil.move(pdf, target)
        return target
