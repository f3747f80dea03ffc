"""Citations in the text: every "สิ่งที่ส่งมาด้วย N" and "อ้างถึง N" names an item of its list, and an
enclosure's ``file`` is a readable file inside the letters tree."""
from __future__ import annotations

import re

from generator.checks._common import field, problem, strings
from generator.letter import files
from generator.letter.tree import letters_root
from generator.text.thai import arabic_digits

RULES = {
    "SB103": ("cited-enclosure", "the text cites สิ่งที่ส่งมาด้วย N but the list has no item N"),
    "SB104": ("cited-reference", "the text cites อ้างถึง N but the list has no item N"),
    "SB105": ("enclosure-file", "an enclosure's file is missing, unreadable or outside the letters tree"),
}
# label → (list key, rule id)
CITED = {"สิ่งที่ส่งมาด้วย": ("enclosures", "SB103"), "อ้างถึง": ("references", "SB104")}
_NUMBER = r"[0-9๐-๙]+"
_CITATION = re.compile(rf"({'|'.join(CITED)})(?:[ \t]*({_NUMBER}(?:[ \t]*(?:,|และ|หรือ|-|–|ถึง)[ \t]*{_NUMBER})*))?")


def cited_numbers(text: str) -> set[int]:
    """``1 และ 3`` → {1, 3}; ``1 - 3`` and ``1 ถึง 3`` → {1, 2, 3}."""
    text = arabic_digits(text)
    numbers: set[int] = set()
    for start, end in re.findall(r"(\d+)(?:\s*(?:-|–|ถึง)\s*(\d+))?", text):
        low, high = int(start), int(end or start)
        numbers.update(range(low, min(high, low + 100) + 1))
    return numbers


def check_letter(resolved):
    problems = []
    for path, text in strings(resolved.source.data):
        if path and path[0] in ("references", "enclosures"):
            continue
        for match in _CITATION.finditer(text):
            label, numbers = match.group(1), match.group(2)
            list_key, rule_id = CITED[label]
            items = field(resolved, list_key)
            if items is None:                       # this kind has no such list
                continue
            problems += _missing(resolved, path, rule_id, label, list_key, len(items), numbers, match.group(0))
    return problems + _file_problems(resolved)


def _missing(resolved, path, rule_id, label, list_key, count, numbers, needle):
    if numbers is None:
        if count:
            return []
        return [problem(resolved, path, rule_id, f"the text cites {label} but the letter has none",
                        f"add it under `{list_key}:` ({label}), or reword the sentence", needle=needle)]
    absent = sorted(n for n in cited_numbers(numbers) if not 1 <= n <= count)
    if not absent:
        return []
    has = f"has {count} item{'s' if count != 1 else ''}" if count else "is empty"
    return [problem(resolved, path, rule_id,
                    f"the text cites {label} {', '.join(map(str, absent))} but the list `{list_key}` {has}",
                    f"add the item under `{list_key}:` ({label}), or correct the number", needle=needle)]


def _file_problems(resolved):
    """Every enclosure ``file:`` is a regular file inside the letters tree (:mod:`generator.letter.files`)."""
    problems, root = [], None
    for index, enclosure in enumerate(field(resolved, "enclosures") or []):
        name = getattr(enclosure, "file", None)
        if not name:
            continue
        root = root or letters_root(resolved.file).resolve()
        try:
            files.inside(root, resolved.file.parent, str(name), "enclosure")
        except files.Refused as exc:
            problems.append(problem(resolved, ("enclosures", index, "file"), "SB105", str(exc),
                                    "give the path relative to this letter, of a file inside the letters folder"))
    return problems
