"""Versions: a revised draft adds a version; old ones stay downloadable to those allowed;
the latest is the default; a text diff is shown when both have text."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from core.pdfgen import scanned_pdf, text_pdf
from library.access import Level
from library.models import DocumentVersion, DownloadLog, ReadReceipt
from library.services import add_version, diff_versions
from tests.factories import (
    ArchiveDocumentFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)

pytestmark = pytest.mark.django_db

V1 = ["Điều 1. Hỗ trợ 50 triệu đồng cho mỗi thôn.\nĐiều 2. Hiệu lực từ 01/01/2027."]
V2 = ["Điều 1. Hỗ trợ 70 triệu đồng cho mỗi thôn.\nĐiều 2. Hiệu lực từ 01/01/2027."]


@pytest.fixture
def draft():
    term = TermFactory()
    return ArchiveDocumentFactory(
        title="Dự thảo nghị quyết hỗ trợ thôn",
        number="",
        access_level=Level.DELEGATES,
        term=term,
        file=ContentFile(text_pdf("Dự thảo", V1), name="v1.pdf"),
    )


def test_file_uploaded_with_the_document_is_version_one(draft):
    version = draft.versions.get()
    assert version.number == 1
    assert version.sha256 == draft.sha256
    assert version.page_count == 1
    assert "50 triệu" in version.text


def test_add_version_makes_it_current_and_keeps_the_old(draft):
    clerk = secretariat_user()
    version = add_version(
        draft, ContentFile(text_pdf("Dự thảo", V2), name="v2.pdf"), "Sửa mức hỗ trợ", clerk
    )
    draft.refresh_from_db()
    assert version.number == 2
    assert draft.file.name == version.file.name
    assert draft.sha256 == version.sha256
    assert version.change_note == "Sửa mức hỗ trợ"
    assert version.created_by == clerk
    assert DocumentVersion.objects.filter(document=draft).count() == 2
    assert draft.versions.get(number=1).file.storage.exists(draft.versions.get(number=1).file.name)


def test_identical_file_is_refused(draft):
    with pytest.raises(ValidationError) as error:
        add_version(draft, ContentFile(text_pdf("Dự thảo", V1), name="same.pdf"), "", None)
    assert "giống hệt" in error.value.messages[0]
    assert draft.versions.count() == 1


def test_not_a_pdf_is_refused(draft):
    with pytest.raises(ValidationError) as error:
        add_version(draft, ContentFile(b"hello", name="x.pdf"), "", None)
    assert "không phải PDF" in error.value.messages[0]
    assert draft.versions.count() == 1


def test_secret_document_refuses_any_version():
    secret = ArchiveDocumentFactory(access_level=Level.SECRET, file=None)
    with pytest.raises(ValidationError):
        add_version(secret, ContentFile(text_pdf("Mật", ["x"]), name="m.pdf"), "", None)


def test_scan_has_no_text_and_needs_ocr(draft):
    version = add_version(
        draft, ContentFile(scanned_pdf("Bản quét", ["Điều 1."]), name="s.pdf"), "Bản ký", None
    )
    assert version.text == ""
    assert version.text_status == DocumentVersion.TextStatus.NEEDS_OCR


def test_diff_shows_changed_lines(draft):
    add_version(draft, ContentFile(text_pdf("Dự thảo", V2), name="v2.pdf"), "Sửa", None)
    old, new = draft.versions.get(number=1), draft.versions.get(number=2)
    lines = diff_versions(old, new)
    assert any(line.kind == "del" and "50 triệu" in line.text for line in lines)
    assert any(line.kind == "add" and "70 triệu" in line.text for line in lines)


def test_delegate_downloads_old_version_and_download_is_audited(client, draft):
    add_version(draft, ContentFile(text_pdf("Dự thảo", V2), name="v2.pdf"), "Sửa", None)
    delegate = delegate_user(draft.term, "daibieu")
    client.force_login(delegate)
    response = client.get(
        reverse("library:version_download", args=[draft.slug, 1]), REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    log = DownloadLog.objects.get()
    assert (log.user, log.version.number, log.ip_address) == (delegate, 1, "10.0.0.7")
    assert ReadReceipt.objects.get(user=delegate, document=draft).count == 1


def test_delegate_of_other_term_cannot_download_draft(client, draft):
    other = TermFactory(number=15, start_date="2016-06-01")
    client.force_login(delegate_user(other, "daibieu15"))
    for url in (
        reverse("library:document", args=[draft.slug]),
        reverse("library:download", args=[draft.slug]),
        reverse("library:version_download", args=[draft.slug, 1]),
    ):
        assert client.get(url).status_code == 403
    assert not DownloadLog.objects.exists()


def test_anonymous_gets_404_for_draft(client, draft):
    assert client.get(reverse("library:download", args=[draft.slug])).status_code == 404


def test_compare_page_shows_the_diff(client, draft):
    add_version(draft, ContentFile(text_pdf("Dự thảo", V2), name="v2.pdf"), "Sửa", None)
    client.force_login(secretariat_user())
    response = client.get(reverse("library:compare", args=[draft.slug, 1, 2]))
    assert response.status_code == 200
    assert "70 triệu" in response.content.decode()


def test_public_download_is_not_audited_but_counts_receipt(client):
    document = ArchiveDocumentFactory(number="15/2024/NQ-HĐND")
    user = UserFactory(username="ai-do")
    client.force_login(user)
    response = client.get(reverse("library:download", args=[document.slug]))
    assert response.status_code == 200
    assert not DownloadLog.objects.exists()
    assert ReadReceipt.objects.filter(user=user).exists()


def test_document_page_shows_metadata_and_versions(client):
    document = ArchiveDocumentFactory(
        number="15/2024/NQ-HĐND", title="Nghị quyết về phát triển du lịch", signer="Vũ Xuân Cường"
    )
    response = client.get(f"/van-ban/{document.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "15/2024/NQ-HĐND" in html and "Vũ Xuân Cường" in html
    assert "Tải phiên bản 1" in html


def test_secretariat_uploads_a_new_version_in_the_admin(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clerk = secretariat_user()
    clerk.user_permissions.add(*Permission.objects.filter(codename="change_archivedocument"))
    client.force_login(clerk)
    url = f"/quan-tri/van-ban/{draft.pk}/phien-ban-moi/"
    bad = SimpleUploadedFile("x.pdf", b"not a pdf")
    response = client.post(url, {"file": bad, "change_note": "Sửa"})
    assert "không phải tài liệu được nhận" in response.content.decode()  # ingest.filecheck
    good = SimpleUploadedFile("v2.pdf", text_pdf("Dự thảo", V2))
    response = client.post(url, {"file": good, "change_note": "Tiếp thu ý kiến thẩm tra"})
    assert response.status_code == 302
    assert draft.versions.get(number=2).change_note == "Tiếp thu ý kiến thẩm tra"
    assert "Thêm phiên bản mới" in client.get(f"/van-ban/{draft.slug}/").content.decode()


def test_archive_list_shows_only_visible_documents(client, draft):
    ArchiveDocumentFactory(number="15/2026/NQ-HĐND", title="Nghị quyết về du lịch cộng đồng")
    html = client.get("/van-ban/?nam=2026").content.decode()
    assert "du lịch cộng đồng" in html and draft.title not in html
    client.force_login(delegate_user(draft.term, "daibieu"))
    html = client.get("/van-ban/").content.decode()
    assert draft.title in html
    bad = client.get("/van-ban/?nam=abc&loai=zzz").content.decode()
    assert "Năm phải là số" in bad and "Loại văn bản không hợp lệ" in bad
