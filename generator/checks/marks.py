"""Urgency and secrecy marks: values of the regulation, and no ลับที่สุด letter sent electronically.

A letter is sent electronically when it (or its agency profile) says ``send: electronic``
(การส่ง: อิเล็กทรอนิกส์); its enclosures published at a URL (a QR code) count as electronic too."""
from __future__ import annotations

from generator.checks._common import field, problem
from generator.letter.schema import SECRECIES, URGENCIES

RULES = {
    "SB107": ("secret-electronic", "a ลับที่สุด letter marked for electronic sending, or with enclosures online"),
    "SB108": ("mark-values", "an urgency or secrecy mark the regulation does not know"),
}
TOP_SECRET = SECRECIES[0]


def check_letter(resolved):
    problems = []
    for key, allowed in (("urgency", URGENCIES), ("secrecy", SECRECIES)):
        value = field(resolved, key)
        if value and value not in allowed:     # for kinds whose schema does not list them
            problems.append(problem(resolved, (key,), "SB108", f"`{value}` is not a mark of the regulation",
                                    f"write one of: {', '.join(allowed)}"))
    if field(resolved, "secrecy") == TOP_SECRET:
        problems += _electronic(resolved)
    return problems


def _electronic(resolved):
    problems = []
    send = field(resolved, "send")
    profile_send = getattr(resolved.agency.profile, "send", None) if resolved.agency else None
    if (send or profile_send) == "electronic":
        where = ("send",) if send else ("secrecy",)
        origin = "" if send else " (the agency profile's `send: electronic`)"
        problems.append(problem(resolved, where, "SB107",
                                f"a {TOP_SECRET} letter must not be sent electronically{origin}",
                                "write `send: paper` (การส่ง: กระดาษ) and deliver it sealed, by hand"))
    qr = field(resolved, "qr")
    if qr is not None and getattr(qr, "url", None):
        problems.append(problem(resolved, ("qr", "url"), "SB107",
                                f"a {TOP_SECRET} letter must not point to its enclosures online",
                                "remove the QR code and send the enclosures with the letter"))
    for index, enclosure in enumerate(field(resolved, "enclosures") or []):
        if getattr(enclosure, "url", None):
            problems.append(problem(resolved, ("enclosures", index, "url"), "SB107",
                                    f"a {TOP_SECRET} letter's enclosure must not be published online",
                                    "remove `url:` and send the enclosure with the letter"))
    return problems
