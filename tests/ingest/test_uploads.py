"""The single-file upload path and office files converted to PDF in the worker."""

import pytest
from django.core.exceptions import ValidationError

from ingest.models import DerivedFile
from ingest.services import check_and_add_version
from ingest.tasks import convert_version_to_pdf
from tests.factories import ArchiveDocumentFactory

from . import hostile

pytestmark = pytest.mark.django_db


def test_single_upload_is_checked_cleaned_and_its_original_kept():
    document = ArchiveDocumentFactory()
    version = check_and_add_version(document, hostile.active_pdf(), "../../bản sửa.pdf", "Sửa")
    assert version.original_name == "bản sửa.pdf"
    assert DerivedFile.objects.get(version=version, kind="original").note.startswith("Đã gỡ")


def test_single_upload_of_a_hostile_file_is_refused_and_writes_nothing(settings):
    from pathlib import Path

    document = ArchiveDocumentFactory()
    before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    with pytest.raises(ValidationError, match="ảnh PNG"):
        check_and_add_version(document, hostile.png_bytes(), "nghi-quyet.pdf")
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == before


@pytest.mark.slow
def test_docx_is_converted_to_pdf_by_libreoffice_in_the_worker():
    document = ArchiveDocumentFactory(file=None, number="")
    version = check_and_add_version(document, hostile.docx_bytes(), "to-trinh.docx")
    assert convert_version_to_pdf.enqueue(version.pk).return_value == "done"
    pdf = DerivedFile.objects.get(version=version, kind="pdf")
    with pdf.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_conversion_timeout_is_reported(settings):
    from ingest.convert import ConversionError, office_to_pdf

    with pytest.raises(ConversionError, match="longer than"):
        office_to_pdf(hostile.docx_bytes(), "docx", timeout=0.01)


def test_a_zip_based_file_that_is_not_office_is_not_sent_to_libreoffice():
    from ingest.models import DerivedFile as Derived
    from library.models import DocumentVersion

    document = ArchiveDocumentFactory(file=None, number="")
    version = check_and_add_version(document, hostile.docx_bytes(), "to-trinh.docx")
    # What the library records for any ZIP-based file: the DOCX type. The content decides.
    with version.file.open("wb") as handle:
        handle.write(hostile.epub_bytes())
    DocumentVersion.objects.filter(pk=version.pk).update(content_type=version.content_type)
    assert convert_version_to_pdf.enqueue(version.pk).return_value == "not-office"
    assert not Derived.objects.filter(version=version, kind="pdf").exists()
