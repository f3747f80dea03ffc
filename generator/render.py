"""Render: a resolved letter + its Word template → a DOCX file.

Templates run in Jinja's sandbox with autoescaping on: user text is data, escaped
for XML, never evaluated as a template.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from generator.docxzip import THAI_PAGE_FIELD, rewrite_xml_parts
from generator.resolve import Image, Resolved, Runs

TEMPLATE_FONT = "TH SarabunPSK"
# Characters XML 1.0 forbids; a stray one from a copy-paste must not break the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The blank line between parts has its own style; "6pt" spacing makes it 6 pt high.
_GAP_STYLE = re.compile(r'(<w:style [^>]*w:styleId="SarabanGap"[^>]*>(?:(?!</w:style>).)*?<w:qFormat/>)')
_TOP_MARGIN = re.compile(r'(<w:pgMar [^>]*?w:top=")\d+"')
# An inline picture without dist* attributes gets Word's 0 but LibreOffice's 0.32 cm at each side.
_INLINE_WITHOUT_DIST = re.compile(r"<wp:inline(?![^>]*\bdistL=)")


def templates_dir() -> Path:
    """``templates/`` beside the package (source checkout) or inside it (wheel)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the templates folder is missing from this installation")


def run_xml(text: str, bold: bool, font: str) -> str:
    """One run with the Thai font in every slot, both sizes and th-TH."""
    face = escape(font)
    rpr = (f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:eastAsia="{face}"/>'
           + ("<w:b/><w:bCs/>" if bold else "")
           + '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>')
    clean = _XML_INVALID.sub("", text)
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(clean)}</w:t></w:r>'


def _docx_values(value: Any, tpl: DocxTemplate, font: str) -> Any:
    """Images → InlineImage, Runs → run XML, strings cleaned; containers walked."""
    if isinstance(value, Image):
        return InlineImage(tpl, str(value.path),
                           width=Mm(value.width_mm) if value.width_mm else None,
                           height=Mm(value.height_mm) if value.height_mm else None)
    if isinstance(value, Runs):
        return Markup("".join(run_xml(text, bold, font) for text, bold in value.runs))
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
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
    twips = round(resolved.top_margin_cm / 2.54 * 1440)
    return _TOP_MARGIN.sub(rf'\g<1>{twips}"', xml)


def render_docx(resolved: Resolved, target: Path, template: Path | None = None) -> None:
    """Write the letter's DOCX to ``target`` (a temporary path; the build moves it)."""
    tpl = DocxTemplate(str(template or templates_dir() / resolved.template))
    env = SandboxedEnvironment(autoescape=True)
    tpl.render(_docx_values(resolved.context, tpl, resolved.font), jinja_env=env)
    tpl.save(str(target))
    rewrite_xml_parts(target, target, lambda _name, xml: _patch_xml(xml, resolved))
