"""Small formatting helpers shared by the builders (dates the Vietnamese way, roman numerals)."""

from __future__ import annotations

import datetime

from core.text import to_roman


def roman(number: int) -> str:
    """Lower-case roman numerals for front-matter page numbers: i, ii, iii…"""
    return to_roman(number).lower()


def vn_date(value: datetime.date | None) -> str:
    """2/12/2025: day and month without leading zeros, as Vietnamese documents write dates."""
    if value is None:
        return ""
    return f"{value.day}/{value.month}/{value.year}"


def vn_datetime(value: datetime.datetime | None) -> str:
    """14:05 ngày 2/12/2025."""
    if value is None:
        return ""
    return f"{value:%H:%M} ngày {vn_date(value)}"
