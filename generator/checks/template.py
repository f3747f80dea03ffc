"""An agency's own Word template (``templates:`` in agency.yaml) is checked before a letter uses it:
its errors stop the letter with the template's problem (generator/templatecheck.py)."""
from __future__ import annotations

from pathlib import Path

from generator.errors import Problem
from generator.schema import PARTS

RULES: dict = {}       # SB201–SB205 are listed with the other rules in checks/_common.py


def check_letter(resolved):
    path = Path(resolved.template)
    if not path.is_absolute():          # the project's own template, checked by its tests
        return []
    from generator.kinds import all_kinds
    from generator.templatecheck import check_template
    line = resolved.agency.template_lines.get(resolved.kind) if resolved.agency else None
    where, number = line if line else (None, None)
    origin = f" ({where.name} line {number})" if where else ""
    return [Problem(resolved.file, None, "templates", PARTS["templates"],
                    f"the agency's template {path.name}{origin}: {problem.message}", problem.hint,
                    problem.severity, problem.rule)
            for problem in check_template(path, all_kinds().get(resolved.kind))]
