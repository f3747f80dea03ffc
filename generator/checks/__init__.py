"""Checks that look past the schema: regulation rules, numbering, references between letters.

Each module in this package may define

- ``check_letter(resolved) -> Iterable[Problem]``: one letter at a time;
- ``letter_facts(resolved) -> dict | None`` and ``check_facts(letters) -> Iterable[Problem]``: a check
  across letters (duplicate numbers across files, for example). ``letter_facts`` takes from one letter
  what the check needs, as JSON values (numbers, strings, lists, dicts); ``check_facts`` gets every
  letter of the run as a :class:`Facts` (its file and that dict) and finds the problems among them.
  The build keeps each letter's facts in its cache with the files the letter was read from, so a
  check across 10,000 letters reads only the letters that changed.

``resolved`` is a :class:`generator.render.resolve.Resolved`, which carries the validated letter
(``letter``), its source with a line for every key (``source``) and its agency (``agency``).
A problem with severity "error" stops the letter from being built; ``saraban check`` and
``saraban build`` run the same checks. Adding a check means adding a module here.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.errors import Problem


@dataclass(frozen=True)
class Facts:
    """One letter as a check across letters sees it: its file and what ``letter_facts`` took."""

    file: Path
    facts: Any


@lru_cache(maxsize=1)
def _modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{m.name}")
                 for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name))


def all_check_modules() -> list[ModuleType]:
    return list(_modules())


def check_one(resolved) -> list[Problem]:
    """Every ``check_letter`` on one letter."""
    return [problem for module in all_check_modules() if hasattr(module, "check_letter")
            for problem in module.check_letter(resolved)]


def letter_facts(resolved) -> dict[str, Any]:
    """What every check across letters needs from this letter, by module name (JSON values)."""
    facts = {}
    for module in all_check_modules():
        take = getattr(module, "letter_facts", None)
        if take:
            value = take(resolved)
            if value is not None:
                facts[module.__name__.rsplit(".", 1)[1]] = value
    return facts


def check_across(letters: dict[Path, dict[str, Any]]) -> list[Problem]:
    """Every check across letters, on each letter's :func:`letter_facts` (by its file). Each
    problem names the letter it belongs to in its ``file`` (one of ``letters``)."""
    problems = []
    for module in all_check_modules():
        many = getattr(module, "check_facts", None)
        if many:
            name = module.__name__.rsplit(".", 1)[1]
            problems += many([Facts(file, facts[name]) for file, facts in letters.items() if name in facts])
    return problems


def run_checks(letters: list) -> dict[Path, list[Problem]]:
    """Every check on ``letters`` (resolved), each letter's problems by its file. A ``check_letter``
    problem may point at another file (the agency.yaml that names a template) and still belongs to
    the letter it was found in; a problem across letters belongs to the letter its ``file`` names
    (the duplicate number's other letter is named in its message)."""
    problems: dict[Path, list[Problem]] = {resolved.file: check_one(resolved) for resolved in letters}
    for problem in check_across({resolved.file: letter_facts(resolved) for resolved in letters}):
        problems[problem.file].append(problem)
    return problems
