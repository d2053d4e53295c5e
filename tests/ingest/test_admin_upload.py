"""Wagtail's own document upload goes through the hostile-file check too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from ingest.models import DerivedFile
from library.models import ArchiveDocument
from tests.factories import UserFactory

from . import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def post_document(client, data, name):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Nghị quyết tải lên",
            "file": SimpleUploadedFile(name, data, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
            "kind": "nq",
            "access_level": "public",
        },
    )


def test_png_renamed_pdf_is_refused_by_the_wagtail_form(admin_client):
    response = post_document(admin_client, hostile.png_bytes(), "nghi-quyet.pdf")
    assert response.status_code == 200
    assert "ảnh PNG" in response.text
    assert not ArchiveDocument.objects.exists()


def test_active_pdf_uploaded_in_wagtail_is_cleaned_and_its_original_kept(admin_client):
    dirty = hostile.active_pdf()
    response = post_document(admin_client, dirty, "co-ma.pdf")
    assert response.status_code == 302, response.text[:2000]
    document = ArchiveDocument.objects.get()
    with document.file.open("rb") as handle:
        assert b"app.alert" not in handle.read()
    version = document.versions.get()
    original = DerivedFile.objects.get(version=version, kind="original")
    with original.file.open("rb") as handle:
        assert handle.read() == dirty
