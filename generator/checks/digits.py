"""Digits consistent with the letter's style.

With ``digits: thai`` written in the letter itself, or in a letter that types Thai digits elsewhere,
Arabic digits in Thai text are flagged: they print as Thai digits, so the YAML and the PDF differ.
URLs, e-mail addresses, Latin words (e-LAAS, ISO9001), table rows (lines starting with ``|``),
list-item numbers and keys that are not prose (url, email, file, date, number …) are exempt."""
from __future__ import annotations

import re

from generator.checks._common import last_key, problem, strings
from generator.text.thai import _KEEP_ARABIC, THAI_DIGITS, digits_in_prose

RULES = {"SB109": ("arabic-digits", "Arabic digits in Thai text of a letter written with Thai digits")}
NOT_PROSE = {"kind", "date", "number", "digits", "url", "email", "file", "emblem", "font", "send"}
_ITEM_NUMBER = re.compile(r"^\s*[0-9๐-๙]+[.)]\s+")
_ARABIC = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*")
_THAI_DIGIT = re.compile(f"[{THAI_DIGITS}]")


def prose_lines(text: str):
    """The lines of ``text`` whose digits the letter prints in its own style."""
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            continue
        yield _ITEM_NUMBER.sub("", line)


def arabic_in(text: str) -> list[str]:
    """The Arabic numbers of ``text`` outside URLs, e-mail addresses and Latin words."""
    found = []
    for line in prose_lines(text):
        found += _ARABIC.findall(_KEEP_ARABIC.sub(" ", line))
    return found


def check_letter(resolved):
    if resolved.digits != "thai" or resolved.source is None:
        return []
    texts = [(path, text) for path, text in strings(resolved.source.data) if last_key(path) not in NOT_PROSE]
    declared = resolved.source.data.get("digits") == "thai"
    typed_thai = any(_THAI_DIGIT.search(line) for _, text in texts for line in prose_lines(text))
    if not (declared or typed_thai):
        return []
    why = "the letter says digits: thai" if declared else "elsewhere the letter types Thai digits"
    problems = []
    for path, text in texts:
        numbers = arabic_in(text)
        if numbers:
            shown = ", ".join(dict.fromkeys(numbers[:5]))
            problems.append(problem(
                resolved, path, "SB109",
                f"Arabic digits {shown} in Thai text ({why}); they print as {digits_in_prose(shown)}",
                "type Thai digits ๐–๙ as printed, or set `digits: arabic` for the whole letter",
                "warning", needle=numbers[0]))
    return problems
