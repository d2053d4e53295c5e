"""OCR of scans: a searchable PDF/A copy beside the untouched original, text fed to search."""

import io

import pikepdf
import pytest
from django.core.management import call_command

from ingest import ocr
from ingest.importer import import_batch
from ingest.models import DerivedFile, OcrJob
from library.models import DocumentVersion
from search.engine import search
from search.models import PageText

from . import batches, hostile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCAN_TEXT = "Hội đồng nhân dân tỉnh quyết nghị phê duyệt kế hoạch đầu tư công trung hạn."


def import_scan(django_capture_on_commit_callbacks, dpi=150):
    from core.pdfgen import scanned_pdf

    scan = scanned_pdf("Nghị quyết về đầu tư công", [SCAN_TEXT], dpi=dpi)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": scan}))
    assert report.ok
    return DocumentVersion.objects.get(), scan


def test_scan_is_ocred_into_a_pdfa_copy_and_becomes_searchable(
    settings, anonymous, django_capture_on_commit_callbacks
):
    settings.INGEST_AUTO_OCR = True
    version, scan = import_scan(django_capture_on_commit_callbacks)
    version.refresh_from_db()
    assert version.text_status == "ocr_done"
    assert "phê duyệt" in version.text
    with version.file.open("rb") as handle:
        assert handle.read() == scan  # the original is untouched
    copy = DerivedFile.objects.get(version=version, kind="ocr")
    with copy.file.open("rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "2B"
    job = OcrJob.objects.get(version=version)
    assert job.status == "done" and job.attempts == 1 and job.output_type == "pdfa-2"
    page = PageText.objects.get(version=version)
    assert page.page_number == 1 and "ke hoach" in page.folded_text
    results = search("phe duyet ke hoach dau tu", anonymous)
    assert results.total == 1
    # Idempotent: a second run changes nothing.
    assert ocr.run_ocr(version.pk) == "skipped"
    assert DerivedFile.objects.filter(version=version).count() == 1


def test_worker_stopped_mid_ocr_leaves_no_half_written_copy_and_is_queued_again(
    settings, anonymous, monkeypatch, django_capture_on_commit_callbacks
):
    version, _scan = import_scan(django_capture_on_commit_callbacks)
    real = ocr.ocr_pdf

    def killed(data, **kwargs):
        real(data, **kwargs)  # the OCR itself ran, then the worker died before storing
        raise KeyboardInterrupt

    monkeypatch.setattr(ocr, "ocr_pdf", killed)
    with pytest.raises(KeyboardInterrupt):
        ocr.run_ocr(version.pk)
    job = OcrJob.objects.get(version=version)
    assert job.status == "running"
    assert not DerivedFile.objects.filter(version=version).exists()
    version.refresh_from_db()
    assert version.text_status == "needs_ocr"
    # Still found by its metadata.
    assert search("giao thong nong thon", anonymous).total == 1
    monkeypatch.setattr(ocr, "ocr_pdf", real)
    call_command("ocr_pending", "--stale-minutes", "0", "--now")
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    assert search("phe duyet ke hoach", anonymous).total == 1


def test_failed_ocr_is_recorded_and_can_be_rerun(settings, django_capture_on_commit_callbacks):
    version, _scan = import_scan(django_capture_on_commit_callbacks)
    settings.INGEST_OCR_LANGUAGE = "khongco"
    assert ocr.run_ocr(version.pk) == "failed"
    job = OcrJob.objects.get(version=version)
    assert job.status == "failed" and job.error
    settings.INGEST_OCR_LANGUAGE = "vie"
    assert ocr.run_ocr(version.pk) == "done"


def test_text_pdf_is_not_queued_for_ocr():
    import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": hostile.text_doc()}))
    assert not OcrJob.objects.exists()
