"""Checks that look past the schema: regulation rules, numbering, references between letters.

Each module in this package may define

- ``check_letter(resolved) -> Iterable[Problem]``: one letter at a time;
- ``check_letters(resolved_list) -> Iterable[Problem]``: all letters of a run together
  (duplicate numbers across files, for example).

``resolved`` is a :class:`generator.render.resolve.Resolved`, which carries the validated letter
(``letter``), its source with a line for every key (``source``) and its agency (``agency``).
A problem with severity "error" stops the letter from being built; ``saraban check`` and
``saraban build`` run the same checks. Adding a check means adding a module here.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from generator.errors import Problem


def all_check_modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)]


def run_checks(letters: list) -> dict[Path, list[Problem]]:
    """Every check on ``letters``: each letter's problems, by its file. A ``check_letter`` problem
    may point at another file (the agency.yaml that names a template) and still belongs to the letter
    it was found in; a ``check_letters`` problem belongs to the letter its ``file`` names, which must
    be one of ``letters`` (the duplicate number's other letter is named in its message)."""
    problems: dict[Path, list[Problem]] = {resolved.file: [] for resolved in letters}
    modules = all_check_modules()
    for module in modules:
        one = getattr(module, "check_letter", None)
        if one:
            for resolved in letters:
                problems[resolved.file] += one(resolved)
    for module in modules:
        many = getattr(module, "check_letters", None)
        if many:
            for problem in many(letters):
                problems[problem.file].append(problem)
    return problems
