"""Render: a resolved letter + its Word template → a DOCX file.

Templates run in Jinja's sandbox with autoescaping on: user text is data, escaped
for XML, never evaluated as a template.
"""
from __future__ import annotations

import copy
import functools
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.exceptions import SecurityError, TemplateError
from lxml import etree
from markupsafe import Markup, escape

from generator import deps
from generator.errors import LetterError, Problem
from generator.render.docxzip import (
    PAGE_NUMBER_CM,
    PAGE_NUMBER_STYLE,
    THAI_PAGE_FIELD,
    is_xml_part,
    lean_package,
    page_number_space_before,
    run_properties,
    write_package,
)
from generator.render.draft_mark import CANCELLED, add_draft_mark
from generator.render.resolve import Image, Resolved, Runs
from generator.render.sandbox import BoundedSandbox
from generator.render.templates import templates_dir
from generator.text.linebreak import keep_runs_together, keep_together

TEMPLATE_FONT = "TH SarabunPSK"
BODY_SIZE_PT = 16          # the body text's size, as in the templates
# Characters XML 1.0 forbids; a stray one from a copy-paste must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The blank line between parts has its own style; "6pt" spacing makes it 6 pt high.
_GAP_STYLE = re.compile(r'(<w:style [^>]*w:styleId="SarabanGap"[^>]*>(?:(?!</w:style>).)*?<w:qFormat/>)')
_TOP_MARGIN = re.compile(r'(<w:pgMar [^>]*?w:top=")\d+"')
# The page numbers' style: its space before places the number (layout: page_number_cm).
_PAGE_NUMBER_BEFORE = re.compile(
    r'(<w:style [^>]*w:styleId="%s"(?:(?!</w:style>).)*?<w:spacing w:before=")\d+"' % PAGE_NUMBER_STYLE.replace(" ", ""))
# An inline picture without dist* attributes gets Word's 0 but LibreOffice's 0.32 cm at each side.
_INLINE_WITHOUT_DIST = re.compile(r"<wp:inline(?![^>]*\bdistL=)")


def run_xml(text: str, bold: bool, font: str) -> str:
    """One run with the Thai font in every slot, both sizes and th-TH."""
    rpr = run_properties(font, BODY_SIZE_PT, extra="<w:b/><w:bCs/>" if bold else "")
    clean = _XML_INVALID.sub("", text)
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(clean)}</w:t></w:r>'


def _docx_values(value: Any, tpl: DocxTemplate, font: str) -> Any:
    """Images → InlineImage, Runs → run XML, strings cleaned; containers walked. Every text gets
    its line-break hints here (:mod:`generator.text.linebreak`), the one place text becomes runs."""
    if isinstance(value, Image):
        deps.note_file(value.path)
        return InlineImage(tpl, str(value.path),
                           width=Mm(value.width_mm) if value.width_mm else None,
                           height=Mm(value.height_mm) if value.height_mm else None)
    if isinstance(value, Runs):
        runs = keep_runs_together(list(value.runs))
        return Markup("".join(run_xml(text, bold, font) for text, bold in runs))
    if isinstance(value, str):
        return keep_together(_XML_INVALID.sub("", value))
    if isinstance(value, dict):
        return {key: _docx_values(item, tpl, font) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_docx_values(item, tpl, font) for item in value]
    return value


def _patch_xml(xml: str, resolved: Resolved) -> str:
    """The letter's font, page-number digits and layout in one XML part."""
    if resolved.font != TEMPLATE_FONT:
        xml = xml.replace(f'"{TEMPLATE_FONT}"', f'"{escape(resolved.font)}"')
    if resolved.digits == "arabic" and THAI_PAGE_FIELD in xml:
        xml = xml.replace(THAI_PAGE_FIELD, " PAGE ").replace(">๒<", ">2<")
    if resolved.part_spacing == "6pt":
        xml = _GAP_STYLE.sub(r'\1<w:pPr><w:spacing w:line="120" w:lineRule="exact"/></w:pPr>', xml)
    xml = _INLINE_WITHOUT_DIST.sub('<wp:inline distT="0" distB="0" distL="0" distR="0"', xml)
    if resolved.page_number_cm != PAGE_NUMBER_CM:
        before = round(page_number_space_before(resolved.page_number_cm) * 20)
        xml = _PAGE_NUMBER_BEFORE.sub(rf'\g<1>{before}"', xml)
    twips = round(resolved.top_margin_cm / 2.54 * 1440)
    return _TOP_MARGIN.sub(rf'\g<1>{twips}"', xml)


class _Sandbox(BoundedSandbox):
    """The sandbox, compiling each template part once per process: a template's XML is the
    same for every letter (user text only ever arrives as context values)."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


@functools.lru_cache(maxsize=64)
def _patched_template_xml(src_xml: str) -> str:
    return DocxTemplate.patch_xml(None, src_xml)   # docxtpl's clean-up of the template's tags


class _Template(DocxTemplate):
    """docxtpl with its per-part tag clean-up cached (it depends on the template only), working
    on a copy of the template parsed once per process (python-docx's parse of every part was
    a sixth of rendering a letter)."""

    def __init__(self, parsed: "_Parsed") -> None:
        super().__init__(None)
        self.parsed = parsed

    def init_docx(self, reload: bool = True):
        if not self.docx or (self.is_rendered and reload):
            self.docx = self.parsed.copy()
            self.is_rendered = False

    def patch_xml(self, src_xml):
        return _patched_template_xml(src_xml)

    def resolve_listing(self, xml):
        """docxtpl's tabs, line and page breaks in a text (``\\t \\a \\n \\f`` inside a ``w:t``):
        a part without any comes out as it went in (a picture's XML has line breaks of its own)."""
        if _LISTING.search(xml) and any(_LISTING.search(text.group()) for text in _TEXT.finditer(xml)):
            return super().resolve_listing(xml)
        return xml


_LISTING = re.compile("[\t\a\n\f]")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)     # what docxtpl looks inside (in each run)
_SANDBOX = _Sandbox()
# The parts no rendering changes (docxtpl renders the document, its headers and footers, its
# footnotes and core properties): each letter's copy of the template shares them, and their
# XML is written once per process.
_UNCHANGED_PARTS = {f"application/vnd.openxmlformats-officedocument.{kind}" for kind in (
    "wordprocessingml.styles+xml", "wordprocessingml.settings+xml", "wordprocessingml.numbering+xml",
    "wordprocessingml.webSettings+xml", "wordprocessingml.fontTable+xml", "theme+xml",
    "extended-properties+xml", "customXmlProperties+xml")} | {"application/xml"}


class _Parsed:
    """A template as python-docx reads it, once per process; each letter renders a copy."""

    def __init__(self, data: bytes):
        self.document = docx.Document(io.BytesIO(data))
        self.shared = {id(part): part for part in self.document.part.package.iter_parts()
                       if part.content_type in _UNCHANGED_PARTS or part.content_type.startswith("image/")}
        self.written: dict[int, tuple[bytes, bytes | None]] = {}

    def copy(self) -> Any:
        """The document to render: its own copy of every part but those no rendering changes."""
        return copy.deepcopy(self.document, dict(self.shared))

    def entry(self, part) -> tuple[bytes, bytes | None]:
        """A part's bytes and its relationships' (None without any), as python-docx writes them."""
        if id(part) in self.shared and self.shared[id(part)] is part:
            found = self.written.get(id(part))
            if found is None:
                found = self.written[id(part)] = (part.blob, part.rels.xml if len(part.rels) else None)
            return found
        return part.blob, part.rels.xml if len(part.rels) else None


@functools.lru_cache(maxsize=16)
def _parsed_template(template: Path, mtime_ns: int) -> _Parsed:
    """The template without the style definitions no part uses, parsed once per process."""
    return _Parsed(lean_package(template))


class _Entries:
    """python-docx's package writer, collecting the entries instead of zipping them."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob


def _package_entries(tpl: _Template) -> dict[str, bytes]:
    """The package's entries as python-docx's PackageWriter writes them."""
    tpl.pre_processing()
    package = tpl.docx.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    writer = _Entries()
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    for part in parts:                 # PackageWriter._write_parts, each unchanged part written once
        blob, rels = tpl.parsed.entry(part)
        writer.write(part.partname, blob)
        if rels is not None:
            writer.write(part.partname.rels_uri, rels)
    return writer.entries


def _template_error(resolved: Resolved, template: Path, what: str) -> LetterError:
    """A template that fails is the letter's error, naming the template and where it was chosen."""
    agency = resolved.agency
    named = agency.template_lines.get(resolved.kind) if agency is not None else None
    file, line = named if named else (resolved.file, None)
    return LetterError([Problem(file, line, f"templates.{resolved.kind}" if named else None, None,
                                f"the template {template.name} {what}",
                                "fix the template in Word, or remove it from `templates:` to use the standard one")])


def render_docx(resolved: Resolved, target: Path, template: Path | None = None) -> None:
    """Write the letter's DOCX to ``target`` (a temporary path; the build moves it).

    The DOCX is zipped once, with fixed entry times: the same letter gives the same bytes. It
    leaves out the template's unused style definitions (:func:`generator.render.docxzip.lean_package`).
    A draft carries the ร่าง mark in its page headers (:mod:`generator.render.draft_mark`)."""
    template = template or templates_dir() / resolved.template
    deps.note_file(template)
    try:
        tpl = _Template(_parsed_template(template, template.stat().st_mtime_ns))
        tpl.render(_docx_values(resolved.context, tpl, resolved.font), jinja_env=_SANDBOX)
    except SecurityError as exc:
        raise _template_error(resolved, template, f"does something the sandbox forbids ({exc})") from None
    except TemplateError as exc:
        raise _template_error(resolved, template, f"cannot be filled in ({type(exc).__name__}: {exc})") from None
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _template_error(resolved, template, f"is not a Word document saraban can read ({type(exc).__name__}: "
                                                  f"{str(exc)[:200]})") from None
    entries = {name: _patch_xml(data.decode("utf-8"), resolved).encode("utf-8") if is_xml_part(name) else data
               for name, data in _package_entries(tpl).items()}
    if resolved.cancelled:
        entries = add_draft_mark(entries, resolved.font, CANCELLED)
    elif resolved.draft:
        entries = add_draft_mark(entries, resolved.font)
    write_package(target, entries)
