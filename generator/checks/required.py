"""Parts the page cannot do without: a letter whose ที่ would print as ``ที่ /๑``, or a stamped
letter with an empty seal or no ส่วนราชการเจ้าของเรื่อง, is not built (issue 14: such a letter used
to report ✓ built when its agency.yaml was not found)."""
from __future__ import annotations

from generator.checks._common import field, problem

RULES = {
    "SB120": ("required-part", "a part the page needs that neither the letter nor agency.yaml gives "
                               "(the letter code after ที่, a stamped letter's seal and contact, the address)"),
}
_UNSET = object()


def check_letter(resolved):
    if resolved.agency is None or resolved.letter is None:
        return []
    profile = resolved.agency.profile
    problems = []
    if field(resolved, "code", _UNSET) is not _UNSET and not (field(resolved, "code") or profile.code):
        problems.append(problem(resolved, ("code",), "SB120",
                                "the letter code printed after ที่ is given neither here nor in agency.yaml",
                                "write code: in agency.yaml (e.g. code: พบ ๐๐๒๓.๑๐) or in this letter"))
    if resolved.kind in ("external", "certificate") and not (field(resolved, "address") or profile.address):
        problems.append(problem(resolved, ("address",), "SB120",
                                "the office's address is given neither here nor in agency.yaml",
                                "write address: in agency.yaml, one line per item"))
    if resolved.kind == "stamped":
        if not (field(resolved, "seal") or profile.name):
            problems.append(problem(resolved, ("seal",), "SB120",
                                    "the seal's office name is given neither here nor in agency.yaml",
                                    "write name: in agency.yaml, or seal: in this letter"))
        if not (field(resolved, "contact") or profile.contact):
            problems.append(problem(resolved, ("contact",), "SB120",
                                    "ส่วนราชการเจ้าของเรื่อง is given neither here nor in agency.yaml",
                                    "write contact: (unit, phone) in agency.yaml or in this letter"))
    return problems
