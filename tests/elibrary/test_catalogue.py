"""The e-library: browsing, visibility of items and files, covers, OPDS, sitemap."""

import io
import tempfile
from pathlib import Path

import feedparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.models import Page

from core.models import HomePage
from core.pdfgen import text_pdf
from library.access import Level
from library.catalogue import (
    LibraryCollectionPage,
    LibraryIndexPage,
    LibraryItemPage,
    valid_isbn,
    valid_issn,
    visible_items,
)
from library.covers import CoverError, epub_cover_image, make_cover
from library.demo_books import build_epub
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user, in_minutes

pytestmark = pytest.mark.django_db

OPDS_ACQ = "application/atom+xml;profile=opds-catalog;kind=acquisition"


def add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def make_library(intro: str = ""):
    """The e-library index with one collection of reference books."""
    home = HomePage.objects.get(depth=2)
    index = add(home, LibraryIndexPage(title="Thư viện điện tử", slug="thu-vien", intro=intro))
    books = add(
        index,
        LibraryCollectionPage(
            title="Sách tham khảo", slug="sach", kind=LibraryCollectionPage.Kind.REFERENCE
        ),
    )
    return index, books


@pytest.fixture
def library():
    return make_library()


def book(collection, title, level=Level.PUBLIC, **fields):
    pdf = ArchiveDocumentFactory(
        title=title,
        access_level=fields.pop("file_level", level),
        term=fields.get("term"),
        file=ContentFile(text_pdf(title, ["Trang một", "Trang hai"]), name="b.pdf"),
    )
    slug = fields.pop("slug", None) or f"sach-{LibraryItemPage.objects.count() + 1}"
    return add(
        collection, LibraryItemPage(title=title, slug=slug, access_level=level, pdf=pdf, **fields)
    )


def test_public_book_page_lists_reader_and_download(client, library):
    _, books = library
    item = book(books, "Sổ tay đại biểu Hội đồng nhân dân", authors="Ban Công tác đại biểu")
    response = client.get(item.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sổ tay đại biểu" in html
    assert f"/doc/{item.pdf.pk}/" in html
    assert item.pdf.url in html


def test_delegate_only_book_is_hidden_from_the_public_everywhere(client, library):
    index, books = library
    term = TermFactory()
    hidden = book(books, "CANARY-noi-bo tài liệu nội bộ", Level.DELEGATES, term=term)
    book(books, "Sách công khai")
    for url in [hidden.url, index.url, books.url, "/opds/moi/", f"/opds/bo-suu-tap/{books.pk}/"]:
        response = client.get(url)
        assert b"CANARY" not in response.content, url
    assert client.get(hidden.url).status_code == 404
    client.force_login(delegate_user(term))
    assert client.get(hidden.url).status_code == 200
    assert b"CANARY" in client.get(index.url).content


def test_counts_in_subject_facets_do_not_include_hidden_items(client, library):
    _, books = library
    visible = book(books, "Sách công khai về ngân sách")
    visible.subjects.add("Ngân sách")
    visible.save_revision().publish()
    hidden = book(books, "Sách nội bộ về ngân sách", Level.DELEGATES, term=TermFactory())
    hidden.subjects.add("Ngân sách")
    hidden.save_revision().publish()
    html = client.get(books.url).content.decode()
    assert 'Ngân sách <span class="muted">(1)</span>' in html


def test_embargoed_book_appears_at_its_release_time_without_a_job(library):
    _, books = library
    item = book(books, "Kỷ yếu sắp phát hành", release_at=in_minutes(30))
    assert not visible_items(AnonymousUser()).filter(pk=item.pk).exists()
    later = in_minutes(31)
    from library import access

    assert (
        access.visible_to(LibraryItemPage.objects.all(), AnonymousUser(), later)
        .filter(pk=item.pk)
        .exists()
    )


def test_public_entry_with_a_delegate_only_file_offers_no_download(client, library):
    _, books = library
    term = TermFactory()
    item = book(books, "Sách có tệp hạn chế", file_level=Level.DELEGATES, term=term)
    html = client.get(item.url).content.decode()
    assert item.pdf.url not in html
    feed = feedparser.parse(client.get("/opds/moi/").content)
    entry = next(e for e in feed.entries if e.title == "Sách có tệp hạn chế")
    assert not [link for link in entry.links if "acquisition" in link.rel]


def test_browse_by_year_and_unaccented_text(client, library):
    _, books = library
    book(books, "Đường giao thông nông thôn", year=2024)
    book(books, "Giáo dục miền núi", year=2023)
    html = client.get(books.url, {"q": "duong giao thong"}).content.decode()
    assert "Đường giao thông nông thôn" in html and "Giáo dục miền núi" not in html
    html = client.get(books.url, {"nam": "2023"}).content.decode()
    assert "Giáo dục miền núi" in html and "Đường giao thông" not in html


BAD_PARAMS = [
    {"trang": "-1"},
    {"trang": "999999999"},
    {"nam": "abc"},
    {"q": "x" * 10000},
    {"chu-de": "'; DROP TABLE x;--"},
]


@pytest.mark.parametrize("params", BAD_PARAMS)
def test_bad_browse_parameters_give_a_normal_page(client, library, params):
    _, books = library
    book(books, "Sách bất kỳ")
    assert client.get(books.url, params).status_code == 200


def test_opds_root_and_feeds_parse_with_the_right_relations(client, library):
    _, books = library
    item = book(books, "Sổ tay đại biểu", authors="Ban Công tác đại biểu", year=2021)
    root = client.get("/opds/")
    assert root["Content-Type"].startswith(
        "application/atom+xml;profile=opds-catalog;kind=navigation"
    )
    parsed = feedparser.parse(root.content)
    assert not parsed.bozo
    rels = {link.rel for link in parsed.feed.links}
    assert {"self", "start", "search"} <= rels
    assert any(link.type == OPDS_ACQ for e in parsed.entries for link in e.links)
    collection = feedparser.parse(client.get(f"/opds/bo-suu-tap/{books.pk}/").content)
    entry = collection.entries[0]
    assert entry.title == item.title
    acquisition = [link for link in entry.links if link.rel == "http://opds-spec.org/acquisition"]
    assert acquisition and acquisition[0].type == "application/pdf"
    assert client.get(acquisition[0].href.replace("http://testserver", "")).status_code == 200
    found = feedparser.parse(client.get("/opds/tim-kiem/", {"q": "so tay dai bieu"}).content)
    assert [e.title for e in found.entries] == ["Sổ tay đại biểu"]
    description = client.get("/opds/opensearch.xml").content.decode()
    assert "{searchTerms}" in description


def test_cover_is_generated_from_the_pdf_first_page(
    client, library, django_capture_on_commit_callbacks
):
    _, books = library
    with django_capture_on_commit_callbacks(execute=True):
        item = book(books, "Sách có bìa tự động")
    item.refresh_from_db()
    assert item.cover is not None  # queued on publish; immediate in tests
    assert item.cover.width > 0
    assert not make_cover(item)  # a cover is never replaced
    html = client.get(item.url).content.decode()
    assert "srcset=" in html and 'alt="Bìa sách Sách có bìa tự động"' in html
    assert "srcset=" in client.get(books.url).content.decode()


def test_epub_cover_is_read_from_the_package():
    from ebooklib import epub

    book_ = epub.EpubBook()
    book_.set_identifier("urn:test:cover")
    book_.set_title("Sách EPUB")
    book_.set_language("vi")
    buffer = io.BytesIO()
    Image.new("RGB", (60, 90), "red").save(buffer, format="PNG")
    book_.set_cover("cover.png", buffer.getvalue())
    chapter = epub.EpubHtml(title="Một", file_name="mot.xhtml", lang="vi")
    chapter.content = "<h1>Một</h1>"
    book_.add_item(chapter)
    book_.spine = [chapter]
    book_.add_item(epub.EpubNcx())
    book_.add_item(epub.EpubNav())
    with tempfile.NamedTemporaryFile(suffix=".epub") as handle:
        epub.write_epub(handle.name, book_)
        data = Path(handle.name).read_bytes()
    assert epub_cover_image(data).startswith(b"\x89PNG")
    with pytest.raises(CoverError):
        epub_cover_image(build_epub("Không bìa", ["Chương 1\nNội dung"], "urn:x"))


def test_sitemap_lists_only_public_items(client, library):
    _, books = library
    public = book(books, "Sách công khai")
    hidden = book(books, "CANARY-sitemap", Level.DELEGATES, term=TermFactory())
    urls = [u["location"] for u in public.get_sitemap_urls()]
    assert urls
    assert hidden.get_sitemap_urls() == []


def test_isbn_and_issn_validation():
    assert valid_isbn("978-604-57-1234-4")
    assert valid_isbn("0-306-40615-2")
    assert valid_isbn("9780306406157")
    assert not valid_isbn("9780306406158")
    assert valid_issn("0378-5955")
    assert not valid_issn("0378-5956")


def test_wrong_file_type_for_the_epub_slot_is_refused(library):
    from django.core.exceptions import ValidationError

    _, books = library
    pdf = ArchiveDocumentFactory(title="Không phải EPUB")
    page = LibraryItemPage(title="Sai định dạng", slug="sai", epub=pdf)
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "epub" in excinfo.value.message_dict


def test_library_index_is_reachable_from_the_page_tree(library):
    index, _ = library
    assert Page.objects.get(pk=index.pk).specific_class is LibraryIndexPage


def test_book_files_stay_out_of_the_council_document_lists(client, library):
    _, books = library
    item = book(books, "Sổ tay nghiệp vụ CANARYBOOKFILE")
    council = ArchiveDocumentFactory(title="Nghị quyết về giáo dục CANARYCOUNCIL", number="")
    for url in ("/van-ban/", "/van-ban/rss.xml", "/van-ban/atom.xml", "/api/v1/van-ban"):
        body = client.get(url).content.decode()
        assert "CANARYCOUNCIL" in body, url
        assert "CANARYBOOKFILE" not in body, url
    export = b"".join(client.get("/api/v1/van-ban/xuat-du-lieu.jsonl").streaming_content)
    assert b"CANARYCOUNCIL" in export and b"CANARYBOOKFILE" not in export
    # The book keeps its own catalogue page, and its file its own page.
    assert "CANARYBOOKFILE" in client.get(item.url).content.decode()
    assert client.get(f"/van-ban/{item.pdf.slug}/").status_code == 200
    assert council.pk != item.pdf.pk
