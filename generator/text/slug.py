"""The anchor GitHub gives a heading (github-slugger's rule), so a link to ``#…`` lands there.

Lowercase; every character that is not a letter, a mark (Thai vowels and tone marks are marks), a
decimal or letter number, a connector (``_``), a space or a hyphen is removed; spaces become
hyphens. ``ที่ดิน.yaml`` keeps its vowel and tone marks: ``ที่ดินyaml``.
"""
from __future__ import annotations

import unicodedata

_KEPT_CATEGORIES = ("L", "M", "Nd", "Nl", "Pc")


def github_slug(text: str) -> str:
    """The slug of a heading's text (its Markdown already reduced to the text GitHub shows)."""
    kept = (ch for ch in text.lower()
            if ch in " -" or unicodedata.category(ch).startswith(_KEPT_CATEGORIES))
    return "".join(kept).replace(" ", "-")
