"""Messages in Thai and English: the Thai catalog (generator/data/messages_th.yaml) and the language
that comes first.

The code writes every message in English, as before; the catalog maps each English template, with
named placeholders (``no signer named `{name}` in the agency profile``), to its Thai. A message is
translated where it is shown: the English text is matched against the templates and the
placeholders' values are carried into the Thai. Call sites thus stay as they are, and adding a
language or a message touches data only. Both languages are always shown; Thai comes first when
the locale is Thai (``LANG``/``LC_ALL``/``LC_MESSAGES`` ``th…``) or ``--lang th`` is given.
"""
from __future__ import annotations

import functools
import os
import re

from generator.data import table

LANGUAGES = ("th", "en")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_chosen: str | None = None


def set_language(language: str | None) -> None:
    """``--lang``: ``th`` or ``en``; None follows the locale."""
    global _chosen
    _chosen = language


def thai_first() -> bool:
    if _chosen:
        return _chosen == "th"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):      # the first one set decides, as in POSIX
        value = os.environ.get(name)
        if value:
            return value.lower().startswith("th")
    return False


@functools.lru_cache(maxsize=1)
def catalog() -> list[tuple[str, str, str, str]]:
    """(English template, Thai template, the template's text before its first placeholder and
    after its last), longest template first so that the most specific wins. Its patterns are
    compiled as a message could match them (:func:`_pattern`): a build shows a few messages, and
    compiling all 300 patterns costs a tenth of a second."""
    entries = table("messages_th") or {}
    found = [(english, thai, *_ends(english)) for english, thai in entries.items()]
    return sorted(found, key=lambda entry: -len(_PLACEHOLDER.sub("", entry[0])))


def _ends(template: str) -> tuple[str, str]:
    pieces = _PLACEHOLDER.split(template)
    return pieces[0], pieces[-1] if len(pieces) > 1 else ""


@functools.lru_cache(maxsize=1)
def exact_messages() -> dict[str, str]:
    """The catalog's messages without a placeholder: English -> Thai."""
    entries = table("messages_th") or {}
    return {english: thai for english, thai in entries.items() if not _PLACEHOLDER.search(english)}


@functools.lru_cache(maxsize=None)
def _pattern(template: str) -> re.Pattern:
    parts, position, seen = [], 0, set()
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def thai(english: str | None, depth: int = 0) -> str | None:
    """The Thai of an English message, or None when the catalog has none. A value that is itself
    a message (the reason inside "PDF conversion failed: …") is translated too."""
    if not english:
        return None
    exact = exact_messages().get(english)
    if exact is not None:               # most messages: no pattern compiled (a no-op build prints one or two)
        return exact
    for english_template, template, head, tail in catalog():
        if not (english.startswith(head) and english.endswith(tail)):
            continue
        match = _pattern(english_template).match(english)
        if match:
            def value(name: str) -> str:
                text = match.group(name)
                return (thai(text, depth + 1) if depth < 2 else None) or text
            return _PLACEHOLDER.sub(lambda m: value(m.group(1)), template)
    return None


def both(english: str) -> tuple[str, str | None]:
    """(first, second): the message in the language that comes first, and in the other (None
    when there is no Thai)."""
    translated = thai(english)
    if translated is None:
        return english, None
    return (translated, english) if thai_first() else (english, translated)
