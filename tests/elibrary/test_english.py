"""The e-library in English: catalogue pages and OPDS titles translated, books in Vietnamese."""

import feedparser
import pytest

from library.access import Level
from tests.elibrary.test_catalogue import book, make_library
from tests.factories import TermFactory, delegate_user
from tests.i18n import assert_english, use_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return make_library(intro="<p>Sách và kỷ yếu của HĐND.</p>")


def test_library_index_in_english(client, library):
    index, books = library
    item = book(books, "Sổ tay đại biểu Hội đồng nhân dân", authors="Ban Công tác đại biểu")
    item.subjects.add("Ngân sách")
    item.save_revision().publish()
    response = use_english(client).get(index.url)
    assert_english(response)
    html = response.content.decode()
    assert "Collections" in html and "New books" in html and "Reference books" in html
    assert '<h1 lang="vi">Thư viện điện tử</h1>' in html
    assert '<span class="book-title" lang="vi">Sổ tay đại biểu Hội đồng nhân dân</span>' in html


def test_library_index_filtered_and_empty_in_english(client, library):
    index, books = library
    book(books, "Đường giao thông nông thôn", year=2024)
    use_english(client)
    response = client.get(index.url, {"q": "duong giao thong"})
    assert_english(response)
    assert "1 result" in response.content.decode()
    response = client.get(index.url, {"q": "khong co sach nay"})
    assert_english(response)
    html = response.content.decode()
    assert "0 results" in html and "No books match. Remove some of the filters." in html


def test_library_index_without_books_in_english(client, library):
    index, _ = library
    response = use_english(client).get(index.url)
    assert_english(response)
    assert "No books yet." in response.content.decode()


def test_collection_page_in_english(client, library):
    _, books = library
    item = book(books, "Kỷ yếu kỳ họp thứ 12", year=2024)
    item.subjects.add("Kỳ họp")
    item.save_revision().publish()
    response = use_english(client).get(books.url)
    assert_english(response)
    html = response.content.decode()
    assert "Search the library" in html and "Title or author" in html and "Subjects" in html
    assert '<li aria-current="page" lang="vi">Sách tham khảo</li>' in html
    response = client.get(books.url, {"nam": "1999"})
    assert_english(response)
    assert "No books match" in response.content.decode()


def test_item_page_in_english(client, library):
    _, books = library
    item = book(
        books,
        "Tạp chí Hội đồng nhân dân",
        authors="Văn phòng HĐND tỉnh",
        publisher="Nhà xuất bản Chính trị quốc gia",
        year=2024,
        volume="Số 3",
        description="<p>Ấn phẩm định kỳ của Hội đồng nhân dân tỉnh.</p>",
    )
    response = use_english(client).get(item.url)
    assert_english(response)
    html = response.content.decode()
    assert "Authors" in html and "Publisher" in html and "Read online (PDF)" in html
    assert "Download PDF" in html
    assert '<dd lang="vi">Nhà xuất bản Chính trị quốc gia</dd>' in html


def test_delegates_item_page_in_english_for_a_delegate(client, library):
    _, books = library
    term = TermFactory()
    item = book(books, "Tài liệu bồi dưỡng đại biểu", Level.DELEGATES, term=term)
    use_english(client).force_login(delegate_user(term))
    response = client.get(item.url)
    assert_english(response)
    assert "Delegates only" in response.content.decode()


def test_item_with_a_generated_cover_has_an_english_alt(
    client, library, django_capture_on_commit_callbacks
):
    _, books = library
    with django_capture_on_commit_callbacks(execute=True):
        item = book(books, "Sách có bìa tự động")
    response = use_english(client).get(item.url)
    assert_english(response)
    assert 'alt="Book cover"' in response.content.decode()


def test_opds_feed_titles_in_english(client, library):
    _, books = library
    book(books, "Sổ tay đại biểu")
    use_english(client)
    root = feedparser.parse(client.get("/opds/").content)
    assert root.feed.title == "Provincial People's Council e-library"
    assert "New books" in [e.title for e in root.entries]
    new = feedparser.parse(client.get("/opds/moi/").content)
    assert new.feed.title == "New books"
    assert [e.title for e in new.entries] == ["Sổ tay đại biểu"]  # content stays Vietnamese
    found = feedparser.parse(client.get("/opds/tim-kiem/", {"q": "so tay"}).content)
    assert found.feed.title == "Search results: so tay"
    assert "Search the books of the e-library" in client.get("/opds/opensearch.xml").text


def test_library_pages_stay_vietnamese_by_default(client, library):
    index, books = library
    book(books, "Sổ tay đại biểu")
    html = client.get(index.url).content.decode()
    assert '<html lang="vi"' in html and "Sách mới" in html and "Bộ sưu tập" in html
    assert feedparser.parse(client.get("/opds/").content).feed.title == (
        "Thư viện điện tử HĐND tỉnh"
    )
