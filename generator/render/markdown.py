"""The body's Markdown subset: paragraphs, numbered lists and **bold**.

Lines of one paragraph are joined with a space; a blank line starts a new
paragraph; ``1.`` or ``๑.`` at the start of a line starts a numbered item,
whose number the generator writes (in the letter's digits) counting from the
first item of the list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.text.thai import arabic_digits

_ITEM = re.compile(r"^\s*([0-9๐-๙]{1,9})[.)]\s+(.*)$")      # up to nine digits: a number, not a code
_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Paragraph:
    """A body paragraph: its runs as (text, bold) pairs; ``number`` set for list items."""

    runs: list[tuple[str, bool]] = field(default_factory=list)
    number: int | None = None

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def parse_runs(text: str) -> list[tuple[str, bool]]:
    """``a **b** c`` → [("a ", False), ("b", True), (" c", False)]."""
    runs, last = [], 0
    for match in _BOLD.finditer(text):
        if match.start() > last:
            runs.append((text[last:match.start()], False))
        runs.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], False))
    return runs


def _digit_value(text: str) -> int:
    return int(arabic_digits(text))


def parse_body(text: str) -> list[Paragraph]:
    """Split the body into paragraphs and numbered items."""
    blocks: list[tuple[list[str], int | None]] = []
    current: list[str] | None = None
    next_number: int | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            current, next_number = None, None
            continue
        item = _ITEM.match(line)
        if item:
            number = _digit_value(item.group(1)) if next_number is None else next_number
            current = [item.group(2)]
            blocks.append((current, number))
            next_number = number + 1
        elif current is not None:
            current.append(line)
        else:
            current = [line]
            blocks.append((current, None))
            next_number = None
    return [Paragraph(parse_runs(" ".join(lines)), number) for lines, number in blocks]
