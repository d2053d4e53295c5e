"""Document numbers ("số, ký hiệu") as search keys: "15/2024/NQ-HĐND", "nq 15 2024", "15/2024".

A stored number is parsed into number, year and symbol words; a query that reads like a number
is parsed the same way, so every spelling finds the document and ranks it first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import term_list, terms

# Words that occur in symbols ("NQ-HĐND", "TTr-UBND", "BC-KTNS"): a query made only of
# these and numbers is a number lookup, not a phrase.
SYMBOL_WORDS = frozenset(
    [
        "nq",
        "qd",
        "tt",
        "ttr",
        "bc",
        "bb",
        "tb",
        "kl",
        "kh",
        "cv",
        "ct",
        "hd",
        "hdnd",
        "ubnd",
        "ktns",
        "vhxh",
        "pc",
        "dt",
        "btt",
        "tbkl",
        "nd",
        "vp",
        "doan",
        "dbqh",
        "mttq",
        "qppl",
        "bcd",
    ]
)
_STORED = re.compile(r"^\s*(\d{1,6})\s*(?:/\s*(\d{4}))?\s*(?:/\s*(.+))?$")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class DocNumber:
    number: int | None
    year: int | None = None
    symbol: tuple[str, ...] = ()

    @property
    def symbol_key(self) -> str:
        """Padded so a word can be looked up with `contains(" nq ")`."""
        return f" {' '.join(self.symbol)} " if self.symbol else ""


def parse_stored(number: str) -> DocNumber | None:
    """The parts of a number as written on a document; None when it has no leading number."""
    match = _STORED.match(number or "")
    if not match:
        return None
    year = int(match.group(2)) if match.group(2) else None
    return DocNumber(int(match.group(1)), year, tuple(term_list(match.group(3) or "")))


def parse_query(query: str) -> DocNumber | None:
    """Read a search query as a document number when it can only be one.

    "15/2024/NQ-HĐND", "15/2024/nq-hdnd", "NQ 15 2024", "số 15/2024", "15/2024" all give
    number 15, year 2024; "giao thông 2024" gives None.
    """
    words = term_list(query)
    if words and words[0] in {"so", "van", "ban"}:
        words = [w for w in words if w not in {"so", "van", "ban"}]
    if not words or len(words) > 6:
        return None
    digits = [w for w in words if w.isdigit()]
    letters = [w for w in words if not w.isdigit()]
    if not digits or len(digits) > 2 or any(w not in SYMBOL_WORDS for w in letters):
        return None
    if any(len(d) > 6 for d in digits):
        return None
    number, year = None, None
    if len(digits) == 2:
        first, second = digits
        if _YEAR.match(second):
            number, year = int(first), int(second)
        elif _YEAR.match(first):
            number, year = int(second), int(first)
        else:
            return None
    else:
        (only,) = digits
        if _YEAR.match(only) and not letters:
            return None  # "2024" alone is a year, not a number
        number = int(only)
    return DocNumber(number, year, tuple(letters))


def number_terms(number: str) -> str:
    return terms(number)
