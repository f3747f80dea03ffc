"""The Word templates, ``templates/<kind>.docx``: where they are, and how they are made.

A clerk may open and adjust a template in Word or LibreOffice; the engineers make them with the
code in :mod:`generator.render.builders` (``make templates``), so the same code gives the same bytes.
Each module there defines ``NAME`` (the file name without ``.docx``) and ``make() -> Document``.
"""
from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from pathlib import Path
from typing import Callable

from generator.render.docxzip import rewrite_xml_parts

BUILDERS = "generator.render.builders"
# Fixed document times: the same code gives the same template bytes.
FIXED_TIME = dt.datetime(2024, 1, 1)


def templates_dir() -> Path:
    """``templates/`` beside the package (source checkout) or inside it (wheel)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the templates folder is missing from this installation")


def all_builders() -> dict[str, Callable]:
    """Template name → the function that draws it (``make``), one per builder module."""
    package = importlib.import_module(BUILDERS)
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{BUILDERS}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "make"):
            found[module.NAME] = module.make
    return found


def make_templates(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write ``folder/<name>.docx`` for each template (every one when ``names`` is empty)."""
    makers = all_builders()
    written = []
    for name in names or sorted(makers):
        path = folder / f"{name}.docx"
        doc = makers[name]()
        props = doc.core_properties
        props.created = props.modified = props.last_printed = FIXED_TIME
        props.revision = 1
        doc.save(path)
        rewrite_xml_parts(path, path, lambda _name, xml: xml)     # fixed ZIP entry times
        written.append(path)
    return written
