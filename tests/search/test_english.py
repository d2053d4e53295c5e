"""The search pages in English: the interface, messages and facet titles translated; what was
found (titles, numbers, snippets, issuing bodies, session headings) left in Vietnamese."""

import datetime

import pytest
from django.utils import translation

from library.models import DocumentKind
from search import alerts
from tests.factories import TermFactory, UserFactory
from tests.i18n import assert_english, use_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(make_document):
    term = TermFactory()
    make_document("Nghị quyết về Đường giao thông nông thôn", ["Trang một.", "Kè sông Hồng."],
                  number="15/2024/NQ-HĐND", kind=DocumentKind.RESOLUTION_NORMATIVE,
                  issuing_body="HĐND tỉnh", term=term)  # fmt: skip
    make_document("Báo cáo thủy lợi", ["Công trình thủy lợi."], kind=DocumentKind.REPORT,
                  issued_on=datetime.date(2023, 5, 2))  # fmt: skip
    return term


def test_empty_search_page_in_english(client):
    response = use_english(client).get("/tim-kiem/")
    assert_english(response)
    html = response.content.decode()
    assert "Words, document number or name" in html
    assert 'Examples: <span lang="vi">duong giao thong, 15/2024/NQ-HĐND' in html


def test_results_with_facets_in_english(client, archive):
    response = use_english(client).get("/tim-kiem/", {"q": "duong giao thong"})
    assert_english(response)
    html = response.content.decode()
    assert "1 result" in html and "Filter results" in html and "Sort by" in html
    assert "Most relevant" in html and "Resolution (normative)" in html
    assert "Issuing body" in html and "Term XVI" in html
    assert '<span lang="vi">HĐND tỉnh</span>' in html  # a facet value that is content
    assert '<span class="hit-number is-match" lang="vi">' not in html  # no number was searched
    assert "10/07/2024" in html


def test_results_with_page_link_and_a_chosen_facet_in_english(client, archive):
    use_english(client)
    response = client.get("/tim-kiem/", {"q": "ke song hong", "year": "2024"})
    assert_english(response)
    html = response.content.decode()
    assert "Open the document at page 2" in html and "<mark>" in html
    assert "selected, press to remove" in html and "Clear the year filter" in html


def test_number_search_in_english(client, archive):
    response = use_english(client).get("/tim-kiem/", {"q": "NQ 15 2024", "sort": "date"})
    assert_english(response)
    html = response.content.decode()
    assert '<span class="hit-number is-match" lang="vi">15/2024/NQ-HĐND</span>' in html


def test_no_results_in_english(client, archive):
    response = use_english(client).get("/tim-kiem/", {"q": "giao thông xyzzyq"})
    assert_english(response)
    html = response.content.decode()
    assert "No results" in html
    assert 'Nothing was found for “<span lang="vi">giao thông xyzzyq</span>”.' in html
    assert "Try:" in html and "Tips:" in html and "Use fewer or more general words." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "duong", "year": "abc"}, "The “Year” filter has an invalid value"),
        ({"q": "duong", "access_level": "secret"}, "The access level filter is for the Office"),
        (
            {"q": "duong", "sort": "DROP"},
            "Invalid sort order; the results are sorted by relevance.",
        ),
        ({"q": "duong", "page": "abc"}, "Invalid page number; showing page 1."),
        ({"q": "đường " * 2000}, "The search is too long"),
        ({"q": "-giao -thong"}, "Enter at least one word to look for"),
        ({"q": "duong", "issuing_body": "Không tồn tại"}, "No results with the chosen filters"),
    ],
)
def test_bad_parameters_are_explained_in_english(client, archive, params, message):
    response = use_english(client).get("/tim-kiem/", params)
    assert_english(response)
    assert message in response.content.decode()


def test_api_messages_follow_the_interface_language(client, archive):
    use_english(client)
    body = client.get("/api/v1/tim-kiem", {"q": "duong", "year": "abc"}).json()
    assert body["messages"] == ["The “Year” filter has an invalid value, so it was ignored."]
    assert body["facets"]["kind"][0]["label"] == "Resolution (normative)"


def test_saved_searches_in_english(client, archive):
    user = UserFactory(username="reader")
    use_english(client).force_login(user)
    response = client.get("/tim-kiem/da-luu/")
    assert_english(response)
    assert "You have no saved searches." in response.content.decode()
    response = client.get("/tim-kiem/", {"q": "thủy lợi"})
    assert_english(response)
    assert "Save this search and get alerts" in response.content.decode()
    response = client.post("/tim-kiem/da-luu/", {"q": "thủy lợi"}, follow=True)
    assert_english(response)
    html = response.content.decode()
    assert 'Search “<span lang="vi">thủy lợi</span>” saved.' in html
    assert "Alerts on" in html and "Delete" in html
    response = client.post("/tim-kiem/da-luu/", {"q": ""}, follow=True)
    assert_english(response)
    assert "Enter search words or choose a filter before saving" in response.content.decode()
    saved = user.saved_searches.get()
    response = client.post(f"/tim-kiem/da-luu/{saved.pk}/xoa/", follow=True)
    assert_english(response)
    assert "Saved search deleted." in response.content.decode()


def test_unsubscribe_pages_in_english(client, archive):
    user = UserFactory(username="reader2")
    saved = alerts.save_search(user, query="thủy lợi", filters={})
    url = f"/tim-kiem/huy-nhan-thu/{alerts.unsubscribe_token(saved)}/"
    response = use_english(client).get(url)
    assert_english(response)
    assert "Stop sending alerts for the search" in response.content.decode()
    response = client.post(url)
    assert_english(response)
    assert "You will no longer receive alerts" in response.content.decode()


def test_search_pages_stay_vietnamese_by_default(client, archive):
    html = client.get("/tim-kiem/", {"q": "duong giao thong"}).content.decode()
    assert '<html lang="vi"' in html and "1 kết quả" in html and "Lọc kết quả" in html
    assert "Khóa XVI" in html and "10/07/2024" in html


def test_index_is_built_in_vietnamese_whatever_the_interface(make_document):
    from search.models import SearchEntry

    with translation.override("en"):
        document = make_document("Báo cáo về ngân sách", ["x"], kind=DocumentKind.REPORT)
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert entry.description.startswith("Báo cáo")
    assert "bao cao" in entry.title_terms
