"""The Jinja sandbox every template runs in, and is checked in: an agency's template is not ours.

Jinja's sandbox keeps a template from Python's insides and bounds ``range()``; this one bounds
``*`` and ``**`` as well, whose work happens inside one Python operation that no time limit can
interrupt (``'x' * 10**10``). Intercepting them also stops Jinja from folding such constants while
it compiles a template, which ``check-template`` does too. A loop's time is bounded by the build's
time limit per letter (:func:`generator.errors.time_limit`).
"""
from __future__ import annotations

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

# The most items a template's `*` may make ('x' * n, [a] * n) and the largest power `**` may raise to.
MAX_PRODUCT = 100_000
MAX_EXPONENT = 64


class BoundedSandbox(SandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the power {right} is larger than a template may raise to ({MAX_EXPONENT})")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if hasattr(v, "__len__")]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and max(sizes[0], 1) * abs(counts[0]) > MAX_PRODUCT:
                raise SecurityError(f"a repetition of more than {MAX_PRODUCT:,} items")
        return super().call_binop(context, operator, left, right)
