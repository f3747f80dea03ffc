"""A cancelled letter (``status: cancelled``) is built with a red ยกเลิก across every page, and said."""
from __future__ import annotations

from generator.checks._common import field, problem

RULES = {"SB126": ("cancelled-letter", "a letter with `status: cancelled`: built with the red ยกเลิก mark, "
                                        "never to be sent (warning)")}


def check_letter(resolved):
    if field(resolved, "status") != "cancelled":
        return []
    return [problem(resolved, ("status",), "SB126",
                    "the letter is cancelled: its pages carry a red ยกเลิก mark and it must not be sent",
                    "keep it, so the register shows its number; remove `status: cancelled` only if it was set by mistake",
                    "warning")]
