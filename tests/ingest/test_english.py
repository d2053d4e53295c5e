"""The intake screens in English: batch import with its report and file-check errors that say
what to fix, the OCR list, the signature badge; document data left in Vietnamese."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ingest.filecheck import check_upload
from ingest.importer import import_batch
from ingest.manifest import parse_kind
from ingest.models import OcrJob
from library.models import DocumentVersion
from tests.factories import secretariat_user
from tests.i18n import assert_english, use_english

from . import batches, hostile, signing

pytestmark = pytest.mark.django_db


def upload(client, data, dry_run=False):
    payload = {"file": SimpleUploadedFile("lo-thang-7.zip", data, "application/zip")}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("ingest_import"), payload)


@pytest.fixture
def clerk_en(client):
    use_english(client).force_login(secretariat_user())
    return client


def test_import_page_in_english(clerk_en):
    response = clerk_en.get(reverse("ingest_import"))
    assert_english(response)
    html = response.content.decode()
    assert "Import a document batch" in html and "Document batch (ZIP file)" in html
    assert "Check only, do not save" in html and "Check and import" in html


def test_missing_file_error_in_english(clerk_en):
    response = clerk_en.post(reverse("ingest_import"), {})
    assert_english(response)
    assert "Choose the ZIP file of the document batch." in response.content.decode()


def test_valid_batch_report_in_english(clerk_en):
    response = upload(clerk_en, batches.make_zip([batches.row(1), batches.row(2)]), dry_run=True)
    assert_english(response)
    html = response.content.decode()
    assert 'Batch “<span lang="vi">lo-thang-7.zip</span>” is valid – not saved (check only)' in html
    assert "Expected: 2 added · 0 updated · 0 skipped" in html
    assert '<td lang="vi">Nghị quyết số 1 về phát triển giao thông nông thôn</td>' in html


def test_refused_batch_with_file_check_errors_in_english(clerk_en):
    rows = [batches.row(1), batches.row(2, **{"Ngày ban hành": "2025/13/45"})]
    files = {"nq-1.pdf": hostile.png_bytes(), "nq-2.pdf": hostile.text_doc()}
    response = upload(clerk_en, batches.make_zip(rows, files))
    assert_english(response)
    html = response.content.decode()
    assert "has 2 errors – nothing was saved" in html
    assert "Error and how to fix it" in html and "Issue date" in html
    assert "The content of the file “nq-1.pdf” is a PNG image, not an accepted document" in html
    assert "The date “2025/13/45” is not valid. Write day/month/year" in html


def test_encrypted_and_damaged_pdfs_are_refused_in_english(clerk_en):
    rows = [batches.row(1), batches.row(2)]
    files = {"nq-1.pdf": hostile.encrypted_pdf(), "nq-2.pdf": hostile.truncated_pdf()}
    response = upload(clerk_en, batches.make_zip(rows, files))
    assert_english(response)
    html = response.content.decode()
    assert "The PDF file “nq-1.pdf” is password-protected or encrypted" in html
    assert "The PDF file “nq-2.pdf” is damaged or incomplete" in html


def test_file_check_errors_follow_the_interface_language():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_upload(b"", "empty.pdf")
    assert refused.value.messages == [
        "The file “empty.pdf” is empty (0 bytes). Export the file from the system again and "
        "upload it again."
    ]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        check_upload(b"", "empty.pdf")
    assert refused.value.messages[0].startswith("Tệp “empty.pdf” rỗng (0 byte).")


def test_recent_batches_listed_in_english(clerk_en, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(clerk_en, batches.make_zip([batches.row(1)]))
    assert_english(response)
    assert "is valid – being saved in the background" in response.content.decode()
    response = clerk_en.get(reverse("ingest_import"))
    assert_english(response)
    html = response.content.decode()
    assert "Recently imported batches" in html and "Imported" in html


def test_manifest_in_vietnamese_is_read_under_an_english_interface():
    with translation.override("en"):
        assert parse_kind("Nghị quyết") == "nq"
        assert parse_kind("Resolution") == "nq"
        report = import_batch(batches.make_zip([batches.row(1)]), dry_run=True)
    assert report.ok, report.as_text()


def test_ocr_page_in_english(clerk_en):
    import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": hostile.scan_doc()}))
    version = DocumentVersion.objects.get()
    response = clerk_en.get(reverse("ingest_ocr"))
    assert_english(response)
    html = response.content.decode()
    assert "Text recognition of scans (OCR)" in html and "Waiting for recognition" in html
    assert '<span lang="vi">1/2025/NQ-HĐND</span>' in html
    OcrJob.objects.filter(version=version).update(status="failed", error="tesseract lỗi")
    response = clerk_en.get(reverse("ingest_ocr") + "?trang_thai=loi")
    assert_english(response)
    assert "Recognition failed" in response.content.decode()
    response = clerk_en.post(reverse("ingest_ocr_rerun", args=[version.pk]), follow=True)
    assert_english(response)
    assert "queued again" in response.content.decode()


def test_empty_ocr_page_in_english(clerk_en):
    response = clerk_en.get(reverse("ingest_ocr"))
    assert_english(response)
    assert "No scans." in response.content.decode()


def test_signature_badge_in_english(client, settings, tmp_path, django_capture_on_commit_callbacks):
    authority = signing.make_authority()
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "root.pem").write_bytes(authority.root_pem())
    settings.INGEST_SIGNATURE_TRUST_ROOTS = [str(trust)]
    signed = signing.sign_pdf(hostile.text_doc("Nghị quyết đã ký số"), authority)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": signed}))
    assert report.ok, report.as_text()
    document = DocumentVersion.objects.get().document
    response = use_english(client).get(f"/van-ban/{document.slug}/")
    assert_english(response)
    html = response.content.decode()
    assert "Valid digital signature" in html and "Download the digitally signed original" in html
    assert '<strong lang="vi">Nguyễn Văn An</strong>' in html


def test_intake_pages_stay_vietnamese_by_default(client):
    client.force_login(secretariat_user())
    html = client.get(reverse("ingest_import")).content.decode()
    assert "Lô văn bản (tệp ZIP)" in html and "Kiểm tra và nhập" in html
