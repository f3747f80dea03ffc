"""The body's last paragraph states the letter's purpose (จึงเรียนมาเพื่อ…), for the kinds listed in
generator/data/purpose.yaml."""
from __future__ import annotations

from generator.checks._common import field, problem
from generator.data import table
from generator.render.markdown import parse_body

RULES = {"SB106": ("purpose-statement", "the body's last paragraph does not state the purpose (จึงเรียนมาเพื่อ…)")}


def check_letter(resolved):
    phrases = table("purpose").get(resolved.kind)
    body = field(resolved, "body")
    if not phrases or not isinstance(body, str):
        return []
    paragraphs = parse_body(body)
    last = " ".join(paragraphs[-1].text.split()) if paragraphs else ""
    if any(phrase in last.replace(" ", "") for phrase in phrases):
        return []
    return [problem(resolved, ("body",), "SB106",
                    "the last paragraph does not state the letter's purpose",
                    f"end the body with a paragraph such as {phrases[0]}เพื่อโปรดทราบ / …เพื่อโปรดพิจารณา",
                    "warning", needle=last[:20] or None)]
