"""Elasticsearch index settings for Vietnamese: accent- and đ-insensitive matching that keeps
the original token, so "duong" finds "Đường" and "Lào Cai" typed exactly ranks exact hits first.

Used as `INDEX_SETTINGS` of Wagtail's (modelsearch) Elasticsearch backend, which deep-merges it
into its own settings. Plain text fields use the index's `default` analyzer, so redefining
`default` (and `default_search`) covers every SearchField; the edge-ngram analyzers used for
autocomplete get the same folding. No plugin is needed: NFD input is recomposed by a mapping
char filter generated here; with the ICU plugin installed, `icu=True` uses `icu_normalizer`.
"""

from __future__ import annotations

import unicodedata

VIETNAMESE_BASE = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYdđDĐ"
TONE_MARKS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def nfd_to_nfc_mappings() -> list[str]:
    """`mapping` char filter rules turning decomposed Vietnamese letters into composed ones."""
    rules = set()
    for base in VIETNAMESE_BASE:
        for tone in ["", *TONE_MARKS]:
            composed = unicodedata.normalize("NFC", base + tone)
            if len(composed) != 1:
                continue
            for source in {unicodedata.normalize("NFD", composed), base + tone}:
                if source != composed:
                    rules.add(f"{source} => {composed}")
    # Elasticsearch's mapping filter takes the longest match; listing longest first says so.
    return sorted(rules, key=lambda rule: (-len(rule.split(" => ")[0]), rule))


def index_settings(icu: bool = False) -> dict:
    char_filter = ["icu_nfc"] if icu else ["vietnamese_nfc"]
    folding = ["lowercase", "vietnamese_folding"]
    analysis: dict = {
        "char_filter": (
            {"icu_nfc": {"type": "icu_normalizer", "name": "nfc"}}
            if icu
            else {"vietnamese_nfc": {"type": "mapping", "mappings": nfd_to_nfc_mappings()}}
        ),
        "filter": {
            # ASCII folding maps đ/Đ to d as well; preserve_original keeps "đường" beside
            # "duong", so an accented query scores exact matches higher.
            "vietnamese_folding": {"type": "asciifolding", "preserve_original": True},
            "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 15},
            "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
        },
        "analyzer": {
            "default": {
                "type": "custom",
                "char_filter": char_filter,
                "tokenizer": "standard",
                "filter": folding,
            },
            "default_search": {
                "type": "custom",
                "char_filter": char_filter,
                "tokenizer": "standard",
                "filter": folding,
            },
            "standard": {  # Wagtail's autocomplete fields search with "standard"
                "type": "custom",
                "char_filter": char_filter,
                "tokenizer": "standard",
                "filter": folding,
            },
            "ngram_analyzer": {
                "type": "custom",
                "char_filter": char_filter,
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "ngram"],
            },
            "edgengram_analyzer": {
                "type": "custom",
                "char_filter": char_filter,
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "edgengram"],
            },
        },
    }
    return {"settings": {"analysis": analysis}}


def simulate_analyzer(text: str, settings: dict | None = None) -> list[str]:
    """What the `default` analyzer does to `text`, for tests and documentation (no server):
    char filter, a whitespace/punctuation tokenizer, lowercase, ASCII folding with originals."""
    import re

    from core.text import fold

    settings = settings or index_settings()
    analysis = settings["settings"]["analysis"]
    for rule in analysis["char_filter"].get("vietnamese_nfc", {}).get("mappings", []):
        source, target = rule.split(" => ")
        text = text.replace(source, target)
    out = []
    for token in re.findall(r"\w+", text):
        token = token.lower()
        out.append(token)
        folded = fold(token)
        if analysis["filter"]["vietnamese_folding"].get("preserve_original") and folded != token:
            out.append(folded)
    return out
