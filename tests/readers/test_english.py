"""The reader pages in English: toolbar and messages translated (the JS message comes from the
page), the document's title left in Vietnamese."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from core.pdfgen import text_pdf
from library.access import Level
from library.demo_books import build_epub
from library.readers import reader_url
from tests.browser import chromium_page, skip_without_chromium
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user
from tests.i18n import assert_english, use_english


def pdf_document(**fields):
    pages = [f"Đây là nội dung trang số {n} của nghị quyết." for n in range(1, 4)]
    fields.setdefault("access_level", Level.PUBLIC)
    return ArchiveDocumentFactory(
        title="Nghị quyết ba trang",
        file=ContentFile(text_pdf("Nghị quyết ba trang", pages), name="nq.pdf"),
        **fields,
    )


@pytest.mark.django_db
def test_pdf_reader_page_in_english(client):
    document = pdf_document()
    response = use_english(client).get(reader_url(document))
    assert_english(response)
    html = response.content.decode()
    assert '<h1 class="reader-title" lang="vi">Nghị quyết ba trang</h1>' in html
    assert 'aria-label="Zoom in"' in html and "Opening the document…" in html
    assert 'data-error-message="The document cannot be opened in the browser.' in html


@pytest.mark.django_db
def test_pdf_reader_page_in_english_for_a_delegate(client):
    term = TermFactory()
    document = pdf_document(access_level=Level.DELEGATES, term=term)
    use_english(client).force_login(delegate_user(term))
    assert_english(client.get(reader_url(document)))


@pytest.mark.django_db
def test_epub_reader_page_in_english(client):
    chapters = ["Lời nói đầu\nNội dung chương 1.", "Đường giao thông\nNội dung chương 2."]
    document = ArchiveDocumentFactory(
        title="Tuyển tập nghị quyết",
        access_level=Level.PUBLIC,
        file=ContentFile(build_epub("Tuyển tập nghị quyết", chapters, "urn:t:en"), name="s.epub"),
    )
    response = use_english(client).get(reader_url(document))
    assert_english(response)
    html = response.content.decode()
    assert "Contents" in html and "Opening the book…" in html
    assert '<select id="epub-toc" data-role="toc" lang="vi">' in html  # chapter titles: content
    assert 'data-error-message="The book cannot be opened in the browser.' in html


@pytest.mark.django_db
def test_reader_pages_stay_vietnamese_by_default(client):
    html = client.get(reader_url(pdf_document())).content.decode()
    assert '<html lang="vi"' in html and "Đang mở tài liệu…" in html and "Phóng to" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pdf_reader_failure_message_is_in_english(live_server):
    skip_without_chromium()
    broken = ArchiveDocumentFactory(
        title="Tệp hỏng",
        access_level=Level.PUBLIC,
        file=ContentFile(b"%PDF-1.7 hong", name="x.pdf"),
    )
    with chromium_page() as page:
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
        )
        page.goto(f"{live_server.url}{reader_url(broken)}")
        page.wait_for_selector("#pdf-reader[data-error]", timeout=30000)
        assert page.inner_text("[data-role=status]") == (
            "The document cannot be opened in the browser. Use the Download button."
        )
