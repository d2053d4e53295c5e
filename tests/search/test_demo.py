"""The demo archive answers unaccented queries and number lookups, and respects access."""

import importlib

import pytest

from core import demo
from search.engine import search

pytestmark = pytest.mark.django_db

STEPS = ["core.demo", "delegates.demo", "library.demo", "sessions.demo", "search.demo"]


@pytest.fixture
def demo_archive(settings):
    settings.INGEST_AUTO_OCR = False
    ctx = demo.DemoContext(write=lambda *_: None)
    for name in STEPS:
        importlib.import_module(name).load(ctx)
    return ctx


def test_demo_archive_answers_unaccented_queries_and_numbers(demo_archive, anonymous):
    results = search("dau tu cong trung han", anonymous)
    assert results.total >= 2
    assert any("đầu tư công trung hạn" in h.entry.title for h in results.hits)
    for query in ("16/2026/NQ-HĐND", "16/2026/nq-hdnd", "NQ 16 2026"):
        first = search(query, anonymous).hits[0]
        assert first.entry.number == "16/2026/NQ-HĐND", query
    assert search("hoc sinh giao vien dan toc thieu so", anonymous).total >= 1


def test_demo_non_public_documents_stay_hidden_from_the_public(demo_archive, anonymous):
    from library.access import can_view
    from library.models import ArchiveDocument

    hidden = [d for d in ArchiveDocument.objects.all() if not d.is_public()]
    assert hidden, "the demo has non-public documents"
    clerk = demo_archive.users["vanphong"]
    for document in hidden:
        words = " ".join(document.title.split()[:6])
        public = search(words, anonymous, per_page=100)
        assert document.pk not in {
            h.entry.object_id for h in public.hits if h.entry.source == "document"
        }
        staff = search(words, clerk, per_page=100)
        assert document.pk in {
            h.entry.object_id for h in staff.hits if h.entry.source == "document"
        }
        assert can_view(clerk, document)
