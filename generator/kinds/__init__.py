"""The kinds of document. Each module here that defines ``KIND`` is one: its schema (a pydantic
model built from :mod:`generator.letter.schema`), its rules (``resolve``, which calls the helpers of
:mod:`generator.render.resolve`) and its template (``templates/<name>.docx``, drawn by
``generator/render/builders/<name>.py``).

Adding a kind means adding those files and a starter letter (``starters/<name>.yaml``); the
pipeline finds it here and never asks which kind it is handling. The other modules here work on
any kind: :mod:`.prepare` (one letter through load → validate → resolve), :mod:`.numbers` (how
letters are numbered), :mod:`.schemas` (JSON Schema for editors) and :mod:`.reference` (the YAML
reference in Markdown).
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from generator.letter.loader import Source, load_yaml
from generator.letter.thaikeys import translate

STARTERS = Path(__file__).resolve().parent / "starters"


@dataclass(frozen=True)
class Kind:
    name: str                  # the YAML `kind:` value
    thai: str                  # หนังสือภายนอก
    model: type[BaseModel]     # the schema of a letter of this kind
    template: str              # file name in templates/
    resolve: Callable          # (letter, Resolver) -> (context, metadata)
    # How ที่ is numbered: "letter" (agency code/N, a ว series for circulars, per calendar year),
    # "yearly" (N/พ.ศ. from 1 each year: orders, minutes), or "none".
    numbering: str = "letter"

    @property
    def starter(self) -> Path:
        return STARTERS / f"{self.name}.yaml"


def all_kinds() -> dict[str, Kind]:
    """Every kind defined in this package, by name (a fresh dict; the package is scanned once)."""
    return dict(_found_kinds())


@functools.cache
def _found_kinds() -> dict[str, Kind]:
    kinds = {}
    for module in pkgutil.iter_modules(__path__):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, Kind):
            kinds[kind.name] = kind
    return kinds


@functools.cache
def kind_values() -> dict[str, dict[str, str]]:
    """The kinds' Thai names as values of ``kind:`` (``ชนิด: หนังสือภายนอก``), for the Thai-key table
    (one table for the process: read it, do not change it)."""
    return {"kind": {kind.thai: kind.name for kind in _found_kinds().values()}}


def load_letter(file: Path) -> Source:
    """A letter's YAML with every key and value in English, the line of each kept."""
    return load_yaml(file, kind_values())


def in_english(source: Source) -> Source:
    """``source`` (loaded without the kinds' names, e.g. by libyaml) with English keys and values."""
    return translate(source, kind_values())
