"""Vietnamese text helpers shared by models, search and imports."""

import re
import unicodedata

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def to_roman(number: int) -> str:
    if number <= 0:
        raise ValueError("Số La Mã chỉ dùng cho số nguyên dương.")
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of Vietnamese text: 'Đường Lào Cai' -> 'duong lao cai'.

    Input in NFC or NFD gives the same result; đ/Đ fold to d, which Unicode decomposition
    alone does not do.
    """
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")
