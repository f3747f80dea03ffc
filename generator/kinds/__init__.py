"""The kinds of document. Each module here defines ``KIND``: its schema, its rules, its template.

Adding a kind means adding a module (and ``templates/<name>.docx`` and a starter letter);
the pipeline finds it here and never asks which kind it is handling.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

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
