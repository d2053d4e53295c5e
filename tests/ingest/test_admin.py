"""The secretariat's ingest screens: batch upload with its report, OCR status and re-run."""

import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest.importer import import_batch
from ingest.models import OcrJob
from library.models import ArchiveDocument, DocumentVersion
from tests.factories import TermFactory, UserFactory, secretariat_user
from tests.sessions.builders import make_session

from . import batches, hostile

pytestmark = pytest.mark.django_db


def upload(client, data, dry_run=False):
    payload = {"file": SimpleUploadedFile("lo-thang-7.zip", data, "application/zip")}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("ingest_import"), payload)


def test_secretariat_imports_a_batch_from_the_admin(
    client, settings, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from ingest.models import ImportBatch

    client.force_login(secretariat_user())
    response = client.get(reverse("ingest_import"))
    assert response.status_code == 200 and "Lô văn bản (tệp ZIP)" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, batches.make_zip([batches.row(1), batches.row(2)]))
    assert response.status_code == 200
    assert "hợp lệ – đang ghi trong nền" in response.text and "thêm mới 2" in response.text
    assert ArchiveDocument.objects.count() == 2
    batch = ImportBatch.objects.get()
    assert batch.status == "done" and batch.added == 2 and not batch.pending_file
    assert not list(Path(settings.MEDIA_ROOT).glob("ingest/pending/*"))
    listing = client.get(reverse("ingest_import")).text
    assert "Các lô đã nhập gần đây" in listing and "Đã nhập" in listing


def test_batch_that_became_invalid_before_the_worker_wrote_it_is_refused_whole(client):
    from ingest.importer import write_queued
    from ingest.models import ImportBatch

    session = make_session(term=TermFactory(), number=12)
    client.force_login(secretariat_user())
    rows = [batches.row(1), batches.row(2, **{"Kỳ họp": "12/XVI"})]
    upload(client, batches.make_zip(rows))
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and not ArchiveDocument.objects.exists()
    session.delete()  # meanwhile the session was removed
    assert write_queued(batch.pk) == "refused"
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không có kỳ họp thứ 12" in str(batch.report["errors"])
    assert not ArchiveDocument.objects.exists() and not batch.pending_file
    assert write_queued(batch.pk) == "nothing"


def test_dry_run_writes_nothing_and_errors_are_listed(client):
    client.force_login(secretariat_user())
    response = upload(client, batches.make_zip([batches.row(1)]), dry_run=True)
    assert "chưa ghi" in response.text and not ArchiveDocument.objects.exists()
    bad = batches.make_zip([batches.row(1, **{"Ngày ban hành": "2025/13/45"})])
    response = upload(client, bad)
    assert "1 lỗi – không ghi gì" in response.text and "Ngày ban hành" in response.text


def test_confidential_file_uploaded_from_the_admin_leaves_no_trace(
    client, settings, tmp_path, monkeypatch
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1  # force Django's temporary upload file
    settings.FILE_UPLOAD_TEMP_DIR = str(scratch)
    client.force_login(secretariat_user())
    row = batches.row(1, **{"Mức truy cập": "Mật", "Tệp": "mat.pdf"})
    response = upload(client, batches.make_zip([row], {"mat.pdf": hostile.text_doc("Mật")}))
    assert "Văn bản mật" in response.text
    assert list(scratch.iterdir()) == []
    assert not ArchiveDocument.objects.exists()


def test_people_outside_the_secretariat_cannot_import(client):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert upload(client, batches.make_zip([batches.row(1)])).status_code in (302, 403)
    assert not ArchiveDocument.objects.exists()
    assert client.get(reverse("ingest_ocr")).status_code in (302, 403)


def test_ocr_status_is_listed_and_can_be_rerun(client, django_capture_on_commit_callbacks):
    import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": hostile.scan_doc()}))
    version = DocumentVersion.objects.get()
    client.force_login(secretariat_user())
    response = client.get(reverse("ingest_ocr"))
    assert "Đang chờ nhận dạng" in response.text and "1/2025/NQ-HĐND" in response.text
    OcrJob.objects.filter(version=version).update(status="failed", error="tesseract lỗi")
    assert "tesseract lỗi" in client.get(reverse("ingest_ocr") + "?trang_thai=loi").text
    response = client.post(reverse("ingest_ocr_rerun", args=[version.pk]))
    assert response.status_code == 302
    job = OcrJob.objects.get(version=version)
    assert job.status == "queued" and job.requested_by is not None
