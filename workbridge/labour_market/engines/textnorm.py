"""Text normalisation for matching, with an offset map back to the original text.

``normalize(text) -> Normalized(text, offsets)`` where ``offsets[i]`` is the index in the ORIGINAL text of
the character that produced normalised character ``i`` (``offsets`` has one extra final entry equal to
``len(original)`` so an exclusive end maps too). Normalisation:

- full-width ASCII (``Ｃ＋＋``, ``，``, ``（``) -> half-width; ideographic space -> space;
- Latin letters case-folded to lower case;
- enclosed / parenthesised numbers (``①``, ``⑴``, ``⒈``) and other compatibility characters -> their NFKC
  form (which may be longer than one character: every produced character maps back to its source).

``to_original(norm, start, end)`` turns a span in the normalised text into the span in the original.
Most postings only need the one-to-one table (``str.translate``), which keeps this fast; the general
path is taken only when a character expands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ONE_TO_ONE: dict[int, str] = {}
for _cp in range(0xFF01, 0xFF5F):  # full-width ASCII block
    _ONE_TO_ONE[_cp] = chr(_cp - 0xFEE0).lower()
for _cp in range(ord("A"), ord("Z") + 1):
    _ONE_TO_ONE[_cp] = chr(_cp + 32)
_ONE_TO_ONE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",  # zero-width space: keep length, make it a separator
        0xFEFF: " ",
        0x2010: "-",
        0x2011: "-",
        0x2012: "-",
        0x2013: "-",
        0x2014: "-",
        0x2212: "-",
        0xFF5E: "~",
        0x301C: "~",
        0x00B7: "·",
        0x2027: "·",
        0x30FB: "·",
        0x2018: "'",
        0x2019: "'",
        0x201C: '"',
        0x201D: '"',
        0x00B5: "μ",  # micro sign -> Greek mu (μC/OS)
    }
)
_TABLE = str.maketrans(_ONE_TO_ONE)


# Circled / negative circled numbers are list markers on their own: ① -> "1、" so that "MySQL①熟悉Redis"
# reads like "MySQL 1、熟悉Redis" (the offset map still points every produced character at the ①).
_CIRCLED = set(range(0x2460, 0x2474)) | set(range(0x24F5, 0x24FF)) | set(range(0x2776, 0x2794))
_CIRCLED |= set(range(0x3251, 0x3260)) | set(range(0x32B1, 0x32C0))


@lru_cache(maxsize=8192)
def _char_norm(ch: str) -> str:
    if ord(ch) in _CIRCLED:
        digits = unicodedata.normalize("NFKC", ch)
        if not digits.isdigit():
            digits = str(unicodedata.digit(ch, 0) or unicodedata.numeric(ch, 0)).split(".")[0]
        return digits + "、"
    if ord(ch) in _ONE_TO_ONE:
        return _ONE_TO_ONE[ord(ch)]
    low = ch.lower()
    if len(low) == 1 and ord(low) in _ONE_TO_ONE:
        return _ONE_TO_ONE[ord(low)]
    return unicodedata.normalize("NFKC", ch).lower()


def _build_general_class() -> re.Pattern:
    """Characters that the fast path (str.lower + the one-to-one table) would leave un-normalised."""
    points = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF or cp in _ONE_TO_ONE:
            continue
        ch = chr(cp)
        low = ch.lower()
        if cp in _CIRCLED or len(low) != 1:
            points.append(cp)
            continue
        if ord(low) in _ONE_TO_ONE:
            continue
        if unicodedata.normalize("NFKC", ch).lower() != low:
            points.append(cp)
    ranges, start, prev = [], None, None
    for cp in points:
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            ranges.append((start, prev))
            start = prev = cp
    if start is not None:
        ranges.append((start, prev))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]|[\U00010000-\U0010ffff]")


_GENERAL_RE = _build_general_class()
_TABLE_NEEDED_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ONE_TO_ONE) if c > 0x7F) + "]")


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    offsets: tuple[int, ...] | None  # None: identity (same length, index i <-> i)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.offsets is None:
            return start, end
        o_start = self.offsets[start]
        # exclusive end: one past the original index of the last normalised character used
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, o_end

    def offset_map(self) -> tuple[int, ...]:
        if self.offsets is None:
            return tuple(range(len(self.text) + 1))
        return self.offsets


def normalize(text: str) -> Normalized:
    if not _GENERAL_RE.search(text):
        fast = text.lower()
        if len(fast) == len(text):
            found = _TABLE_NEEDED_RE.findall(fast)
            if found:  # a few str.replace calls beat str.translate with a dict table on CJK text
                for ch in set(found):
                    fast = fast.replace(ch, _ONE_TO_ONE[ord(ch)])
            return Normalized(text, fast, None)
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        n = _char_norm(ch)
        if not n:  # a character that normalises to nothing: keep a space so spans stay addressable
            n = " "
        out.append(n)
        offsets.extend([i] * len(n))
    offsets.append(len(text))
    return Normalized(text, "".join(out), tuple(offsets))
