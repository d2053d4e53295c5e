"""Database and Elasticsearch configuration for Vietnamese folding."""

import copy
import unicodedata

import pytest
from django.db import connection

from search.elasticsearch import index_settings, nfd_to_nfc_mappings, simulate_analyzer


def test_elasticsearch_default_analyzer_folds_and_keeps_the_original_token():
    settings = index_settings()
    analysis = settings["settings"]["analysis"]
    folding = analysis["filter"]["vietnamese_folding"]
    assert folding == {"type": "asciifolding", "preserve_original": True}
    for name in ("default", "default_search", "standard"):
        analyzer = analysis["analyzer"][name]
        assert analyzer["filter"] == ["lowercase", "vietnamese_folding"]
        assert analyzer["char_filter"] == ["vietnamese_nfc"]
    assert analysis["analyzer"]["edgengram_analyzer"]["filter"][-1] == "edgengram"


def test_elasticsearch_mapping_recomposes_nfd_vietnamese():
    rules = dict(rule.split(" => ") for rule in nfd_to_nfc_mappings())
    assert rules[unicodedata.normalize("NFD", "ờ")] == "ờ"
    assert rules[unicodedata.normalize("NFD", "Ạ")] == "Ạ"
    nfd = unicodedata.normalize("NFD", "Đường Lào Cai")
    assert simulate_analyzer(nfd) == ["đường", "duong", "lào", "lao", "cai"]


def test_elasticsearch_icu_variant_uses_icu_normalizer():
    analysis = index_settings(icu=True)["settings"]["analysis"]
    assert analysis["char_filter"] == {"icu_nfc": {"type": "icu_normalizer", "name": "nfc"}}


def test_settings_merge_into_wagtails_elasticsearch_backend():
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
    from modelsearch.utils import deep_update

    # What the backend's __init__ does with INDEX_SETTINGS (the client library is not
    # installed here, so the backend itself cannot be built).
    backend = ElasticsearchBaseSearchBackend.__new__(ElasticsearchBaseSearchBackend)
    backend.settings = deep_update(
        copy.deepcopy(ElasticsearchBaseSearchBackend.settings), index_settings()
    )
    analyzers = backend.settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"]["filter"] == ["lowercase", "vietnamese_folding"]
    assert backend.settings["settings"]["index"]["max_ngram_diff"] == 12


@pytest.mark.django_db
def test_database_has_the_vietnamese_search_objects():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_tsvector('vietnamese_unaccent', 'Đường Lào Cai')::text")
            assert cursor.fetchone()[0] == "'cai':3 'duong':1 'lao':2"
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_entry_fts%'")
            names = {row[0] for row in cursor.fetchall()}
            assert {"search_entry_fts", "search_entry_fts_ai", "search_entry_fts_au"} <= names


@pytest.mark.django_db
def test_wagtail_backend_uses_the_unaccent_configuration(settings):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if connection.vendor == "postgresql":
        assert backend.config == "vietnamese_unaccent"
