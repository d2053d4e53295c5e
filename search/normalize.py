"""The one normaliser that index and query text both go through, on every database.

`terms()` gives the diacritic-free, lower-case word form ("Đường 15/2024/NQ-HĐND" ->
"duong 15 2024 nq hdnd"); `exact_terms()` keeps the accents, so a query typed with its
accents can rank exact matches first. NFC and NFD input give the same result.
"""

from __future__ import annotations

import re
import unicodedata

from core.text import fold

# Anything that is not a letter or digit separates words: the PostgreSQL parser would
# otherwise read "15/2024/nq-hdnd" as a file path and SQLite's as something else.
_NON_WORD = re.compile(r"[^\w]+|_+", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
MAX_QUERY_CHARS = 500


def clean(text: str) -> str:
    """NFC, control characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def _fold_table() -> dict[int, str]:
    table = {}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            folded = fold(chr(code))
            if len(folded) == 1 and folded.isascii():
                table[code] = folded
    return table


_FOLD = _fold_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fast_fold(text: str) -> str:
    """`core.text.fold` through a translation table: the same result, far faster on pages."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD).lower()
    if text.isascii():
        return text
    # Whatever the table does not cover (other scripts, stray marks) goes through `fold`.
    return _NON_ASCII.sub(lambda m: _fold_segment(m.group()), text)


def _fold_segment(text: str) -> str:
    """`core.text.fold` without its whitespace clean-up, so a segment keeps its length class."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", text).casefold()


def terms(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fast_fold(clean(text))).split())


def exact_terms(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", clean(text).casefold()).split())


def term_list(text: str) -> list[str]:
    return terms(text).split()
