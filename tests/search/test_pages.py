"""The /tim-kiem/ page and the JSON endpoint: same results, same rules, no 500 on bad input."""

import datetime

import pytest

from library.access import Level
from library.models import DocumentKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAD_QUERIES = {
    "empty": "",
    "spaces": "   ",
    "long": "đường " * 2000,
    "sql": "'; DROP TABLE search_searchentry; -- \" OR 1=1",
    "regex": r".*(a|b)+$ [^x] \d{2,} (?=y)",
    "control": "giao\x00\x01\x1b[31m thông\x7f\u200b",
    "fts": 'NEAR(a b) "unbalanced * ^ : {title_terms}',
    "only_minus": "-giao -thong",
    "operators": 'or or - -- ""',
}


@pytest.fixture
def archive(make_document):
    make_document("Nghị quyết về Đường giao thông nông thôn", ["Trang một.", "Kè sông Hồng."],
                  number="15/2024/NQ-HĐND", kind=DocumentKind.RESOLUTION_NORMATIVE)  # fmt: skip
    make_document("Dự thảo mật về đường giao thông", ["Đường giao thông."],
                  access_level=Level.DELEGATES)  # fmt: skip


def test_search_page_shows_hits_facets_and_page_link(client, archive):
    response = client.get("/tim-kiem/", {"q": "duong giao thong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nghị quyết về Đường giao thông nông thôn" in html
    assert "Dự thảo mật" not in html
    assert "1 kết quả" in html
    assert 'role="search"' in html and 'for="search-q"' in html
    assert "Lọc kết quả" in html and "Nghị quyết (quy phạm pháp luật)" in html
    assert "Mức truy cập" not in html


def test_search_page_links_the_page_of_the_match(client, archive):
    html = client.get("/tim-kiem/", {"q": "ke song hong"}).content.decode()
    assert "#page=2" in html
    assert "Mở tài liệu tại trang 2" in html
    assert "<mark>" in html


def test_no_results_page_offers_suggestions(client, archive):
    html = client.get("/tim-kiem/", {"q": "giao thong xyzzyq"}).content.decode()
    assert "Không tìm thấy kết quả nào" in html
    assert "Thử tìm:" in html and "giao thong" in html


@pytest.mark.parametrize("name", BAD_QUERIES)
def test_bad_queries_give_a_normal_page(client, archive, name):
    response = client.get("/tim-kiem/", {"q": BAD_QUERIES[name]})
    assert response.status_code == 200
    api = client.get("/api/v1/tim-kiem", {"q": BAD_QUERIES[name]})
    assert api.status_code == 200
    assert api.json()["total"] >= 0


def test_long_query_is_cut_with_a_message(client, archive):
    html = client.get("/tim-kiem/", {"q": "đường " * 2000}).content.decode()
    assert "Từ khóa quá dài" in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "duong", "page": "-1"},
        {"q": "duong", "page": str(10**9)},
        {"q": "duong", "page": "abc"},
        {"q": "duong", "page": "9" * 40},
        {"q": "duong", "kind": "khong-co"},
        {"q": "duong", "year": "abc"},
        {"q": "duong", "year": "99999"},
        {"q": "duong", "term": "-5"},
        {"q": "duong", "session": "<script>"},
        {"q": "duong", "access_level": "secret"},
        {"q": "duong", "sort": "DROP"},
        {"q": "duong", "per_page": "100000"},
    ],
)
def test_bad_parameters_give_a_normal_page_with_a_message(client, archive, params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 200
    assert 'class="search-messages"' in response.content.decode() or params.get("per_page")
    api = client.get("/api/v1/tim-kiem", params)
    assert api.status_code == 200
    body = api.json()
    assert body["total"] == 1
    assert body["messages"] or params.get("per_page")


def test_huge_page_shows_the_last_page(client, archive):
    body = client.get("/api/v1/tim-kiem", {"q": "duong", "page": str(10**9)}).json()
    assert body["page"] == body["num_pages"] == 1
    assert len(body["hits"]) == 1


def test_api_applies_the_same_access_rules(client, archive):
    body = client.get("/api/v1/tim-kiem", {"q": "duong giao thong"}).json()
    assert body["total"] == 1
    assert [h["title"] for h in body["hits"]] == ["Nghị quyết về Đường giao thông nông thôn"]
    assert body["facets"]["kind"] == [
        {"value": "nq_qppl", "label": "Nghị quyết (quy phạm pháp luật)", "count": 1,
         "selected": False}
    ]  # fmt: skip
    assert "access_level" not in body["facets"]


def test_api_number_lookup(client, archive):
    body = client.get("/api/v1/tim-kiem", {"q": "NQ 15 2024"}).json()
    assert body["hits"][0]["number"] == "15/2024/NQ-HĐND"
    assert body["hits"][0]["number_match"] is True


def test_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if p.endswith("/tim-kiem")]
    assert paths
    operation = schema["paths"][paths[0]]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "page", "kind", "year", "term", "session", "issuing_body"} <= names


def test_facet_link_filters_and_clear_link_removes_it(client, make_document):
    make_document("Thủy lợi 2023", ["x"], issued_on=datetime.date(2023, 1, 1))
    make_document("Thủy lợi 2024", ["x"], issued_on=datetime.date(2024, 1, 1))
    html = client.get("/tim-kiem/", {"q": "thuy loi", "year": "2023"}).content.decode()
    assert "Thủy lợi 2023" in html and "Thủy lợi 2024" not in html
    assert 'aria-current="true"' in html
    assert "Bỏ lọc" in html


def test_signed_in_user_can_save_a_search(client, archive):
    user = UserFactory(username="nguoidoc")
    client.force_login(user)
    html = client.get("/tim-kiem/", {"q": "thuy loi"}).content.decode()
    assert "Lưu tìm kiếm" in html
    response = client.post("/tim-kiem/da-luu/", {"q": "thuy loi"}, follow=True)
    assert "Đã lưu tìm kiếm" in response.content.decode()
    assert user.saved_searches.count() == 1


def test_unknown_issuing_body_gives_no_results_and_says_why(client, archive):
    body = client.get("/api/v1/tim-kiem", {"q": "duong", "issuing_body": "Không tồn tại"}).json()
    assert body["total"] == 0
    assert any("bộ lọc" in m for m in body["messages"])
    assert body["suggestions"] == ["duong"]
