"""Bidirectional controls in a letter's text: U+202A–U+202E (embeddings and overrides) and
U+2066–U+2069 (isolates) print nothing themselves but reorder the text around them, so the
signed PDF can read differently from the YAML a reviewer approved (U+202E turns ๑๐๐ บาท into
ทาบ ๐๐๑). A warning, naming each by line and column: Thai needs none of them."""
from __future__ import annotations

import re

from generator.checks._common import rule
from generator.errors import Problem
from generator.letter.loader import character_name

RULES = {"SB127": ("bidi-control", "a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069) "
                                   "in a letter's text: it reorders what prints")}
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def check_letter(resolved):
    source = resolved.source
    if source is None or not source.text:
        return []
    problems = []
    for found in BIDI_CONTROLS.finditer(source.text):
        line = source.text.count("\n", 0, found.start()) + 1
        column = found.start() - (source.text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(Problem(
            resolved.file, line, None, None,
            f"the bidirectional control {character_name(found.group())} at column {column} reorders the text "
            "that prints after it", "delete it: Thai text needs none", "warning", rule("SB127")))
    return problems
