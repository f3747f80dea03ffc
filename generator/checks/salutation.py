"""Salutation and closing against the table (generator/data/salutations.yaml).

The table's forms are applied when a letter is resolved; this check warns when a letter sets its own
``salutation:`` or ``closing:`` and it contradicts the table for its ``to:``, or the two do not pair."""
from __future__ import annotations

from generator.agency.salutations import (
    family_values,
    form_for,
    form_of,
    judged_default,
    salutation_and_closing,
    salutation_words,
    typed_word,
)
from generator.checks._common import field, problem

RULES = {
    "SB101": ("salutation-table", "an explicit salutation the table does not give this addressee "
                                  "(กราบเรียน to the Prime Minister, นมัสการ to a monk …)"),
    "SB102": ("closing-table", "an explicit closing the table does not give this addressee, "
                               "or one that does not pair with the salutation"),
    "SB121": ("salutation-in-to", "`to:` starts with the salutation (เรียน, กราบเรียน …) or ถึง, "
                                  "which the letter prints itself"),
}
_UNSET = object()
TO_WORDS = {"stamped": ["ถึง"]}       # kinds whose addressee follows another word than a salutation


def check_letter(resolved):
    to = field(resolved, "to")
    if not isinstance(to, str):
        return []
    has_salutation = field(resolved, "salutation", _UNSET) is not _UNSET
    words = salutation_words() if has_salutation else TO_WORDS.get(resolved.kind)
    if not words:
        return []
    word, addressee = typed_word(to, words)
    problems = []
    if word:
        problems.append(problem(
            resolved, ("to",), "SB121", f"starts with `{word}`, which the letter prints before the addressee",
            f"write the addressee alone (to: {addressee}); it prints once"
            + ("; a salutation other than the table's goes in salutation:" if has_salutation else ""),
            "warning"))
    if has_salutation:
        problems += _table_problems(resolved, addressee, field(resolved, "salutation") or word)
    return problems


def _table_problems(resolved, to: str, salutation: str | None):
    """SB101/SB102: a salutation or closing outside the table's row for ``to`` (the default row for
    an addressee no row names, judging only forms the table knows)."""
    given = {"salutation": salutation, "closing": field(resolved, "closing")}
    if not any(given.values()):
        return []
    named = form_for(to)
    form = named or judged_default(to)
    problems = []
    for name, rule_id in (("salutation", "SB101"), ("closing", "SB102")):
        value = given[name]
        if form is None or not value or value in family_values(form, name):
            continue
        if named is None and not form_of(name, value):      # a form outside the table (royal forms)
            continue
        own_key = bool(field(resolved, name))
        problems.append(problem(
            resolved, (name if own_key else "to",), rule_id,
            f"`{value}` contradicts the salutation table: {to} is addressed {form.salutation} … {form.closing}",
            f"remove `{name}:` and the table gives {getattr(form, name)}" if own_key
            else f"write to: {to} and the table gives {getattr(form, name)}", "warning"))
    if not any(p.rule_id == "SB102" for p in problems):
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
