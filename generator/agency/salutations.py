"""Salutation and closing by addressee, from the table in generator/data/salutations.yaml."""
from __future__ import annotations

from dataclasses import dataclass

from generator.data import table


@dataclass(frozen=True)
class Form:
    """One row of the table: what a letter to these addressees opens and closes with."""

    name: str
    salutation: str
    closing: str
    family: str               # rows of one family accept each other's forms
    offices: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


def default_form() -> Form:
    row = table("salutations")["default"]
    return Form("general", row["salutation"], row["closing"], "general")


def forms() -> list[Form]:
    return [Form(row["name"], row["salutation"], row["closing"], row.get("family", row["name"]),
                 tuple(row.get("offices", ())), tuple(row.get("titles", ())))
            for row in table("salutations")["rows"]]


def _addressee(to: str) -> str:
    text = " ".join(to.split())
    for honorific in table("salutations").get("honorifics", ()):
        if text.startswith(honorific):
            text = text[len(honorific):].lstrip()
    return text


def _names_office(text: str, office: str) -> bool:
    return text == office or text.startswith((office + " ", office + "("))


def form_for(to: str | None) -> Form | None:
    """The row whose office or title ``to`` names, or None (a general addressee)."""
    if not to:
        return None
    text = _addressee(to)
    for form in forms():
        if any(_names_office(text, office) for office in form.offices):
            return form
        if any(text.startswith(title) for title in form.titles):
            return form
    return None


def salutation_and_closing(to: str | None, salutation: str | None = None,
                           closing: str | None = None) -> tuple[str, str]:
    """The letter's salutation and closing: what it sets, else the table's row for ``to``."""
    form = form_for(to) or default_form()
    if salutation and not closing and salutation != form.salutation:
        # กราบเรียน written by hand closes with its own row's closing; the last row is the most general
        rows = form_of("salutation", salutation)
        form = rows[-1] if rows else form
    return salutation or form.salutation, closing or form.closing


def judged_default(to: str) -> Form | None:
    """The default row for an addressee no row names, unless the name may be a monk's or a
    royal's whose rank the table does not list (``unjudged:`` in the table)."""
    if _addressee(to).startswith(tuple(table("salutations").get("unjudged", ()))):
        return None
    return default_form()


def salutation_words() -> list[str]:
    """Every salutation of the table, longest first (กราบเรียน before เรียน)."""
    return sorted({f.salutation for f in forms() + [default_form()]}, key=len, reverse=True)


def typed_word(to: str | None, words: list[str]) -> tuple[str | None, str]:
    """The word a clerk typed before the addressee (``to: เรียน ผู้ว่าราชการจังหวัด…``), which the
    letter prints itself, and the addressee without it; ``(None, to)`` when there is none."""
    text = (to or "").lstrip()
    for word in words:
        rest = text[len(word):]
        if text.startswith(word) and rest[:1].isspace() and rest.strip():
            return word, rest.strip()
    return None, to or ""


def typed_salutation(to: str | None) -> tuple[str | None, str]:
    """:func:`typed_word` with the table's salutations."""
    return typed_word(to, salutation_words())


def family_values(form: Form, attribute: str) -> set[str]:
    """Every ``salutation`` or ``closing`` accepted for an addressee of ``form``'s family."""
    return {getattr(f, attribute) for f in forms() + [default_form()] if f.family == form.family}


def form_of(attribute: str, value: str) -> list[Form]:
    """The rows (and the default) whose ``attribute`` is ``value``."""
    return [f for f in forms() + [default_form()] if getattr(f, attribute) == value]
