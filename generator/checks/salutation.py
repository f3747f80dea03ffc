"""Salutation and closing against the table (generator/data/salutations.yaml).

The table's forms are applied when a letter is resolved; this check warns when a letter sets its own
``salutation:`` or ``closing:`` and it contradicts the table for its ``to:``, or the two do not pair."""
from __future__ import annotations

from generator.agency.salutations import (
    family_values,
    form_for,
    form_of,
    salutation_and_closing,
)
from generator.checks._common import field, problem

RULES = {
    "SB101": ("salutation-table", "an explicit salutation the table does not give this addressee "
                                  "(กราบเรียน to the Prime Minister, นมัสการ to a monk …)"),
    "SB102": ("closing-table", "an explicit closing the table does not give this addressee, "
                               "or one that does not pair with the salutation"),
}


def check_letter(resolved):
    to = field(resolved, "to")
    given = {name: field(resolved, name) for name in ("salutation", "closing")}
    if not isinstance(to, str) or not any(given.values()):
        return []
    form = form_for(to)
    problems = []
    if form is not None:
        for name, rule_id in (("salutation", "SB101"), ("closing", "SB102")):
            value = given[name]
            if value and value not in family_values(form, name):
                expected = getattr(form, name)
                problems.append(problem(
                    resolved, (name,), rule_id,
                    f"`{value}` contradicts the salutation table: {to} is addressed "
                    f"{form.salutation} … {form.closing}",
                    f"remove `{name}:` and the table gives {expected}", "warning"))
    if not problems:
        problems += _pair_problems(resolved, to, given)
    return problems


def _pair_problems(resolved, to: str, given: dict):
    """A salutation and a closing from two different rows of the table."""
    salutation, closing = salutation_and_closing(to, given["salutation"], given["closing"])
    openers, closers = form_of("salutation", salutation), form_of("closing", closing)
    if not openers or not closers:          # a form outside the table (royal forms): not ours to judge
        return []
    if {f.family for f in openers} & {f.family for f in closers}:
        return []
    pairs = " or ".join(sorted({f.closing for f in openers}))
    at = "closing" if given["closing"] else "salutation"
    return [problem(resolved, (at,), "SB102",
                    f"the closing `{closing}` does not pair with the salutation `{salutation}`",
                    f"the table closes {salutation} with {pairs}", "warning")]
