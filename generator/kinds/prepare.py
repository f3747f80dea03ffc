"""One letter through the first stages: load → validate → resolve.

The letter's YAML is loaded (:mod:`generator.letter`), its kind found, its schema validates it, its
agency profile is merged (:mod:`generator.agency`) and its kind's rules turn it into the strings
that print (:class:`~generator.render.resolve.Resolved`). Rendering, converting and finishing are
the build's (:mod:`generator.build.pipeline`).
"""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from pydantic import ValidationError

from generator.agency.profile import load_agency
from generator.errors import LetterError, Problem
from generator.kinds import Kind, all_kinds, load_letter
from generator.kinds.numbers import is_draft
from generator.letter import files
from generator.letter.parts import PARTS
from generator.letter.schema import did_you_mean, validation_problems
from generator.render.resolve import Resolved, Resolver


def prepare(file: Path, root: Path, work_dir: Path) -> Resolved:
    """Load, validate and resolve one letter; raise LetterError with every problem found."""
    try:                                # a letter symlinked from outside the tree is not read
        files.resolve_inside(root, file.parent, file.name)
    except files.Refused as exc:
        raise LetterError([Problem(file, None, None, None, str(exc),
                                   "keep the letter itself, not a link to it, in the letters folder")]) from None
    source = load_letter(file)
    kinds = all_kinds()
    kind_name = source.data.get("kind")
    if not isinstance(kind_name, str) or kind_name not in kinds:
        known = sorted(kinds)
        if kind_name is None:
            message, hint = "is required but missing", "the first line of a letter is e.g. `kind: external`"
        elif not isinstance(kind_name, str):
            message, hint = f"{kind_name!r} is not a known kind of document", f"write one word: {', '.join(known)}"
        else:
            message = f"`{kind_name}` is not a known kind of document"
            hint = did_you_mean(str(kind_name), known) or f"expected one of: {', '.join(known)}"
        line = source.line_of(("kind",)) if kind_name is not None else 1
        raise LetterError([Problem(file, line, "kind", PARTS["kind"], message, hint)])
    kind = kinds[kind_name]
    try:
        letter = kind.model.model_validate(source.data)
    except ValidationError as exc:
        raise LetterError(validation_problems(exc, source, kind.model)) from None
    agency = load_agency(file, root)
    digits = getattr(letter, "digits", None) or agency.profile.digits
    resolver = Resolver(file, agency, digits, work_dir, source)
    context, metadata = kind.resolve(letter, resolver)
    own_template = agency.templates.get(kind.name)       # an agency's own template (checks/template.py)
    return Resolved(kind=kind.name, template=str(own_template) if own_template else kind.template, context=context,
                    font=getattr(letter, "font", None) or agency.profile.font, digits=digits,
                    metadata=metadata, warnings=resolver.warnings,
                    part_spacing=agency.profile.layout.part_spacing,
                    top_margin_cm=agency.profile.layout.top_margin_cm,
                    page_number_cm=agency.profile.layout.page_number_cm,
                    file=file, letter=letter, source=source, agency=agency, draft=is_draft(letter),
                    cancelled=getattr(letter, "status", None) == "cancelled")


@functools.lru_cache(maxsize=None)
def context_names(kind: Kind | None) -> frozenset[str] | None:
    """The variables a kind's rules give its template: the context of its starter letter (every
    kind puts every key in its context, empty when a part is absent); None when it cannot say
    (no kind, or a starter that does not prepare)."""
    if kind is None:
        return None
    with tempfile.TemporaryDirectory(prefix="saraban-template-") as work:
        try:
            resolved = prepare(kind.starter, kind.starter.parent, Path(work))
        except LetterError:
            return None
    return frozenset(resolved.context)
