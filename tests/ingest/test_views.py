"""Files kept beside a version are served through the access core."""

import pytest
from django.urls import reverse

from ingest.importer import import_batch
from ingest.models import OcrJob
from ingest.ocr import OcrResult, _store_result
from library.models import DocumentVersion
from tests.factories import TermFactory, UserFactory, secretariat_user

from . import batches, hostile

pytestmark = pytest.mark.django_db


def imported(level="Công khai", data=None):
    row = batches.row(1, **{"Mức truy cập": level})
    report = import_batch(batches.make_zip([row], {"nq-1.pdf": data or hostile.scan_doc()}))
    assert report.ok, report.as_text()
    return DocumentVersion.objects.get()


def with_ocr_copy(version):
    job, _ = OcrJob.objects.get_or_create(version=version)
    _store_result(version, job, OcrResult(hostile.text_doc("Bản OCR"), ["Bản OCR"], "pdfa-2"))


def url(name, version):
    return reverse(name, kwargs={"slug": version.document.slug, "number": version.number})


def test_ocr_copy_of_a_public_document_is_served_to_everyone(client):
    version = imported()
    with_ocr_copy(version)
    response = client.get(url("ingest:ocr_copy", version))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_ocr_copy_of_a_delegates_document_is_refused_to_the_public(client):
    TermFactory()
    version = imported(level="Đại biểu")
    with_ocr_copy(version)
    assert client.get(url("ingest:ocr_copy", version)).status_code == 404
    client.force_login(UserFactory(username="nguoidoc"))
    assert client.get(url("ingest:ocr_copy", version)).status_code == 403


def test_original_before_cleaning_is_for_the_secretariat_only(client):
    dirty = hostile.active_pdf()
    version = imported(data=dirty)
    target = url("ingest:original_upload", version)
    assert client.get(target).status_code == 404
    client.force_login(UserFactory(username="nguoidoc"))
    assert client.get(target).status_code == 404
    client.force_login(secretariat_user())
    response = client.get(target)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == dirty
