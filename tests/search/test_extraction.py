"""Text extraction: per page, the better of pypdf and pdftotext, scans marked for OCR."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from core.pdfgen import scanned_pdf, text_pdf
from library.models import DocumentVersion
from library.services import add_version
from search import extraction
from search.indexing import extract_version, store_pages
from search.models import PageText, SearchEntry

pytestmark = pytest.mark.django_db

BODY = (
    "Hội đồng nhân dân tỉnh Lào Cai quyết nghị đầu tư Đường giao thông nông thôn, "
    "ưu tiên các huyện Bắc Hà, Mường Khương; Ủy ban nhân dân tỉnh tổ chức thực hiện."
)


def test_pypdf_reads_vietnamese_as_correctly_as_pdftotext():
    data = text_pdf("Nghị quyết thử", [BODY, "Trang hai: kiến nghị cử tri."])
    with_pypdf = extraction._clean_pages(extraction.pypdf_pages(data))
    with_poppler = extraction._clean_pages(extraction.pdftotext_pages(data))
    assert len(with_pypdf) == len(with_poppler) == 2
    for pages in (with_pypdf, with_poppler):
        joined = " ".join(pages[0].split())
        assert "Đường giao thông nông thôn" in joined
        assert "Mường Khương" in joined
        assert extraction.text_quality(pages) > extraction.GOOD_ENOUGH
    result = extraction.extract_pdf(data)
    assert result.method == "pypdf"
    assert result.status == extraction.EXTRACTED


def test_quality_score_rejects_mojibake_and_broken_glyphs():
    good = ["Nghị quyết về Đường giao thông nông thôn tỉnh Lào Cai"]
    mojibake = [good[0].encode("utf-8").decode("latin-1")]
    cids = ["(cid:12)(cid:44) (cid:7) \ufffd\ufffd giao"]
    assert extraction.text_quality(good) > extraction.GOOD_ENOUGH
    assert extraction.text_quality(mojibake) < extraction.GOOD_ENOUGH
    assert extraction.text_quality(cids) < 0.5


def test_falls_back_to_pdftotext_when_pypdf_text_is_unreadable(monkeypatch):
    data = text_pdf("Nghị quyết", [BODY])
    monkeypatch.setattr(extraction, "pypdf_pages", lambda data: ["\ufffd\ufffd (cid:3)"])
    result = extraction.extract_pdf(data)
    assert result.method == "pdftotext"
    assert "Lào Cai" in result.pages[0]


def test_scan_without_text_layer_needs_ocr():
    result = extraction.extract_pdf(scanned_pdf("Bản quét", [BODY, BODY]))
    assert result.status == extraction.NEEDS_OCR


def test_broken_file_is_marked_failed():
    result = extraction.extract_bytes(b"%PDF-1.4 broken", "x.pdf")
    assert result.status == extraction.FAILED


def test_upload_stores_text_per_page(make_document):
    document = make_document(pages=[BODY, "Trang hai nói về ngân sách.", "Trang ba."])
    pages = PageText.objects.filter(document=document)
    assert list(pages.values_list("page_number", flat=True)) == [1, 2, 3]
    assert "ngan sach" in pages.get(page_number=2).folded_text
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert entry.text_status == "extracted"
    assert "duong giao thong" in entry.body_terms


def test_scanned_upload_is_marked_needs_ocr(make_document, settings):
    settings.INGEST_AUTO_OCR = False  # leave the OCR queued: this is the state before it runs
    document = make_document(title="Biên bản quét", pages=[BODY], scanned=True)
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert entry.text_status == "needs_ocr"


def test_version_upload_extracts_and_marks_the_version(
    make_document, django_capture_on_commit_callbacks
):
    document = make_document(pages=["Dự thảo lần một về thủy lợi."])
    data = text_pdf(document.title, ["Dự thảo lần hai về điện lực nông thôn."])
    with django_capture_on_commit_callbacks(execute=True):
        version = add_version(document, ContentFile(data, name="v2.pdf"), "Sửa lần hai")
    version.refresh_from_db()
    assert version.text_status == "extracted"
    assert version.page_count == 1
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert entry.text_version_id == version.pk
    assert "dien luc" in entry.body_terms
    assert "thuy loi" not in entry.body_terms


def test_scanned_version_is_marked_needs_ocr(
    make_document, django_capture_on_commit_callbacks, settings
):
    settings.INGEST_AUTO_OCR = False
    document = make_document()
    with django_capture_on_commit_callbacks(execute=True):
        version = add_version(document, ContentFile(scanned_pdf("Quét", [BODY]), name="scan.pdf"))
    version.refresh_from_db()
    assert version.text_status == "needs_ocr"


def test_reindex_command_rebuilds_entries_and_drops_stale_ones(make_document, capsys):
    document = make_document(pages=[BODY])
    SearchEntry.objects.all().delete()
    PageText.objects.all().delete()
    call_command("reindex", "--extract")
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert "lao cai" in entry.body_terms
    assert PageText.objects.filter(document=document).count() == 1
    document.delete()
    assert not SearchEntry.objects.filter(object_id=document.pk, source="document").exists()


def test_late_extraction_never_overwrites_ocr_text(make_document, settings):
    settings.INGEST_AUTO_OCR = False
    document = make_document(title="Bản quét", pages=[BODY], scanned=True)
    version = document.versions.get()
    store_pages(document.pk, version.pk, extraction.Extraction(["Văn bản nhận dạng kè đá."]))
    DocumentVersion.objects.filter(pk=version.pk).update(text_status="ocr_done")
    extract_version(DocumentVersion.objects.get(pk=version.pk))
    assert PageText.objects.get(version=version).text == "Văn bản nhận dạng kè đá."
    entry = SearchEntry.objects.get(object_id=document.pk, source="document")
    assert entry.text_status == "extracted"
    assert "ke da" in entry.body_terms
