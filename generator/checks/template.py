"""An agency's own Word templates (``templates:`` in agency.yaml): each names a kind of document,
and the one a letter uses is checked before it is used: its errors stop the letter with the
template's problem (generator/render/templatecheck.py)."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Problem
from generator.kinds import all_kinds
from generator.kinds.prepare import context_names
from generator.letter.parts import PARTS
from generator.letter.schema import did_you_mean
from generator.render.templatecheck import check_template

RULES: dict = {}       # SB201–SB205 are the template checker's own (generator/render/templatecheck.py)


def check_letter(resolved):
    return _unknown_kinds(resolved) + _own_template(resolved)


def _unknown_kinds(resolved) -> list[Problem]:
    """A ``templates:`` entry whose key is no kind of document (it would never be used)."""
    agency = resolved.agency
    kinds = all_kinds()
    problems = []
    for kind, (file, line) in sorted((agency.template_lines if agency else {}).items()):
        if kind not in kinds:
            problems.append(Problem(file, line, f"templates.{kind}", PARTS["templates"],
                                    f"`{kind}` is not a kind of document",
                                    did_you_mean(kind, sorted(kinds)) or f"expected one of: {', '.join(sorted(kinds))}"))
    return problems


def _own_template(resolved) -> list[Problem]:
    path = Path(resolved.template)
    if not path.is_absolute():          # the project's own template, checked by its tests
        return []
    kind = all_kinds().get(resolved.kind)
    line = resolved.agency.template_lines.get(resolved.kind) if resolved.agency else None
    where, number = line if line else (None, None)
    origin = f" ({where.name} line {number})" if where else ""
    return [Problem(resolved.file, None, "templates", PARTS["templates"],
                    f"the agency's template {path.name}{origin}: {problem.message}", problem.hint,
                    problem.severity, problem.rule)
            for problem in check_template(path, resolved.kind, context_names(kind))]
