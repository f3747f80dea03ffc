"""`saraban export`: a letter as the TH e-GIF ``CorrespondenceLetter`` record e-saraban systems exchange.

No official schema is public; the shape follows two public implementations (docs/e-saraban.md has
the mapping from our keys to its fields). The record is built once, as a mapping, and written as
XML (namespace :data:`NAMESPACE`, escaped by ElementTree) or as JSON with the same names. The
letter's PDF and each enclosure ``file:`` travel inside it, base64, with their MIME type.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import mimetypes
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from generator.errors import LetterError, Problem
from generator.kinds.numbers import not_final
from generator.letter.parts import PARTS
from generator.render.resolve import Resolved

NAMESPACE = "urn:th:gov:egif:data:standard:GovernmentDocument:1.0"
# ชั้นความลับ and ชั้นความเร็ว → the record's codes (001 ordinary … 004 the highest).
SECRET_CODES = {None: "001", "ลับ": "002", "ลับมาก": "003", "ลับที่สุด": "004"}
SPEED_CODES = {None: "001", "ด่วน": "002", "ด่วนมาก": "003", "ด่วนที่สุด": "004"}
TITLES = ("นางสาว", "นาง", "นาย")            # printed before a name; not part of the given name
MARKUP = re.compile(r"\*\*|__|^\s*[-*]\s+", re.MULTILINE)


def record(resolved: Resolved, pdf: Path, root: Path, today: dt.date | None = None) -> dict[str, Any]:
    """The ``CorrespondenceLetter`` of a built letter (its PDF is ``pdf``); a draft cannot be sent."""
    letter, agency = resolved.letter, resolved.agency
    reason = not_final(letter)
    if reason:
        raise LetterError([Problem(resolved.file, None, "number", PARTS["number"],
                                   f"a draft is not sent ({reason})", "issue its number with `saraban issue`")])
    profile = agency.profile
    signer = _signer(resolved)
    out: dict[str, Any] = {
        "ID": _number(resolved.context),
        "CorrespondenceDate": letter.date.isoformat(),
        "Subject": str(getattr(letter, "subject", None) or resolved.metadata.get("title", "")),
        "SecretCode": SECRET_CODES.get(getattr(letter, "secrecy", None), "001"),
        "SpeedCode": SPEED_CODES.get(getattr(letter, "urgency", None), "001"),
        "SenderParty": {
            **_person(signer[0] if signer else ""),
            "JobTitle": signer[1] if len(signer) > 1 else "",
            "OrganizationName": profile.name or "",
            "MinistryID": profile.egif.ministry_id or "",
            "DepartmentID": profile.egif.department_id or "",
        },
        "ReceiverParty": {"GivenName": "", "FamilyName": "", "JobTitle": str(getattr(letter, "to", "") or ""),
                          "MinistryID": "", "DepartmentID": ""},
        "ReferenceCorrespondence": [{"Subject": str(line)} for line in getattr(letter, "references", []) or []],
        "Attachment": [{"Name": str(e.title), "Count": e.count or "", "URI": e.url or ""}
                       for e in getattr(letter, "enclosures", []) or []],
        "SendDate": (getattr(letter, "issued", None) or today or dt.date.today()).isoformat(),
        "Description": _description(getattr(letter, "body", "") or ""),
        "MainLetterBinaryObject": _binary(pdf),
        "AttachmentBinaryObject": [_binary(path) for path in enclosure_files(resolved, root)],
    }
    return out


def enclosure_files(resolved: Resolved, root: Path) -> list[Path]:
    """Each enclosure's ``file:``, relative to the letter and inside its letters tree ``root``."""
    found, problems = [], []
    for index, enclosure in enumerate(getattr(resolved.letter, "enclosures", []) or []):
        if not enclosure.file:
            continue
        path = (resolved.file.parent / enclosure.file).resolve()
        line = resolved.source.line_of(("enclosures", index, "file")) if resolved.source else None
        if not path.is_relative_to(root.resolve()) or not path.is_file():
            problems.append(Problem(resolved.file, line, f"enclosures.{index + 1}.file", PARTS["enclosures"],
                                    f"{enclosure.file} is not a file inside the letters folder",
                                    "give a path relative to the letter, inside the letters folder"))
        else:
            found.append(path)
    if problems:
        raise LetterError(problems)
    return found


def _number(context: dict[str, Any]) -> str:
    line = context.get("number_line") or context.get("number") or ""
    return str(line).removeprefix("ที่").strip()


def _signer(resolved: Resolved) -> list[str]:
    """The first signer's name (without brackets) and the first line of the position."""
    signatures = resolved.metadata.get("signatures") or []
    if not signatures:
        return []
    lines = list(signatures[0])
    return [lines[0].strip("()"), *lines[1:2]]


def _person(name: str) -> dict[str, str]:
    for title in TITLES:
        if name.startswith(title):
            name = name[len(title):]
            break
    given, _, family = name.strip().partition(" ")
    return {"GivenName": given, "FamilyName": family.strip()}


def _description(body: str) -> str:
    first = body.strip().split("\n\n")[0]
    return " ".join(MARKUP.sub("", first).split())


def _binary(path: Path) -> dict[str, str]:
    mime = "application/pdf" if path.suffix.lower() == ".pdf" else (mimetypes.guess_type(path.name)[0]
                                                                   or "application/octet-stream")
    return {"mimeCode": mime, "fileName": path.name, "value": base64.b64encode(path.read_bytes()).decode("ascii")}


def to_xml(data: dict[str, Any]) -> bytes:
    """The record as XML; the library escapes every text."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}CorrespondenceLetter")
    _append(root, data)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _append(parent: ET.Element, data: dict[str, Any]) -> None:
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            element = ET.SubElement(parent, f"{{{NAMESPACE}}}{name}")
            if isinstance(item, dict) and "value" in item and "mimeCode" in item:
                element.set("mimeCode", item["mimeCode"])
                element.set("fileName", item["fileName"])
                element.text = item["value"]
            elif isinstance(item, dict):
                _append(element, item)
            else:
                element.text = str(item)


def from_xml(text: bytes) -> dict[str, Any]:
    """An XML record read back into the mapping :func:`record` makes (for tests and receivers)."""
    root = ET.fromstring(text)
    if root.tag != f"{{{NAMESPACE}}}CorrespondenceLetter":
        raise ValueError(f"not a CorrespondenceLetter: {root.tag}")
    return _read(root)


LISTS = {"ReferenceCorrespondence", "Attachment", "AttachmentBinaryObject"}


def _read(element: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {name: [] for name in LISTS} if element.tag.endswith("CorrespondenceLetter") else {}
    for child in element:
        name = child.tag.rpartition("}")[2]
        if "mimeCode" in child.attrib:
            value: Any = {"mimeCode": child.get("mimeCode"), "fileName": child.get("fileName"), "value": child.text or ""}
        elif len(child):
            value = _read(child)
        else:
            value = child.text or ""
        if name in LISTS:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def to_json(data: dict[str, Any]) -> bytes:
    return (json.dumps({"CorrespondenceLetter": data}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
