"""Words commonly misspelt in official letters (generator/data/misspellings.yaml), with the right form."""
from __future__ import annotations

import re
from functools import lru_cache

from generator.checks._common import problem, strings
from generator.data import table

RULES = {"SB110": ("misspelling", "a word commonly misspelt in official letters")}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    wrong = sorted(table("misspellings"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, wrong)))


def check_letter(resolved):
    if resolved.source is None:
        return []
    right = table("misspellings")
    problems = []
    for path, text in strings(resolved.source.data):
        for match in _pattern().finditer(text):
            word = match.group(0)
            problems.append(problem(resolved, path, "SB110", f"`{word}` is misspelt",
                                    f"write {right[word]}", "warning", needle=word))
    return problems
