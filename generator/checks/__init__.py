"""Checks that look past the schema: regulation rules, numbering, references between letters.

Each module in this package may define

- ``check_letter(resolved) -> Iterable[Problem]``: one letter at a time;
- ``check_letters(resolved_list) -> Iterable[Problem]``: all letters of a run together
  (duplicate numbers across files, for example).

``resolved`` is a :class:`generator.resolve.Resolved`, which carries the validated letter
(``letter``), its source with a line for every key (``source``) and its agency (``agency``).
A problem with severity "error" stops the letter from being built; ``saraban check`` and
``saraban build`` run the same checks. Adding a check means adding a module here.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from generator.errors import Problem


def all_check_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def run_checks(letters: list) -> list[Problem]:
    problems: list[Problem] = []
    modules = all_check_modules()
    for module in modules:
        one = getattr(module, "check_letter", None)
        if one:
            for resolved in letters:
                problems += one(resolved)
    for module in modules:
        many = getattr(module, "check_letters", None)
        if many:
            problems += many(letters)
    return problems
