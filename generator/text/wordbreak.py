"""Thai word breaking for text diffs, the same as the layout's.

Thai is written without spaces between words. LibreOffice breaks Thai lines with ICU's
dictionary-based word break iterator, from the system's ICU library (libicuuc), which is
on every machine that has LibreOffice. :func:`words` calls that same library through
ctypes (ICU's stable C API, ``ubrk_*``), so a diff splits the text where the layout may
break it, with no new dependency. Where no ICU library can be loaded (Windows or macOS
without one on the search path), it falls back to Thai character clusters: a leading
vowel, a consonant and the marks above and below it stay together. Clusters are
smaller than words, so a diff is finer there, but never splits a syllable's letters.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re

UBRK_WORD = 1
UBRK_LINE = 2
UBRK_DONE = -1

# A Thai character cluster (fallback): [leading vowel] consonant [marks] [following vowel],
# or a run of non-Thai word characters, or any one other character.
_CLUSTER = re.compile(
    r"[\u0e40-\u0e44]?[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*[\u0e30\u0e32\u0e33\u0e45]?"
    r"|[\u0e50-\u0e59]+|[^\W\u0e00-\u0e7f]+|\s+|.", re.DOTALL)

_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


class _Icu:
    """The four ubrk_ functions of the system's ICU, whatever their version suffix."""

    def __init__(self, lib: ctypes.CDLL, suffix: str):
        self.open = getattr(lib, f"ubrk_open{suffix}")
        self.open.restype = ctypes.c_void_p
        self.open.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int32,
                              ctypes.POINTER(ctypes.c_int)]
        self.first = getattr(lib, f"ubrk_first{suffix}")
        self.next = getattr(lib, f"ubrk_next{suffix}")
        self.close = getattr(lib, f"ubrk_close{suffix}")
        for function in (self.first, self.next):
            function.restype = ctypes.c_int32
            function.argtypes = [ctypes.c_void_p]
        self.close.argtypes = [ctypes.c_void_p]

    def boundaries(self, text: str, kind: int = UBRK_WORD) -> list[int]:
        """Word (or, with ``UBRK_LINE``, line-break) boundaries in UTF-16 code units."""
        data = text.encode("utf-16-le")
        buffer = ctypes.create_string_buffer(data, len(data) + 2)
        status = ctypes.c_int(0)
        iterator = self.open(kind, b"th", buffer, len(data) // 2, ctypes.byref(status))
        if status.value > 0 or not iterator:
            raise OSError(f"ICU ubrk_open failed with status {status.value}")
        try:
            found = [self.first(iterator)]
            while (position := self.next(iterator)) != UBRK_DONE:
                found.append(position)
            return found
        finally:
            self.close(iterator)


@functools.lru_cache(maxsize=1)
def icu() -> _Icu | None:
    """The system ICU's word breaker, or None where there is none."""
    names = [ctypes.util.find_library(n) for n in ("icuuc", "icucore", "icu")]
    names += [f"libicuuc.so.{v}" for v in range(80, 59, -1)]
    for name in filter(None, names):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        for suffix in ["", *(f"_{v}" for v in range(90, 49, -1))]:
            if hasattr(lib, f"ubrk_open{suffix}"):
                try:
                    return _Icu(lib, suffix)
                except AttributeError:
                    break
    return None


def words(text: str) -> list[str]:
    """``text`` cut into words (ICU) or Thai clusters (fallback); the pieces join back to ``text``."""
    breaker = icu()
    if breaker is None or not text:
        return cluster_words(text)
    cuts = _string_positions(text, breaker.boundaries(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def line_breaks(text: str) -> list[int] | None:
    """Where ICU's line breaker (LibreOffice's for Thai) may end a line of ``text``: the string
    index each next line would start at, 0 and ``len(text)`` included; None without ICU."""
    breaker = icu()
    if breaker is None:
        return None
    return _string_positions(text, breaker.boundaries(text, UBRK_LINE)) if text else [0]


def _string_positions(text: str, units: list[int]) -> list[int]:
    """UTF-16 positions → string positions (they differ only past a character outside the BMP)."""
    if not _OUTSIDE_BMP.search(text):
        return units
    index, to_str = 0, {0: 0}
    for position, char in enumerate(text, start=1):
        index += 2 if ord(char) > 0xFFFF else 1
        to_str[index] = position
    return [to_str[u] for u in units if u in to_str]


def cluster_words(text: str) -> list[str]:
    """The fallback: Thai character clusters, Latin words and digit runs, spaces, other characters."""
    return _CLUSTER.findall(text)
