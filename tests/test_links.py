"""Every relative link and #anchor in README.md and docs/**/*.md leads somewhere.

A link's file (or folder) must exist; an anchor must be a heading of the target Markdown file as
GitHub names it (github-slugger: lowercase, punctuation and symbols removed, spaces to hyphens,
letters, marks and digits of every script kept, so Thai vowels and tone marks stay; a repeated
heading gets -1, -2 …) or an explicit ``<a id=…>``/``<a name=…>``. Images count as links;
http(s) and mailto links are not followed.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator.text.slug import github_slug as slug
from tests.helpers_input import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$")
_HTML_TARGET = re.compile(r"<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_HTML_ANCHOR = re.compile(r"<a\b[^>]*?\b(?:id|name)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def heading_text(markdown: str) -> str:
    """The text GitHub shows for a heading's Markdown: code spans, links and emphasis reduced to
    their text, HTML tags dropped."""
    text = _CODE_SPAN.sub(lambda m: m.group(2).strip(), markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    return re.sub(r"(?<!\w)[*_](.+?)[*_](?!\w)", r"\1", text)


def prose_lines(path: Path) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, numbered from 1."""
    lines, fence = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and opening and opening.group(1)[0] == fence[0] \
                and len(opening.group(1)) >= len(fence) and not line.strip()[len(opening.group(1)):].strip():
            fence = None
        elif fence is None:
            lines.append((number, line))
    return lines


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives ``path``: its headings' slugs (repeats numbered) and explicit ids."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, line in prose_lines(path):
        found.update(_HTML_ANCHOR.findall(line))
        heading = _HEADING.match(line)
        if not heading:
            continue
        base = slug(heading_text(heading.group(2)))
        name = base
        while name in seen:
            seen[base] += 1
            name = f"{base}-{seen[base]}"
        seen[name] = 0
        found.add(name)
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """Every link target in ``path`` (inline links, images, definitions, HTML href/src), with its
    line; code spans and fenced code are not links."""
    found = []
    for number, line in prose_lines(path):
        text = _CODE_SPAN.sub("", line)
        for pattern in (_INLINE_LINK, _DEFINITION, _HTML_TARGET):
            found += [(number, target) for target in pattern.findall(text)]
    return found


def problems(path: Path, root: Path = REPO) -> list[str]:
    """What is wrong with ``path``'s links, each as ``file:line: target: why`` (paths below ``root``)."""
    wrong = []
    for line, target in links(path):
        if re.match(r"^(https?:|mailto:)", target, re.IGNORECASE) or not target:
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / unquote(file_part)).resolve() if file_part else path
        where = f"{path.relative_to(root)}:{line}: {target}"
        if not destination.exists():
            wrong.append(f"{where}: no such file")
        elif anchor and destination.suffix == ".md" and unquote(anchor) not in anchors(destination):
            wrong.append(f"{where}: no heading or id `{unquote(anchor)}` in {destination.relative_to(root)}")
    return wrong


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_link_resolves(document):
    assert problems(document) == []


def test_the_documents_link_to_something():
    """The link finder finds links (a test that finds none would pass whatever the documents say)."""
    readme = links(REPO / "README.md")
    assert any(target.startswith("docs/") and target.endswith(".png") for _, target in readme)
    assert any(target.startswith("docs/") and target.endswith(".md") for _, target in readme)


@pytest.mark.parametrize("heading, expected", [
    ("Quick start", "quick-start"),
    ("Fast builds", "fast-builds"),
    ("Letter numbers and the register", "letter-numbers-and-the-register"),
    ("The agency profile (`agency.yaml`)", "the-agency-profile-agencyyaml"),
    ("Word templates: `saraban check-template`", "word-templates-saraban-check-template"),
    ("Who issues, and when (ใครออกเลข และออกเมื่อใด)", "who-issues-and-when-ใครออกเลข-และออกเมื่อใด"),
    ("เริ่มต้นใช้งาน (ภาษาไทย)", "เริ่มต้นใช้งาน-ภาษาไทย"),
    ("สำหรับเจ้าหน้าที่ธุรการ", "สำหรับเจ้าหน้าที่ธุรการ"),       # vowels and tone marks (Mn) kept
    ("letters/2567/budget-request.yaml", "letters2567budget-requestyaml"),   # review.md's own anchors
    ("Rules SB001…SB304", "rules-sb001sb304"),
    ("`present`, `absent`, `attending`", "present-absent-attending"),
    ("part_spacing **bold** and *em*", "part_spacing-bold-and-em"),
    ("ตัวเลข ๑๒๓ และ ฯลฯ", "ตัวเลข-๑๒๓-และ-ฯลฯ"),                   # Thai digits (Nd) and ฯ (Lo) kept
])
def test_slug_is_githubs(heading, expected):
    assert slug(heading_text(heading)) == expected


def test_repeated_headings_are_numbered_and_explicit_ids_count(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Keys\n\n## Keys\n\n```\n# Keys\n```\n\n### Keys\n\n<a id=\"here\"></a>\n", encoding="utf-8")
    assert anchors(page) == {"keys", "keys-1", "keys-2", "here"}


def test_broken_links_are_found(tmp_path):
    (tmp_path / "other.md").write_text("# ที่มา\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("[a](other.md#ที่มา) [b](other.md#%E0%B8%97%E0%B8%B5%E0%B9%88%E0%B8%A1%E0%B8%B2) "
                    "![c](missing.png) [d](other.md#nowhere) `[e](not-a-link.md)` [f](https://x.org/y)\n",
                    encoding="utf-8")
    assert [target for _, target in links(page)] == ["other.md#ที่มา", "other.md#%E0%B8%97%E0%B8%B5%E0%B9%88%E0%B8%A1%E0%B8%B2",
                                               "missing.png", "other.md#nowhere", "https://x.org/y"]
    assert [w.split(": ", 1)[1] for w in problems(page, tmp_path)] == ["missing.png: no such file",
                                                    "other.md#nowhere: no heading or id `nowhere` in other.md"]
