"""The agency profile: ``agency.yaml`` files from the letters tree's root down to a letter.

Profiles layer like KOMA-Script's letter options: a ministry-wide file at the top, an
office's file below it; the nearer file wins key by key, and any letter key wins over both.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from generator import deps
from generator.errors import LetterError, Problem
from generator.letter import files
from generator.letter.loader import load_yaml
from generator.letter.schema import (
    Contact,
    DigitStyle,
    Lines,
    Send,
    Signer,
    Strict,
    validation_problems,
)
from generator.letter.tree import FONTS_FOLDER, PROFILE_NAME, folders_between

DEFAULT_FONT = "TH SarabunPSK"


class Layout(Strict):
    """Where the standard's sources disagree: the first value is the default."""

    part_spacing: Literal["line", "6pt"] = Field(
        "line", description="ระยะห่างระหว่างส่วนของหนังสือ: เว้นหนึ่งบรรทัด (line) หรือ 6 พอยต์ (6pt)")
    top_margin_cm: float = Field(1.5, ge=1.0, le=4.0, description="ขอบกระดาษด้านบน (ซม.) 1.5 หรือ 2.5")
    page_number_cm: float = Field(3.0, ge=2.0, le=5.0, description=(
        "ระยะจากขอบกระดาษด้านบนถึงเส้นฐานของเลขหน้า (ซม.) ตั้งแต่หน้า ๒ ตามคำอธิบายการพิมพ์ประมาณ 3"))


class PdfSettings(Strict):
    """What the PDFs claim and carry for archives and e-saraban systems (docs/e-saraban.md)."""

    standard: Literal["pdf/a", "none"] = Field(
        "pdf/a", description="มาตรฐาน PDF สำหรับเก็บรักษา: pdf/a (PDF/A-2b หรือ PDF/A-3b เมื่อฝังต้นฉบับ) หรือ none")
    embed_source: bool = Field(
        False, description="ฝังไฟล์ต้นฉบับ YAML ของหนังสือไว้ใน PDF (PDF/A-3b, AFRelationship=Source)")


class Egif(Strict):
    """Organisation codes of the TH e-GIF CorrespondenceLetter record (saraban export)."""

    ministry_id: str | None = Field(None, description="รหัสกระทรวงของส่วนราชการตามระบบสารบรรณอิเล็กทรอนิกส์")
    department_id: str | None = Field(None, description="รหัสกรมหรือหน่วยงานของส่วนราชการตามระบบสารบรรณอิเล็กทรอนิกส์")


class Profile(Strict):
    name: str | None = Field(None, description="ชื่อส่วนราชการ เช่น อำเภอบ้านลาด")
    address: Lines = Field(default_factory=list, description="ที่ตั้งส่วนราชการเจ้าของหนังสือ พิมพ์ที่มุมขวาบน")
    code: str | None = Field(None, description="รหัสตัวพยัญชนะและเลขประจำส่วนราชการ เช่น พบ ๐๐๒๓.๑๐")
    emblem: str | None = Field(None, description="ไฟล์ภาพตราครุฑ (PNG/JPEG) เทียบกับที่ตั้งของไฟล์นี้")
    font: str = Field(DEFAULT_FONT, description="แบบอักษร")
    contact: Contact | None = Field(None, description="ส่วนราชการเจ้าของเรื่อง โทร. โทรสาร อีเมล")
    signers: dict[str, Signer] = Field(default_factory=dict, description="ผู้ลงนามที่ใช้บ่อย เรียกด้วยชื่อย่อ")
    digits: DigitStyle = Field("thai", description="ตัวเลขไทย (thai) หรืออารบิก (arabic)")
    layout: Layout = Field(default_factory=Layout, description="ระยะห่างระหว่างส่วน ขอบบน และตำแหน่งเลขหน้า")
    send: Send | None = Field(None, description="การส่งตามปกติของส่วนราชการ: electronic (ระบบสารบรรณอิเล็กทรอนิกส์) หรือ paper")
    pdf: PdfSettings = Field(default_factory=PdfSettings, description="PDF/A และการฝังต้นฉบับในไฟล์ PDF")
    egif: Egif = Field(default_factory=Egif, description="รหัสกระทรวงและกรมสำหรับ saraban export (TH e-GIF)")
    templates: dict[str, str] = Field(default_factory=dict, description=(
        "แม่แบบ Word ของส่วนราชการ แยกตามชนิดหนังสือ เช่น external: แม่แบบ/หนังสือภายนอก.docx (เทียบกับไฟล์นี้)"))


@dataclass
class AgencyContext:
    """The merged profile of one letter and where its parts came from."""

    profile: Profile
    files: list[Path] = field(default_factory=list)      # outermost first
    emblem: str | None = None                            # the name as written, relative to emblem_source's folder
    emblem_source: tuple[Path, int | None] | None = None # file and line that named it
    root: Path | None = None                             # the letters root: named files must be inside it
    font_dirs: list[Path] = field(default_factory=list)
    templates: dict[str, Path] = field(default_factory=dict)   # kind → the agency's own Word template
    template_lines: dict[str, tuple[Path, int | None]] = field(default_factory=dict)   # where each was named


# Mappings whose entries replace each other whole: an inner profile's signer keeps
# no position lines of an outer profile's signer of the same name.
REPLACED_WHOLE = {"signers"}


def _merge(base: dict[str, Any], over: dict[str, Any], entries_whole: bool = False) -> dict[str, Any]:
    """``over`` on top of ``base``, mappings merged key by key."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict) and not entries_whole:
            out[key] = _merge(out[key], value, entries_whole=key in REPLACED_WHOLE)
        else:
            out[key] = value
    return out


def _profile_file(file: Path) -> tuple[Any, list[Problem]]:
    """One agency.yaml, loaded and validated once per run however many letters share it."""
    content = _content(file)
    deps.note_file(file, content)   # noted on every call: the cached load below reads it only once
    return _profile_file_cached(file.resolve(), content)


@lru_cache(maxsize=256)
def _profile_file_cached(file: Path, _bytes: bytes | None) -> tuple[Any, list[Problem]]:
    """Keyed by the file's bytes, as load_agency's own cache is (size and time miss an edit
    made within one clock tick)."""
    source = load_yaml(file)
    try:
        Profile.model_validate(source.data)
    except ValidationError as exc:
        return source, validation_problems(exc, source, Profile)
    return source, []


def load_agency(letter: Path, root: Path) -> AgencyContext:
    """Every ``agency.yaml`` from ``root`` down to the letter's folder, merged.

    Letters of one folder share the result (read once per build, not once per letter) while
    the files it came from are unchanged; what it read is noted for each letter all the same."""
    folders = folders_between(root, letter.parent)
    key = tuple((str(folder), _content(folder / PROFILE_NAME), (folder / FONTS_FOLDER).is_dir()) for folder in folders)
    if key in _LOADED:
        context, recorded = _LOADED[key]
        deps.replay(recorded)
        return context
    with deps.recording() as recorded:
        context = _load_agency(folders)
    deps.replay(recorded)
    if len(_LOADED) > 256:
        _LOADED.clear()
    _LOADED[key] = (context, recorded)
    return context


_LOADED: dict[tuple, tuple[AgencyContext, dict]] = {}


def _content(path: Path) -> bytes | None:
    """A profile file's bytes (the key: a file edited within one clock tick is still seen)."""
    try:
        return files.read_regular(path, path.name, "profile")
    except files.Refused:
        return None


def _load_agency(folders: list[Path]) -> AgencyContext:
    merged: dict[str, Any] = {}
    context = AgencyContext(Profile())
    problems: list[Problem] = []
    context.root = folders[0]
    for folder in folders:
        problems += _fonts(context, folder)
        file = folder / PROFILE_NAME
        if not file.is_file():
            deps.note_absent(file)
            continue
        try:                            # an agency.yaml linked from outside the tree is not read
            files.inside(context.root, folder, PROFILE_NAME, "profile")
        except files.Refused as exc:
            problems.append(Problem(file, None, None, None, str(exc),
                                    "keep agency.yaml itself, not a link to it, in the letters folder"))
            continue
        source, invalid = _profile_file(file)
        if invalid:
            problems += invalid
            continue
        context.files.append(file)
        if "emblem" in source.data and source.data["emblem"]:
            context.emblem = str(source.data["emblem"])
            context.emblem_source = (file, source.line_of(("emblem",)))
        problems += _templates(context, folder, file, source, context.root)
        merged = _merge(merged, source.data)
    if problems:
        raise LetterError(problems)
    context.profile = Profile.model_validate(merged)
    return context


def _fonts(context: AgencyContext, folder: Path) -> list[Problem]:
    """The ``fonts/`` folder beside a profile, when there is one inside the letters tree."""
    fonts = folder / FONTS_FOLDER
    if not os.path.lexists(fonts):
        deps.note_absent(fonts)
        return []
    why = files.font_folder_problem(context.root, fonts)
    if why:
        return [Problem(fonts, None, FONTS_FOLDER, None, why,
                        "keep the font files themselves (.ttf, .otf) in fonts/ inside the letters folder")]
    context.font_dirs.append(fonts)
    deps.note_dir(fonts)
    return []


def _templates(context: AgencyContext, folder: Path, file: Path, source, root: Path) -> list[Problem]:
    """The profile's ``templates: {kind: file.docx}``, relative to the profile; each must be a file
    inside the letters tree (:mod:`generator.letter.files`; that each names a kind of document is
    checked with the kinds: generator/checks/template.py, what is inside it before use)."""
    problems = []
    for kind, name in (source.data.get("templates") or {}).items():
        line = source.line_of(("templates", kind))
        try:
            path = files.inside(root, folder, str(name), "template")
        except files.Refused as exc:
            problems.append(files.refused_problem(exc, file, line, f"templates.{kind}", "template"))
        else:
            context.templates[kind] = path
            context.template_lines[kind] = (file, line)
    return problems
