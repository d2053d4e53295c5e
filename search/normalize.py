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


def terms(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(clean(text))).split())


def exact_terms(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", clean(text).casefold()).split())


def term_list(text: str) -> list[str]:
    return terms(text).split()
