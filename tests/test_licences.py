"""What `pip install saraban` brings in may be redistributed under saraban's MIT licence.

Offices copy saraban with its dependencies, so no package in the runtime closure (the
``dependencies`` of pyproject.toml, then every package they require, recursively; extras
and requirements whose environment markers are false left out) may be under the GPL or
the AGPL: that would oblige every office to ship its whole installation under that licence.
PyMuPDF (AGPL) in particular may only be a test dependency. The LGPL is allowed: it is a
different licence, which lets MIT code use the library unchanged (docxtpl is LGPL-2.1).
A package whose metadata names no licence fails, so that someone reads it and decides.
"""
from __future__ import annotations

import email.message
import functools
import re
from importlib import metadata
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:                     # Python 3.10
    tomllib = pytest.importorskip("tomli")
requirements = pytest.importorskip("packaging.requirements")
from packaging.utils import canonicalize_name  # noqa: E402  (after the importorskip above)

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = ("pymupdf", "pymupdfb", "fitz")
# GPL or AGPL by SPDX identifier or name. The look-behind keeps LGPL out; "GNU Lesser/Library
# General Public License" does not match "GNU (Affero )General Public".
STRONG_COPYLEFT = re.compile(r"(?<![a-z])A?GPL|GNU (Affero )?General Public", re.IGNORECASE)


def direct_dependencies() -> list[requirements.Requirement]:
    """pyproject.toml's ``dependencies`` (no extras)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [requirements.Requirement(line) for line in project["dependencies"]]


@functools.cache
def runtime_closure() -> dict[str, metadata.Distribution]:
    """Every installed distribution that installing saraban (no extras) requires, by canonical name
    (walked once per test run: read it, do not change it)."""
    todo = [(requirement, "") for requirement in direct_dependencies()]
    found: dict[str, metadata.Distribution] = {}
    walked: set[tuple[str, str]] = set()
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue                            # another platform's, or an extra nobody asked for
        name = canonicalize_name(requirement.name)
        for wanted in ({""} | requirement.extras) - {e for n, e in walked if n == name}:
            walked.add((name, wanted))
            try:
                found[name] = distribution = metadata.distribution(requirement.name)
            except metadata.PackageNotFoundError:
                pytest.fail(f"{requirement.name} is required but not installed: pip install -e '.[test]' first")
            todo += [(requirements.Requirement(line), wanted) for line in distribution.requires or []]
    return found


def licence(meta: email.message.Message) -> str:
    """The licence a package's metadata names, shortest form first: License-Expression (SPDX),
    a one-line License field, else its ``License ::`` classifiers ("MIT License" → "MIT"); "" if none."""
    if meta.get("License-Expression"):
        return meta["License-Expression"].strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:       # not a whole licence text pasted in
        return text
    names = [c.split(" :: ")[-1].removesuffix(" License") for c in meta.get_all("Classifier") or []
             if c.startswith("License :: ") and c.count(" :: ") >= 2]
    return ", ".join(names)


def strong_copyleft(meta: email.message.Message) -> bool:
    """Whether the package is under the GPL or AGPL. An SPDX expression ``A OR B`` with one choice
    free of them is not (a parenthesised expression is read whole); other fields are read whole."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        choices = [expression] if "(" in expression else re.split(r"\s+OR\s+", expression)
        return all(STRONG_COPYLEFT.search(choice) for choice in choices)
    fields = [meta.get("License") or "", *(c for c in meta.get_all("Classifier") or [] if c.startswith("License ::"))]
    return any(STRONG_COPYLEFT.search(text) for text in fields)


def readme_licence_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Licence\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    return match[1] if match else ""


def listed(distribution: metadata.Distribution) -> str:
    """How README's Licence section names a package: ``name (licence)``."""
    return f"{distribution.metadata['Name']} ({licence(distribution.metadata)})"


def _meta(**fields) -> email.message.Message:
    meta = email.message.Message()
    for key, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            meta[key.replace("_", "-")] = value
    return meta


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("meta,copyleft", [
    (_meta(License_Expression="AGPL-3.0-or-later"), True),
    (_meta(License="GPL-2.0-only"), True),
    (_meta(Classifier="License :: OSI Approved :: GNU Affero General Public License v3"), True),
    (_meta(Classifier="License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)"), True),
    (_meta(License_Expression="MPL-2.0 OR GPL-2.0-or-later"), False),          # MPL may be chosen
    (_meta(License_Expression="(MIT OR GPL-2.0-only) AND GPL-3.0-only"), True),
    (_meta(License="LGPL-2.1-only"), False),
    (_meta(Classifier="License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"), False),
    (_meta(Classifier="License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)"), False),
    (_meta(License_Expression="Apache-2.0 OR BSD-3-Clause"), False),
])
def test_gpl_and_agpl_are_told_from_lgpl_and_permissive_licences(meta, copyleft):
    assert strong_copyleft(meta) is copyleft


def test_the_licence_is_read_from_the_shortest_field_that_names_it():
    assert licence(_meta(License_Expression="MIT", License="MIT License text\n...")) == "MIT"
    assert licence(_meta(License="LGPL-2.1-only")) == "LGPL-2.1-only"
    assert licence(_meta(License="Permission is hereby granted...\n" * 20,
                         Classifier=["License :: OSI Approved", "License :: OSI Approved :: BSD License"])) == "BSD"
    assert licence(_meta(Classifier="Programming Language :: Python")) == ""


# --------------------------------------------------------------------------- the closure


def test_the_runtime_closure_holds_every_dependency_of_pyproject_and_what_they_need_but_no_extra():
    closure = runtime_closure()
    direct = {canonicalize_name(r.name) for r in direct_dependencies() if not r.marker or r.marker.evaluate()}
    assert direct <= set(closure)
    assert {"lxml", "pydantic-core", "markupsafe"} <= set(closure)       # python-docx's, pydantic's, jinja2's
    assert "pytest" not in closure and "docx2pdf" not in closure        # the test and word extras stay out


def test_no_runtime_dependency_is_pymupdf():
    closure = runtime_closure()
    assert not [name for name in closure if name in FORBIDDEN or name.startswith("pymupdf")]


def test_no_runtime_dependency_is_under_the_gpl_or_agpl():
    closure = runtime_closure()
    unknown = sorted(name for name, d in closure.items() if not licence(d.metadata))
    assert not unknown, (f"no licence in the metadata of {unknown}: read their licence files and decide "
                         "whether MIT-licensed saraban may ship them")
    copyleft = sorted(listed(d) for d in closure.values() if strong_copyleft(d.metadata))
    assert not copyleft, f"GPL or AGPL in the runtime dependencies: {copyleft}"


def test_readme_licence_section_names_every_runtime_dependency():
    section = readme_licence_section()
    assert section, "README.md has no '## Licence' section"
    missing = sorted(listed(d) for d in runtime_closure().values() if listed(d).casefold() not in section.casefold())
    assert not missing, f"README.md's Licence section does not name: {', '.join(missing)}"
