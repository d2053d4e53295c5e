"""The archive's pages in English: interface translated, documents in Vietnamese (lang="vi")."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.pdfgen import text_pdf
from library import services
from library.access import Level
from library.models import DocumentKind
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user, secretariat_user
from tests.i18n import assert_english, use_english

pytestmark = pytest.mark.django_db

V1 = ["Điều 1. Hỗ trợ 50 triệu đồng cho mỗi thôn.\nĐiều 2. Hiệu lực từ 01/01/2027."]
V2 = ["Điều 1. Hỗ trợ 70 triệu đồng cho mỗi thôn.\nĐiều 2. Hiệu lực từ 01/01/2027."]


@pytest.fixture
def resolution():
    return ArchiveDocumentFactory(
        title="Nghị quyết về phát triển du lịch cộng đồng",
        number="15/2026/NQ-HĐND",
        kind=DocumentKind.RESOLUTION_NORMATIVE,
        issuing_body="HĐND tỉnh",
        signer="Vũ Xuân Cường",
        issued_on=datetime.date(2026, 3, 5),
        effective_on=datetime.date(2026, 4, 1),
    )


def with_two_versions(document):
    services.add_version(document, text_pdf("Dự thảo", V1), "Bản trình kỳ họp")
    services.add_version(document, text_pdf("Dự thảo", V2), "Tiếp thu ý kiến thẩm tra")
    document.refresh_from_db()
    return document


def test_document_list_in_english(client, resolution):
    response = use_english(client).get("/van-ban/")
    assert_english(response)
    html = response.content.decode()
    assert "Documents" in html and "1 document" in html and "Document type" in html
    assert f'<a href="/van-ban/{resolution.slug}/" lang="vi">{resolution.title}</a>' in html
    assert "05/03/2026" in html
    # The kinds in the filter are interface labels, translated.
    assert "Resolution (normative)" in html


def test_document_list_filters_and_empty_result_in_english(client, resolution):
    use_english(client)
    response = client.get("/van-ban/", {"loai": DocumentKind.MINUTES, "nam": "2026"})
    assert_english(response)
    assert "No documents match." in response.content.decode()
    response = client.get("/van-ban/", {"loai": DocumentKind.RESOLUTION_NORMATIVE, "nam": "2026"})
    assert_english(response)
    assert resolution.title in response.content.decode()


def test_document_list_bad_filters_explained_in_english(client, resolution):
    response = use_english(client).get("/van-ban/", {"loai": "zzz", "nam": "abc"})
    assert_english(response)
    html = response.content.decode()
    assert "Invalid document type; this filter was ignored." in html
    assert "The year must be a 4-digit number" in html


def test_public_document_page_in_english(client, resolution):
    with_two_versions(resolution)
    response = use_english(client).get(f"/van-ban/{resolution.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert f'<h1 id="doc-title" lang="vi">{resolution.title}</h1>' in html
    assert "Issuing body" in html and "Versions" in html and "Download version 1" in html
    assert "05/03/2026" in html and "01/04/2026" in html
    assert '<dd lang="vi">Vũ Xuân Cường</dd>' in html


def test_delegates_document_page_in_english_for_a_delegate(client):
    term = TermFactory()
    draft = ArchiveDocumentFactory(
        title="Dự thảo nghị quyết về ngân sách",
        number="",
        kind=DocumentKind.DRAFT_RESOLUTION,
        access_level=Level.DELEGATES,
        term=term,
        release_at=None,
        public_at=datetime.datetime(2030, 1, 1, 8, 0, tzinfo=datetime.UTC),
    )
    use_english(client).force_login(delegate_user(term))
    response = client.get(f"/van-ban/{draft.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert "Delegates only" in html and "(no number yet)" in html
    assert "Public from" in html and "01/01/2030" in html  # SHORT_DATETIME_FORMAT: H:i d/m/Y


def test_secret_document_page_in_english_for_the_secretariat(client):
    secret = ArchiveDocumentFactory(
        title="Tài liệu mật về nhân sự", number="", access_level=Level.SECRET, file=None
    )
    use_english(client).force_login(secretariat_user())
    response = client.get(f"/van-ban/{secret.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert "Secret document: the system keeps its metadata only" in html
    assert "Add a new version" in html


def test_version_comparison_in_english(client, resolution):
    with_two_versions(resolution)
    # Version 1 is the factory's file; 2 and 3 are the two drafts.
    response = use_english(client).get(f"/van-ban/{resolution.slug}/so-sanh/2/3/")
    assert_english(response)
    html = response.content.decode()
    assert "Comparing versions 2 and 3" in html and "Changes:" in html
    assert '+ <span lang="vi">Điều 1. Hỗ trợ 70 triệu đồng cho mỗi thôn.</span>' in html


def test_new_version_admin_page_in_english(client, resolution):
    with_two_versions(resolution)
    clerk = secretariat_user()
    clerk.user_permissions.add(*Permission.objects.filter(codename="change_archivedocument"))
    use_english(client).force_login(clerk)
    url = f"/quan-tri/van-ban/{resolution.pk}/phien-ban-moi/"
    response = client.get(url)
    assert_english(response)
    assert "New file (PDF or DOCX)" in response.content.decode()
    # A file-check error (ingest.filecheck), in English.
    bad = SimpleUploadedFile("x.pdf", b"not a pdf")
    response = client.post(url, {"file": bad, "change_note": "Sửa lỗi chính tả"})
    assert_english(response)
    assert "is plain text (TXT), not an accepted document" in response.content.decode()


def test_document_pages_stay_vietnamese_by_default(client, resolution):
    with_two_versions(resolution)
    html = client.get(f"/van-ban/{resolution.slug}/").content.decode()
    assert '<html lang="vi"' in html and "Cơ quan ban hành" in html and "05/03/2026" in html
    html = client.get("/van-ban/").content.decode()
    assert '<html lang="vi"' in html and "Loại văn bản" in html and "1 văn bản" in html


def test_draft_urls_stay_vietnamese_under_an_english_interface():
    with translation.override("en"):
        draft = ArchiveDocumentFactory(
            title="Dự thảo nghị quyết", number="", kind=DocumentKind.DRAFT_RESOLUTION
        )
    assert draft.slug.startswith("du-thao-nghi-quyet-")
