"""What the check modules share: the letter's strings with their key paths, lines inside values,
and one way to make a problem with its rule id."""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any, Iterator

from generator.errors import Problem
from generator.letter.parts import PARTS
from generator.render.templatecheck import RULES as TEMPLATE_RULES

# Rules raised outside generator/checks/ (validation, Thai keys): id → (name, what it finds). The
# template rules SB201–SB205 are the template checker's (generator/render/templatecheck.py).
OTHER_RULES = {
    "SB001": ("schema", "a key or value the kind's schema does not allow (unknown key, wrong type, "
                        "an urgency or secrecy outside ด่วนที่สุด/ด่วนมาก/ด่วน, ลับที่สุด/ลับมาก/ลับ)"),
    "SB002": ("mixed-key-names", "one key written with both its English and its Thai name"),
    "SB124": ("emblem-placeholder", "no emblem configured: the labelled placeholder prints (said once per "
                                    "agency.yaml; render/resolve.py)"),
    "SB125": ("issue-notice", "`saraban issue` left a letter as it was: already numbered, cancelled, or "
                              "issued in another year than its date's (registers/numbering.py)"),
}


def rule(rule_id: str) -> str:
    """``SB101 salutation-table`` for ``SB101``."""
    return f"{rule_id} {all_rules()[rule_id][0]}"


@lru_cache(maxsize=1)
def all_rules() -> dict[str, tuple[str, str]]:
    """Every rule id → (name, description): the check modules' ``RULES``, :data:`OTHER_RULES` and the
    template checker's.
    Cached: :func:`rule` asks for it once per problem (treat the result as read-only)."""
    import generator.checks as package
    rules = {**OTHER_RULES, **TEMPLATE_RULES}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rules.update(getattr(module, "RULES", {}))
    return dict(sorted(rules.items()))


def strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string value in ``data`` with its key path, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def key_name(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def last_key(path: tuple) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else None


def line_of_text(source, path: tuple, needle: str | None) -> int | None:
    """The line of ``needle`` inside the value at ``path`` (a block of body text spans many lines);
    the key's own line when it cannot be found there."""
    start = source.line_of(path)
    if not needle or not source.text or start is None:
        return start
    lines = source.text.splitlines()
    after = [line for line in source.lines.values() if line > start]
    end = min(after) if after else len(lines) + 1
    for number in range(start, min(end, len(lines) + 1)):
        if needle in lines[number - 1]:
            return number
    first = needle.split()[0] if needle.split() else needle
    for number in range(start, min(end, len(lines) + 1)):
        if first in lines[number - 1]:
            return number
    return start


def problem(resolved, path: tuple, rule_id: str, message: str, hint: str | None = None,
            severity: str = "error", needle: str | None = None) -> Problem:
    """A problem at ``path`` of the letter (at the line of ``needle`` inside the value, if given)."""
    source = resolved.source
    line = line_of_text(source, path, needle) if source is not None else None
    key = key_name(path) or None
    name = last_key(path)
    return Problem(resolved.file, line, key, PARTS.get(name or ""), message, hint, severity, rule(rule_id))


def field(resolved, name: str, default: Any = None) -> Any:
    """The validated letter's ``name`` (None when its kind has no such field)."""
    return getattr(resolved.letter, name, default)
