"""Check a Word template before it is used: docxtpl tags Word broke, blocks left open, variables the
kind does not provide, Thai text without a Thai font in the complex-script slot.

Word splits text into runs as it is edited (spell-check marks, a change of language, an undo): a tag
typed in two goes may end up as ``{{ sub`` + ``ject }}``. docxtpl joins the pieces of one paragraph
(the text then takes the first run's formatting), but a tag spread over paragraphs breaks the XML.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from generator.data import table
from generator.errors import Problem
from generator.render.docxzip import W, w
from generator.render.sandbox import BoundedSandbox

# The template rules (generator/checks/ lists them with the others).
RULES = {
    "SB201": ("template-split-tag", "a {{ tag }} or {% block %} Word split across runs or paragraphs"),
    "SB202": ("template-unbalanced-block", "{% if %} / {% for %} without its end, or an end without its start"),
    "SB203": ("template-unknown-variable", "a variable the kind's context does not provide"),
    "SB204": ("template-thai-font", "Thai text (or a tag) whose complex-script font slot has no Thai font"),
    "SB205": ("template-syntax", "a template tag Jinja cannot read"),
    # What a template passed between offices must not carry (checked first: such a template is not
    # parsed further, nor ever rendered): LibreOffice would fetch or run it while converting.
    "SB206": ("template-external-link", "a relationship to a file or address outside the document (TargetMode=External, file:)"),
    "SB207": ("template-linking-field", "a field that pulls in other files or programs (INCLUDETEXT, INCLUDEPICTURE, LINK, DDE, …)"),
    "SB208": ("template-dtd", "a DOCTYPE, DTD or entity declaration in one of its XML parts"),
    "SB209": ("template-macro", "macros (vbaProject.bin, a macro-enabled .docm content type)"),
    "SB210": ("template-embedded-object", "an embedded object (word/embeddings/, w:object, OLE, ActiveX, altChunk)"),
}


def rule(rule_id: str) -> str:
    """``SB201 template-split-tag`` for ``SB201``."""
    return f"{rule_id} {RULES[rule_id][0]}"


NS = {"w": W}
PART = "แม่แบบ"
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{[{%#]")
_BLOCK = re.compile(r"\{%-?\s*(?:[prc]|tr|tc)?\s*(if|for|elif|else|endif|endfor)\b")
_THAI = re.compile("[\u0e00-\u0e7f]")


@dataclass
class _Run:
    element: etree._Element
    text: str
    start: int          # offset of the run's text in its paragraph's text


def check_template(path: Path, kind_name: str | None = None, provided: frozenset[str] | None = None) -> list[Problem]:
    """Every problem of the template at ``path``; with ``provided``, the variables the kind
    ``kind_name`` gives its template (:func:`generator.kinds.prepare.context_names`), any other is SB203."""
    path = Path(path)
    stat = path.stat()
    return list(_cached(path.resolve(), stat.st_mtime_ns, stat.st_size, kind_name, provided))


@lru_cache(maxsize=32)
def _cached(path: Path, _mtime: int, _size: int, kind_name: str | None, provided: frozenset[str] | None) -> tuple[Problem, ...]:
    try:
        with zipfile.ZipFile(path) as docx:
            unpacked = sum(info.file_size for info in docx.infolist())
            if unpacked > MAX_UNPACKED:
                raise zipfile.BadZipFile(f"it unpacks to {unpacked // (1 << 20)} MB (at most {MAX_UNPACKED >> 20} MB)")
            package = {name: docx.read(name) for name in docx.namelist()}
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, zipfile.LargeZipFile) as exc:
        return (Problem(path, None, None, PART, f"is not a Word document (.docx): {exc}", None, "error",
                        rule("SB205")),)
    hostile = package_problems(path, package)
    if hostile:
        return tuple(hostile)
    parts = {name: data for name, data in package.items() if _PARTS.match(name)}
    styles = package.get("word/styles.xml")
    fonts = _StyleFonts(styles)
    problems: list[Problem] = []
    balanced = True
    for name in sorted(parts, key=lambda n: (not n.endswith("document.xml"), n)):
        root = etree.fromstring(parts[name], SAFE_PARSER)
        paragraphs = root.iter(w("p"))
        part_problems, part_balanced = _check_part(path, name, paragraphs, fonts)
        problems += part_problems
        balanced = balanced and part_balanced
    if balanced and not any(p.rule and p.rule.startswith("SB201") and p.severity == "error" for p in problems):
        problems += _jinja_problems(path, kind_name, provided)
    return tuple(problems)


# ------------------------------------------------------------------ what a template must not carry

#: No entity is expanded, no DTD loaded, nothing fetched: the parts are only read.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
#: A template unpacks to a few MB; more is a ZIP bomb, not a letter's template.
MAX_UNPACKED = 100 << 20
_XML_PART = re.compile(r"(\.xml|\.rels)$", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
R = "http://schemas.openxmlformats.org/package/2006/relationships"
_SAFE_LINK = re.compile(r"(https?|mailto):", re.IGNORECASE)
#: Fields that read other files or programs when the document is opened or updated.
LINKING_FIELDS = {"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "RD",
                  "DATABASE", "AUTOTEXT", "AUTOTEXTLIST", "GLOSSARY"}
# Parts that hold formatting only (the styles are large: not parsed twice); their links, if any,
# are in their .rels part, which is read.
_NO_CONTENT = re.compile(r"^(word/(styles|stylesWithEffects|fontTable|webSettings)\.xml|word/theme/|docProps/)")
_EMBEDDED_PART = re.compile(r"^word/(embeddings|activeX)/", re.IGNORECASE)
_EMBEDDED_TAGS = {w("object"), w("altChunk"), w("control"), w("objectEmbed"), w("objectLink"),
                  "{urn:schemas-microsoft-com:office:office}OLEObject"}
_MACRO_TYPE = re.compile(r"macroEnabled|vbaProject|vbaData|ms-office\.activeX", re.IGNORECASE)


def package_problems(path: Path, package: dict[str, bytes]) -> list[Problem]:
    """What a Word template must not carry, each a refusal: external relationships (SB206), linking
    fields (SB207), DTDs and entities (SB208), macros (SB209), embedded objects (SB210)."""
    problems: list[Problem] = []

    def refuse(rule_id: str, message: str, hint: str) -> None:
        problems.append(Problem(path, None, None, PART, message, hint, "error", rule(rule_id)))

    for name, data in sorted(package.items()):
        if name.lower().endswith(("vbaproject.bin", "vbadata.xml")):
            refuse("SB209", f"{name}: the template holds macros",
                   "save it as a plain Word document (.docx), not a macro-enabled one (.docm)")
        if _EMBEDDED_PART.match(name):
            refuse("SB210", f"{name}: an embedded object", "delete the embedded object, or paste it as a picture")
        if not _XML_PART.search(name):
            continue
        if _DOCTYPE.search(data):
            refuse("SB208", f"{name}: declares a DOCTYPE or an entity", "Word never writes one: use a template "
                   "saved by Word or LibreOffice, not an edited one")
            continue
        if _NO_CONTENT.match(name):
            continue
        try:
            root = etree.fromstring(data, SAFE_PARSER)
        except etree.XMLSyntaxError as exc:
            refuse("SB205", f"{name}: is not well-formed XML ({exc})", "open and save the template in Word again")
            continue
        _part_problems(name, root, refuse)
    return problems


def _part_problems(name: str, root, refuse) -> None:
    if name == "[Content_Types].xml":
        for element in root.iter():
            if _MACRO_TYPE.search(element.get("ContentType") or ""):
                refuse("SB209", f"{name}: a macro-enabled content type ({element.get('ContentType')})",
                       "save it as a plain Word document (.docx), not a macro-enabled one (.docm)")
                break
    if name.endswith(".rels"):
        for relation in root.iter(f"{{{R}}}Relationship"):
            target, kind = relation.get("Target") or "", (relation.get("Type") or "").rsplit("/", 1)[-1]
            external = (relation.get("TargetMode") or "").lower() == "external"
            if target.lower().startswith("file:") or (external and not (kind == "hyperlink" and _SAFE_LINK.match(target))):
                refuse("SB206", f"{name}: a {kind or 'relationship'} to `{target}` outside the document",
                       "insert the picture or text itself (not linked), or remove it")
            elif kind in ("aFChunk", "oleObject", "package", "control", "vbaProject"):
                refuse("SB210" if kind != "vbaProject" else "SB209", f"{name}: an embedded {kind}",
                       "delete the embedded object, or paste it as a picture")
        return
    for instruction in field_instructions(root):
        words = instruction.split()
        if words and words[0].upper() in LINKING_FIELDS:
            refuse("SB207", f"{name}: a {words[0].upper()} field (`{' '.join(words)[:60]}`)",
                   "replace the field by its text or picture (select it, Ctrl+Shift+F9)")
    for element in root.iter(*_EMBEDDED_TAGS):
        refuse("SB210", f"{name}: an embedded object ({etree.QName(element).localname})",
               "delete the embedded object, or paste it as a picture")


def field_instructions(root) -> list[str]:
    """The instruction of every field: ``w:fldSimple/@w:instr``, and each complex field's
    ``w:instrText`` pieces from its begin to its separate/end mark (fields may nest)."""
    found = [element.get(w("instr")) or "" for element in root.iter(w("fldSimple"))]
    stack: list[list[str]] = []            # the open fields' instruction pieces, innermost last
    closed: list[bool] = []                # whether each one's instruction has ended (separate seen)
    for element in root.iter(w("fldChar"), w("instrText")):
        kind = element.get(w("fldCharType"))
        if element.tag == w("instrText"):
            if stack and not closed[-1]:
                stack[-1].append(element.text or "")
            else:                          # an instruction outside any field: read it all the same
                found.append(element.text or "")
        elif kind == "begin":
            stack.append([])
            closed.append(False)
        elif kind == "separate" and stack and not closed[-1]:
            closed[-1] = True
            found.append("".join(stack[-1]))
        elif kind == "end" and stack:
            if not closed.pop():
                found.append("".join(stack[-1]))
            stack.pop()
    found += ["".join(pieces) for pieces, done in zip(stack, closed) if not done]
    return found


def _paragraph_runs(paragraph) -> tuple[str, list[_Run]]:
    runs, text = [], ""
    for t in paragraph.iter(w("t")):
        if t.getparent() is None or t.getparent().tag != w("r"):
            continue
        runs.append(_Run(t.getparent(), t.text or "", len(text)))
        text += t.text or ""
    return text, runs


def _where(part: str, index: int, text: str) -> str:
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 50 else shown[:47] + "…"
    return f"{part.removeprefix('word/')}, paragraph {index} (“{shown}”)"


def _check_part(path: Path, part: str, paragraphs, fonts: "_StyleFonts") -> tuple[list[Problem], bool]:
    problems: list[Problem] = []
    stack: list[tuple[str, str]] = []
    balanced = True
    for index, paragraph in enumerate(paragraphs, start=1):
        text, runs = _paragraph_runs(paragraph)
        where = _where(part, index, text)
        for match in _TAG.finditer(text):
            pieces = [r for r in runs if r.start < match.end() and r.start + len(r.text) > match.start() and r.text]
            if len(pieces) > 1:
                problems.append(Problem(path, None, None, PART,
                                        f"{where}: `{match.group()}` is split across {len(pieces)} runs",
                                        "select the tag, delete it and type it again in one go "
                                        "(or paste it as plain text)", "warning", rule("SB201")))
        rest = _TAG.sub("", text)
        if _OPEN.search(rest):
            balanced = False
            problems.append(Problem(path, None, None, PART,
                                    f"{where}: a tag opens here but does not close in this paragraph",
                                    "keep each {{ tag }} and {% block %} inside one paragraph", "error", rule("SB201")))
        for match in _TAG.finditer(text):
            block = _BLOCK.match(match.group())
            if block:
                balanced = _balance(path, stack, block.group(1), match.group(), where, problems) and balanced
        problems += _font_problems(path, paragraph, runs, text, where, fonts)
    for word, where in stack:
        balanced = False
        problems.append(Problem(path, None, None, PART, f"{where}: `{{% {word} %}}` has no end",
                                f"add {{% end{word} %}} (with the same p/tr prefix) where the block ends",
                                "error", rule("SB202")))
    return problems, balanced


def _balance(path, stack, word, tag, where, problems) -> bool:
    if word in ("if", "for"):
        stack.append((word, where))
        return True
    wanted = {"endif": "if", "endfor": "for", "elif": "if", "else": None}[word]
    if stack and (wanted is None or stack[-1][0] == wanted):
        if word.startswith("end"):
            stack.pop()
        return True
    opened = f"`{{% {stack[-1][0]} %}}` is still open" if stack else "no block is open"
    problems.append(Problem(path, None, None, PART, f"{where}: `{tag}` but {opened}",
                            "match every {% if %} with {% endif %} and every {% for %} with {% endfor %}",
                            "error", rule("SB202")))
    return False


# ------------------------------------------------------------------ fonts

def _is_thai_font(name: str | None) -> bool:
    return bool(name) and any(name.startswith(prefix) for prefix in table("thai_fonts"))


class _StyleFonts:
    """The complex-script font of each style (following basedOn) and of the document defaults."""

    def __init__(self, styles_xml: bytes | None):
        self.styles: dict[str, tuple[str | None, str | None]] = {}     # id → (cs font, basedOn)
        self.default: str | None = None
        self.default_paragraph: str | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml, SAFE_PARSER)
        fonts = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
        self.default = fonts.get(w("cs")) if fonts is not None else None
        for style in root.iter(w("style")):
            style_id = style.get(w("styleId"))
            fonts = style.find("w:rPr/w:rFonts", NS)
            based = style.find("w:basedOn", NS)
            self.styles[style_id] = (fonts.get(w("cs")) if fonts is not None else None,
                                     based.get(w("val")) if based is not None else None)
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                self.default_paragraph = style_id

    def of_style(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font, style_id = self.styles.get(style_id, (None, None))
            if font:
                return font
        return None

    def of_run(self, run, paragraph) -> str | None:
        fonts = run.find("w:rPr/w:rFonts", NS)
        if fonts is not None and fonts.get(w("cs")):
            return fonts.get(w("cs"))
        if fonts is not None and fonts.get(w("cstheme")):
            return None                      # a theme font: not one the letter names
        run_style = run.find("w:rPr/w:rStyle", NS)
        font = self.of_style(run_style.get(w("val")) if run_style is not None else None)
        paragraph_style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = paragraph_style.get(w("val")) if paragraph_style is not None else self.default_paragraph
        return font or self.of_style(style_id) or self.default


def _font_problems(path, paragraph, runs, text, where, fonts) -> list[Problem]:
    for run in runs:
        inside_tag = any(m.start() <= run.start < m.end() for m in _TAG.finditer(text))
        if not (_THAI.search(run.text) or inside_tag):
            continue
        font = fonts.of_run(run.element, paragraph)
        if not _is_thai_font(font):
            shown = f"`{font}`" if font else "no font"
            return [Problem(path, None, None, PART,
                            f"{where}: Thai text has {shown} in the complex-script slot (w:cs)",
                            "select the paragraph and set the font for Complex scripts to TH SarabunPSK "
                            "(Format › Font › Complex scripts)", "error", rule("SB204"))]
    return []


# ------------------------------------------------------------------ jinja

def _jinja_problems(path: Path, kind_name: str | None, provided: frozenset[str] | None) -> list[Problem]:
    # imported here: the checks import this module for its rule ids alone
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, meta

    template = DocxTemplate(str(path))
    template.init_docx()
    env = BoundedSandbox(autoescape=True)      # folds no `'x' * 10**10` while it compiles
    sources = [("word/document.xml", template.get_xml())]
    for _rel, part in template.get_headers_footers(template.HEADER_URI):
        sources.append(("header", template.get_part_xml(part)))
    for _rel, part in template.get_headers_footers(template.FOOTER_URI):
        sources.append(("footer", template.get_part_xml(part)))
    names: set[str] = set()
    for part, xml in sources:
        try:
            names |= meta.find_undeclared_variables(env.parse(template.patch_xml(xml)))
        except TemplateSyntaxError as exc:
            return [Problem(path, None, None, PART, f"{part}: Jinja cannot read a tag: {exc.message}",
                            "check the spelling of {% … %} blocks and {{ … }} tags", "error", rule("SB205"))]
    if provided is None:
        return []
    return [Problem(path, None, None, PART,
                    f"`{{{{ {name} }}}}` is not provided by the {kind_name} letter",
                    f"the {kind_name} letter provides: {', '.join(sorted(provided))}", "error", rule("SB203"))
            for name in sorted(names - provided)]
