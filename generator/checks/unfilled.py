"""A starter's placeholders left in (``…``, ``นาย…``), and a letter filed under another year's folder."""
from __future__ import annotations

import re

from generator.checks._common import field, last_key, problem, strings
from generator.letter.tree import folders_between, letters_root

RULES = {
    "SB122": ("unfilled-placeholder", "a value still holding a starter's placeholder `…` (นาย…, อำเภอ…)"),
    "SB123": ("year-folder", "a letter filed under a year folder (2568/) whose year is not its date's"),
}
PLACEHOLDER = "…"
YEAR_FOLDER = re.compile(r"(25\d\d|20\d\d)")


def check_letter(resolved):
    if resolved.source is None:
        return []
    problems = []
    for path, text in strings(resolved.source.data):
        words = [w for w in _placeholder_lines(text, last_key(path)) for w in w.split() if PLACEHOLDER in w]
        if words:
            problems.append(problem(resolved, path, "SB122", f"still holds the starter's placeholder `{words[0]}`",
                                    "fill it in, or remove the key", "warning", needle=words[0]))
    return problems + _year_folder(resolved)


def _placeholder_lines(text: str, key: str | None) -> list[str]:
    """The lines of ``text`` with a placeholder: any, outside the body; in the body, a short line
    ending in one (the starter's ``ด้วย…``, not a writer's own ellipsis)."""
    if key != "body":
        return [text] if PLACEHOLDER in text else []
    return [line for line in text.splitlines() if line.strip().endswith(PLACEHOLDER) and len(line.strip()) <= 12]


def _year_folder(resolved):
    date = field(resolved, "date")
    if date is None or resolved.file is None:
        return []
    folders = folders_between(letters_root(resolved.file), resolved.file.parent)[1:]   # not the root itself
    years = [int(folder.name) for folder in folders if YEAR_FOLDER.fullmatch(folder.name)]
    if not years:
        return []
    folder_year = years[-1] if years[-1] >= 2400 else years[-1] + 543
    year = date.year + 543
    if folder_year == year:
        return []
    return [problem(resolved, ("date",), "SB123",
                    f"the letter is filed under {years[-1]}/ but dated in พ.ศ. {year}",
                    f"move it to a {year}/ folder, or correct the date", "warning")]
