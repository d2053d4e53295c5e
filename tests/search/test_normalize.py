"""The shared normaliser: the fast path gives exactly what core.text.fold gives."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text import fold
from search.normalize import exact_terms, terms
from search.numbers import parse_query, parse_stored

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + " 0123456789/-.,;:()\"'\n\t–—ﬁΩ日\u00a0\u0301_"


def reference(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+|_+", " ", fold(text)).split())


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_fast_folding_equals_the_reference(text):
    assert terms(text) == reference(text)
    assert terms(unicodedata.normalize("NFD", text)) == terms(text)


def test_examples():
    assert terms("Đường giao thông") == "duong giao thong"
    assert terms("15/2024/NQ-HĐND") == "15 2024 nq hdnd"
    assert terms("ỦY BAN\x00NHÂN\u200bDÂN") == "uy ban nhan dan"
    assert exact_terms("Lào Cai, ĐƯỜNG") == "lào cai đường"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("15/2024/NQ-HĐND", (15, 2024, ("nq", "hdnd"))),
        ("15/2024/nq-hdnd", (15, 2024, ("nq", "hdnd"))),
        ("NQ 15 2024", (15, 2024, ("nq",))),
        ("số 15/2024", (15, 2024, ())),
        ("15/2024", (15, 2024, ())),
        ("123/NQ-HĐND", (123, None, ("nq", "hdnd"))),
        ("2024 15", (15, 2024, ())),
    ],
)
def test_number_queries(query, expected):
    parsed = parse_query(query)
    assert (parsed.number, parsed.year, parsed.symbol) == expected


@pytest.mark.parametrize("query", ["giao thông 2024", "2024", "duong 15", "1 2 3", ""])
def test_not_number_queries(query):
    assert parse_query(query) is None


def test_stored_numbers():
    assert parse_stored("15/2024/NQ-HĐND").symbol_key == " nq hdnd "
    assert parse_stored("45/TTr-UBND").year is None
    assert parse_stored("(chưa có số)") is None
