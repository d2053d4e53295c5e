"""The in-browser readers open a PDF at a given page and an EPUB chapter on a phone-sized screen."""

import pytest
from django.core.files.base import ContentFile

from core.pdfgen import text_pdf
from library.access import Level
from library.demo_books import build_epub
from library.readers import reader_url
from tests.browser import chromium_page, skip_without_chromium
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user

PHONE = {"width": 390, "height": 844}


def make_epub() -> bytes:
    chapters = ["Lời nói đầu\nNội dung chương 1: ưu tiên đầu tư.",
                "Đường giao thông nông thôn\nNội dung chương 2: ưu tiên đầu tư."]  # fmt: skip
    return build_epub("Tuyển tập nghị quyết", chapters, "urn:council:test:reader")


@pytest.fixture
def pdf_document(db):
    pages = [f"Đây là nội dung trang số {n} của nghị quyết." for n in range(1, 6)]
    return ArchiveDocumentFactory(
        title="Nghị quyết năm trang",
        access_level=Level.PUBLIC,
        file=ContentFile(text_pdf("Nghị quyết năm trang", pages), name="nq.pdf"),
    )


@pytest.mark.django_db
def test_reader_page_for_a_draft_is_refused_like_the_file(client):
    term = TermFactory()
    draft = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term, title="CANARY-reader")
    url = reader_url(draft)
    response = client.get(url)
    assert response.status_code == 404
    assert b"CANARY" not in response.content
    client.force_login(delegate_user(term))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_wrong_reader_for_the_file_type_is_404(client, pdf_document):
    assert client.get(f"/doc-sach/{pdf_document.pk}/").status_code == 404
    assert client.get("/doc/999999/").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pdf_opens_at_page_three_on_a_phone(live_server, tmp_path):
    skip_without_chromium()
    pages = [f"Đây là nội dung trang số {n} của nghị quyết." for n in range(1, 6)]
    doc = ArchiveDocumentFactory(
        title="Nghị quyết năm trang",
        access_level=Level.PUBLIC,
        file=ContentFile(text_pdf("Nghị quyết năm trang", pages), name="nq.pdf"),
    )
    with chromium_page(viewport=PHONE) as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}{reader_url(doc)}#page=3")
        page.wait_for_selector("#pdf-reader[data-ready=true]", timeout=30000)
        page.wait_for_function("document.querySelector('#pdf-reader').dataset.page === '3'")
        assert page.input_value("[data-role=page]") == "3"
        page.wait_for_selector(".page[data-page-number='3'] .textLayer span", timeout=30000)
        text = page.inner_text(".page[data-page-number='3'] .textLayer")
        assert "trang số 3" in text
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(tmp_path / "pdf-reader.png"))
        assert not errors, errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_epub_opens_a_chapter_on_a_phone(live_server, tmp_path):
    skip_without_chromium()
    doc = ArchiveDocumentFactory(
        title="Tuyển tập nghị quyết",
        access_level=Level.PUBLIC,
        file=ContentFile(make_epub(), name="sach.epub"),
    )
    with chromium_page(viewport=PHONE) as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}{reader_url(doc)}#chuong-2.xhtml")
        page.wait_for_selector("#epub-reader[data-ready=true]", timeout=30000)
        frame = page.frame_locator(".epub-frame iframe")
        assert "Đường giao thông nông thôn" in frame.locator("h1").inner_text()
        assert page.locator("#epub-toc option").count() == 2
        page.screenshot(path=str(tmp_path / "epub-reader.png"))
        assert not errors, errors
