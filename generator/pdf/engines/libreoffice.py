"""LibreOffice headless: the engine for Linux and CI.

It converts its own copy of each DOCX, adjusted for what LibreOffice 7.4 reads
differently from Word (the DOCX the clerk gets is never changed):

* ``w:jc="thaiDistribute"`` is ignored by LibreOffice (left-aligned); ordinary
  justification (``both``) distributes Thai lines well, so the copy uses it.
* Word's ``PAGE \\* ThaiArabic`` (page numbers in Thai digits) comes out as Thai
  *letters* (ก ข ค). The copy uses a plain PAGE field and the conversion runs with
  LibreOffice's "context" numerals, which draw digits in Thai where the text's
  language is Thai: the page number's run is Thai; every other run's Latin-script
  language becomes English so digits in URLs and Latin words stay Arabic. LibreOffice
  then marks each digit it drew in Thai with the Arabic digit it stands for
  (``/ActualText``), so the text layer would read ``- 2 -`` under a printed ``- ๒ -``:
  :func:`digits_as_drawn` makes the text layer say what the page shows.

* Under the 6 pt convention (``layout: {part_spacing: 6pt}``) a blank line between parts is a
  paragraph exactly 6 pt high; LibreOffice 7.4 loses keep-with-next chains through such
  paragraphs, so in the copy each one kept with the next becomes 6 pt of space before the
  paragraph it is kept with (the same layout; docs/letters.md#pagination).

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

import copy
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from generator import deps
from generator.errors import EngineError, SetupError
from generator.pdf import fonts
from generator.render.docxzip import (
    THAI_PAGE_FIELD,
    is_xml_part,
    used_styles,
    w,
    without_unread_parts,
    write_package,
)

SECONDS_PER_FILE = 20       # the time limit of each letter
# PDF/A-2b (SelectPdfVersion 2), as JSON filter options (LibreOffice 7.4 and later): fonts
# embedded, an sRGB output intent, XMP. The finish stage keeps the claim or drops it. The warm
# engine passes the same setting as FilterData (uno_worker.PDF_EXPORT).
PDF_EXPORT = {"SelectPdfVersion": 2}
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": "long", "value": str(value)} for name, value in PDF_EXPORT.items()})
SECONDS_TO_START = 60
POLL_SECONDS = 0.2
# LibreOffice's CTL numerals: 0 Arabic, 1 Hindi, 2 system, 3 by the text's language.
CONTEXT_NUMERALS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse"><value>{numerals}</value></prop></item>
</oor:items>
"""
# A blank line between parts that is kept with the next, under the 6 pt convention (the gap
# style exactly 6 pt high): LibreOffice 7.4 loses keep chains through such paragraphs.
_EXACT_GAP_STYLE = re.compile(r'w:styleId="SarabanGap"(?:(?!</w:style>).)*?w:lineRule="exact"', re.S)
_KEPT_GAP = r'<w:p><w:pPr><w:pStyle w:val="SarabanGap"/><w:keepNext/>(?:(?!</w:p>).)*?</w:p>'
_KEPT_GAPS_BEFORE = re.compile(
    r'((?:%s)+)(<w:p(?: [^>]*)?><w:pPr>(?:(?!</w:pPr>).)*?<w:spacing w:before=")0"' % _KEPT_GAP, re.S)
GAP_6PT_TWIPS = 120
_LANG_VAL = re.compile(r'(<w:lang\b[^>]*?\bw:val=")th-TH(")')
_LATENT = re.compile(r"<w:latentStyles\b.*?</w:latentStyles>", re.S)


def soffice_path() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.exists() else None


def _gaps_as_space_before(xml: str) -> str:
    """Kept 6 pt gaps → the same space before the paragraph they were kept with (same layout;
    LibreOffice 7.4 then keeps the chain: measured on budget-request with ``part_spacing: 6pt``,
    whose closing stayed at the foot of page 1 while its signature went to page 2)."""
    def merge(match: re.Match) -> str:
        gaps = len(re.findall(_KEPT_GAP, match.group(1), re.S))
        return f'{match.group(2)}{gaps * GAP_6PT_TWIPS}"'
    return _KEPT_GAPS_BEFORE.sub(merge, xml)


# A number in Thai digits with separators (๗,๒๐๐ ๐๖.๓๐ ๑๐/๐๓/๒๕๖๘), with the space before it.
# LibreOffice 7.4 justifies Thai text by adding space after every character of a Thai portion, and
# a separator (, . / : -) starts a new portion: the last digit before it got about four times the
# space of the others (๗ ,๒๐๐, measured 3.6 pt against 0.8 pt on memo-training). In a run whose
# complex-script language is th-TH-u-nu-thai (Thai with Thai digits), which LibreOffice does not take
# for its Thai justification but still tags th-TH in the PDF, no space is added inside the number,
# and the boundary's share goes to the space before it, where justification puts space anyway.
_THAI_NUMBER = re.compile(r" ?[๐-๙]+(?:[,.:/\-][๐-๙]+)+")
NUMBER_LANGUAGE = "th-TH-u-nu-thai"


def _thai_numbers_apart(xml: str) -> str:
    """Each Thai-digit number with separators in a run of its own, its complex-script language
    :data:`NUMBER_LANGUAGE` (see :data:`_THAI_NUMBER`); text, look and PDF tags unchanged."""
    if not _THAI_NUMBER.search(xml):
        return xml
    from lxml import etree  # only here: most letters have no such number

    from generator.render.templatecheck import SAFE_PARSER

    root = etree.fromstring(xml.encode("utf-8"), SAFE_PARSER)
    for run in list(root.iter(w("r"))):
        kids = list(run)
        text = kids[-1] if kids else None
        if (text is None or text.tag != w("t") or len(kids) > 2 or (len(kids) == 2 and kids[0].tag != w("rPr"))
                or not _THAI_NUMBER.search(text.text or "")):
            continue
        properties = kids[0] if len(kids) == 2 else etree.Element(w("rPr"))
        at, pieces = 0, []
        for match in _THAI_NUMBER.finditer(text.text):
            pieces += [(text.text[at:match.start()], False), (match.group(), True)]
            at = match.end()
        pieces.append((text.text[at:], False))
        parent, index = run.getparent(), run.getparent().index(run)
        parent.remove(run)
        for offset, (piece, number) in enumerate(p for p in pieces if p[0]):
            parent.insert(index + offset, _run(run, properties, piece, number))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def _run(original, properties, text: str, number: bool):
    """A copy of ``original`` (with ``properties``) holding ``text``; a number's run says its
    complex-script language is :data:`NUMBER_LANGUAGE`."""
    from lxml import etree

    run = etree.Element(original.tag, original.attrib)
    rpr = copy.deepcopy(properties)
    run.append(rpr)
    if number:
        language = rpr.find(w("lang"))
        if language is None:
            language = etree.SubElement(rpr, w("lang"))
        language.set(w("bidi"), NUMBER_LANGUAGE)
    content = etree.SubElement(run, w("t"))
    content.text = text
    content.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def prepare_copy(docx: Path, target: Path) -> bool:
    """Write LibreOffice's copy of ``docx``; True when its page numbers want Thai digits."""
    with zipfile.ZipFile(docx) as source:
        entries = without_unread_parts({info.filename: source.read(info) for info in source.infolist()})
    xml = {name: data.decode("utf-8") for name, data in entries.items() if is_xml_part(name)}
    thai_pages = any(THAI_PAGE_FIELD in text for name, text in xml.items() if name.startswith("word/header"))
    if _EXACT_GAP_STYLE.search(xml.get("word/styles.xml", "")):
        xml["word/document.xml"] = _gaps_as_space_before(xml["word/document.xml"])
    for name, text in xml.items():
        text = text.replace('w:val="thaiDistribute"', 'w:val="both"')
        if name == "word/document.xml" or name.startswith(("word/header", "word/footer")):
            text = _thai_numbers_apart(text)
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


# LibreOffice's mark on a digit it drew through its numerals setting: /ActualText of Arabic digits.
_ARABIC_ACTUAL_TEXT = re.compile(rb"/ActualText\s*<FEFF((?:003[0-9])+)>", re.I)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>")
_PAGE_NUMBER_LINE = re.compile(r"-\s*([0-9๐-๙]+)\s*-")


def _thai_actual_text(match: re.Match) -> bytes:
    digits = match.group(1)
    thai = b"".join(b"0E5" + digits[i + 3:i + 4] for i in range(0, len(digits), 4))
    return b"/ActualText<FEFF" + thai + b">"


def _to_unicode(font) -> dict[bytes, str]:
    """A simple font's ToUnicode as {code: text} (LibreOffice writes bfchar entries)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    return {bytes.fromhex(code.decode()): chr(int(text, 16)) for code, text in _BFCHAR.findall(stream.read_bytes())}


def _page_number_digits(page) -> set[tuple[str, bytes]]:
    """(font name, code) of each digit drawn in a ``- N -`` line of ``page``, its page number."""
    import pikepdf

    fonts = page.Resources.get("/Font", {})
    maps = {str(name): _to_unicode(fonts[name]) for name in fonts.keys()}
    lines: dict[float, list[tuple[str, bytes]]] = {}
    font, y = "", 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            font = str(operands[0])
        elif op in ("Td", "Tm"):
            y = round(float(operands[-1]), 1)
        elif op == "Tj":
            lines.setdefault(y, []).append((font, bytes(operands[0])))
        elif op == "TJ":
            lines.setdefault(y, []).extend((font, bytes(item)) for item in operands[0]
                                           if isinstance(item, pikepdf.String))
    found = set()
    for pieces in lines.values():
        text = "".join(maps.get(name, {}).get(bytes([c]), "") for name, codes in pieces for c in codes)
        if _PAGE_NUMBER_LINE.fullmatch(text.strip()):
            found |= {(name, bytes([c])) for name, codes in pieces for c in codes
                      if maps.get(name, {}).get(bytes([c]), "") in "0123456789"}
    return found


def digits_as_drawn(pdf: Path) -> None:
    """In a PDF converted with Thai numerals, the page numbers (the only digits LibreOffice turns
    into Thai ones) read as the Thai digits printed, not as the Arabic digits of the field behind
    them. LibreOffice says which digit a glyph stands for in one of two ways: an /ActualText
    around it when the font's ToUnicode already gives that glyph (a typed ๒) its own text, or the
    ToUnicode itself when the page number drew the glyph first; both are set to the Thai digit.
    Page 1 has no number; one-page letters are left alone."""
    import pikepdf  # only here: the engine module is imported by commands that never convert

    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        changed = False
        wrong_maps: set[tuple[int, bytes]] = set()
        for page in list(doc.pages)[1:]:
            contents = page.obj.get("/Contents")
            for stream in list(contents) if isinstance(contents, pikepdf.Array) else [contents]:
                data = stream.read_bytes()
                fixed = _ARABIC_ACTUAL_TEXT.sub(_thai_actual_text, data)
                if fixed != data:
                    stream.write(fixed)
                    changed = True
            fonts = page.Resources.get("/Font", {})
            wrong_maps |= {(fonts[name].objgen, code) for name, code in _page_number_digits(page)}
        for objgen in {objgen for objgen, _ in wrong_maps}:
            stream = doc.get_object(objgen).ToUnicode
            data = stream.read_bytes()
            for _, code in (entry for entry in wrong_maps if entry[0] == objgen):
                data = re.sub(rb"(<%s>\s*<)003([0-9])(>)" % code.hex().upper().encode(), rb"\g<1>0E5\2\3", data)
            stream.write(data)
            changed = True
        if changed:
            doc.save(pdf)


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
        self.timeout = timeout                   # seconds for one letter (default SECONDS_PER_FILE)

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
        """Every PDF, or an :class:`EngineError` when any letter failed."""
        results = self.convert_each(docx_files)
        for result in results:
            if isinstance(result, EngineError):
                raise result
        return results

    def convert_each(self, docx_files: list[Path]) -> list[Path | EngineError]:
        """Each letter's PDF, or the error that letter alone met (one slow letter fails alone)."""
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
            failed: dict[Path, EngineError] = {}
            for thai_numerals, group in groups.items():
                if group:
                    failed.update(self._run(soffice, group, work, conf, thai_numerals))
            thai = set(groups[True])
            return [failed.get(copy) or self._collect_or_error(work / "out" / f"{copy.stem}.pdf", docx, copy in thai)
                    for copy, docx in zip(copies, docx_files)]

    def _run(self, soffice: str, copies: list[Path], work: Path, conf: Path,
             thai_numerals: bool) -> dict[Path, EngineError]:
        """LibreOffice converts ``copies`` into ``work/out``, in order. A letter that takes longer
        than its limit is stopped and fails alone; a fresh process converts the letters after it."""
        profile = numerals_profile(work / ("profile-thai" if thai_numerals else "profile-plain"), thai_numerals)
        failed: dict[Path, EngineError] = {}
        remaining = list(copies)
        while remaining:
            command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                       "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
                       "--outdir", str(work / "out"), *map(str, remaining)]
            stuck = self._call(command, conf, [work / "out" / f"{copy.stem}.pdf" for copy in remaining])
            if stuck is None:
                break
            failed[remaining[stuck]] = EngineError(
                f"LibreOffice took longer than {self._seconds_per_file():.0f} s on this letter and was stopped")
            remaining = remaining[stuck + 1:]
        return failed

    def _seconds_per_file(self) -> float:
        return self.timeout or SECONDS_PER_FILE

    def _call(self, command: list[str], conf: Path, pdfs: list[Path]) -> int | None:
        """Run ``command``, which writes ``pdfs`` in order; the index of the letter it was stopped
        on when it took longer than its limit (the first one may also take the start-up time)."""
        env = dict(os.environ, FONTCONFIG_FILE=str(conf), SAL_USE_VCLPLUGIN="svp")
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(command, stdout=log, stderr=log, env=env, start_new_session=True)
            try:
                stuck = self._watch(process, pdfs)
            except BaseException:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
            if stuck is not None:
                return stuck
            if process.returncode != 0:
                log.seek(0)
                raise EngineError(f"LibreOffice failed (exit {process.returncode}): "
                                  f"{log.read().decode('utf-8', 'replace').strip()[-500:]}")
        return None

    def _watch(self, process: subprocess.Popen, pdfs: list[Path]) -> int | None:
        """Wait for ``process``; each letter has its own time limit, counted from the previous one's
        PDF. Kill it and return the letter's index when one takes too long."""
        done = 0
        deadline = time.monotonic() + SECONDS_TO_START + self._seconds_per_file()
        while True:
            try:
                process.wait(timeout=POLL_SECONDS)
                return None
            except subprocess.TimeoutExpired:
                pass
            while done < len(pdfs) and pdfs[done].exists():
                done += 1
                deadline = time.monotonic() + self._seconds_per_file()
            if time.monotonic() > deadline:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return min(done, len(pdfs) - 1)

    def _collect_or_error(self, pdf: Path, docx: Path, thai_numerals: bool) -> Path | EngineError:
        try:
            return self._collect(pdf, docx, thai_numerals)
        except EngineError as exc:
            return exc

    @staticmethod
    def _collect(pdf: Path, docx: Path, thai_numerals: bool) -> Path:
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise EngineError(f"LibreOffice produced no PDF for {docx.name}")
        if thai_numerals:
            import pikepdf

            try:
                digits_as_drawn(pdf)
            except pikepdf.PdfError as exc:     # a conversion stopped half-way leaves a damaged file
                raise EngineError(f"LibreOffice produced a damaged PDF for {docx.name}: {exc}") from exc
        target = docx.with_suffix(".pdf")
        shutil.move(pdf, target)
        return target
