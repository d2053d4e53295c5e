"""Document numbers (số, ký hiệu): parse, validate and normalise `15/2024/NQ-HĐND`.

A number is `<sequence>[/<year>]/<symbol>`, the symbol being the kind abbreviation and the
issuing body joined by hyphens (`NQ-HĐND`, `TTr-UBND`, `BC-KTNS`, `HĐND-VP`). The lookup key
folds case and diacritics so `15/2024/nq-hdnd` finds `15/2024/NQ-HĐND`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.text import fold, nfc

_SEGMENT = r"[0-9A-Za-zĐđÀ-ỹ]{1,15}"
_PATTERN = re.compile(
    rf"^(?P<seq>\d{{1,6}})(?:/(?P<year>\d{{4}}))?/(?P<symbol>{_SEGMENT}(?:-{_SEGMENT}){{1,4}})$"
)
# Abbreviations written in mixed case by the state's conventions (Nghị định 30/2020/NĐ-CP).
_MIXED_CASE = {"TTR": "TTr"}

# Kind abbreviation (folded, upper) → DocumentKind value; a normative resolution has a year.
SYMBOL_KINDS = {
    "NQ": "nq",
    "TTR": "tt",
    "BC": "bc",
    "BB": "bb",
    "TB": "tb",
    "KL": "tb",
    "KH": "kh",
    "QD": "qd",
}

MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(frozen=True)
class DocumentNumber:
    sequence: int
    sequence_text: str
    year: int | None
    symbol: str

    @property
    def text(self) -> str:
        """The canonical written form: `15/2024/NQ-HĐND`."""
        middle = f"/{self.year}" if self.year else ""
        return f"{self.sequence_text}{middle}/{self.symbol}"

    @property
    def kind_abbreviation(self) -> str:
        return fold(self.symbol.split("-")[0]).upper()

    @property
    def guessed_kind(self) -> str | None:
        kind = SYMBOL_KINDS.get(self.kind_abbreviation)
        if kind == "nq" and self.year:
            return "nq_qppl"
        return kind

    def key(self, year: int | None) -> str:
        """The uniqueness and lookup key: one number per year and symbol."""
        return f"{year or self.year or 0}:{self.sequence}/{fold(self.symbol)}"

    def slug(self, year: int | None = None) -> str:
        base = slugify(fold(self.text.replace("/", "-")))
        if self.year is None and year:
            base = f"{base}-{year}"
        return base


def _canonical_symbol(symbol: str) -> str:
    parts = []
    for part in symbol.split("-"):
        upper = part.upper()
        parts.append(_MIXED_CASE.get(fold(upper).upper(), upper))
    return "-".join(parts)


def parse(value: str) -> DocumentNumber:
    """Parse a written number; raise a Vietnamese ValidationError that says how to write it."""
    raw = nfc(value or "").strip()
    compact = re.sub(r"\s*([/-])\s*", r"\1", raw)
    compact = compact.replace("–", "-").replace("—", "-")
    match = _PATTERN.match(compact)
    if not match:
        raise ValidationError(
            _(
                "Số, ký hiệu “%(value)s” không đúng dạng. Hãy viết: số thứ tự, năm (nếu có) và "
                "ký hiệu, cách nhau bởi dấu “/”, ví dụ 15/2024/NQ-HĐND, 123/NQ-HĐND hoặc "
                "45/TTr-UBND. Dự thảo chưa có số thì để trống."
            ),
            code="invalid_number",
            params={"value": raw},
        )
    sequence = int(match["seq"])
    if sequence == 0:
        raise ValidationError(
            _("Số thứ tự trong “%(value)s” phải lớn hơn 0."),
            code="invalid_number",
            params={"value": raw},
        )
    year = int(match["year"]) if match["year"] else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Năm %(year)s trong số “%(value)s” không hợp lệ (phải từ 1945 đến 2100)."),
            code="invalid_year",
            params={"year": year, "value": raw},
        )
    return DocumentNumber(
        sequence=sequence,
        sequence_text=match["seq"],
        year=year,
        symbol=_canonical_symbol(match["symbol"]),
    )


def normalise(value: str) -> str:
    """The canonical form of a valid number; '' for an empty one."""
    if not (value or "").strip():
        return ""
    return parse(value).text


def lookup_key(value: str, year: int | None = None) -> str | None:
    """The key to find a document by a typed number, or None when it does not parse."""
    try:
        return parse(value).key(year)
    except ValidationError:
        return None
