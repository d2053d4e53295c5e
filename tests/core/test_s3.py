"""Private S3 storage against moto's server: the bucket is private, files go through the view."""

import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from library.access import Level
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user
from tests.s3 import BUCKET

pytestmark = pytest.mark.django_db


def file_url(doc):
    return reverse("wagtaildocs_serve", args=[doc.pk, doc.filename])


def test_file_is_stored_in_the_private_bucket_and_not_reachable_unsigned(s3_storage):
    doc = ArchiveDocumentFactory(access_level=Level.PUBLIC)
    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert doc.file.name in keys
    acl = s3_storage.get_object_acl(Bucket=BUCKET, Key=doc.file.name)
    assert not any("AllUsers" in str(grant.get("Grantee", {})) for grant in acl["Grants"])
    url = default_storage.url(doc.file.name)
    assert "Signature" in url or "X-Amz-Signature" in url


def test_same_name_never_overwrites_an_existing_object(s3_storage):
    first = default_storage.save("documents/a.pdf", ContentFile(b"%PDF-1 first"))
    second = default_storage.save("documents/a.pdf", ContentFile(b"%PDF-1 second"))
    assert first != second
    assert default_storage.open(first).read() == b"%PDF-1 first"


def test_serving_view_streams_from_s3_after_the_access_check(client, s3_storage):
    term = TermFactory()
    doc = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    assert client.get(file_url(doc)).status_code == 404
    client.force_login(delegate_user(term))
    response = client.get(file_url(doc))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_presigned_redirect_only_after_the_access_check(client, s3_storage, settings):
    settings.COUNCIL_S3_REDIRECT = True
    term = TermFactory()
    doc = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    assert client.get(file_url(doc)).status_code == 404
    client.force_login(delegate_user(term))
    response = client.get(file_url(doc))
    assert response.status_code == 302
    location = response["Location"]
    assert "X-Amz-Signature" in location or "Signature" in location
    assert "Expires" in location or "X-Amz-Expires" in location
    with urllib.request.urlopen(location, timeout=10) as signed:
        assert signed.read().startswith(b"%PDF")
    unsigned = location.split("?")[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned, timeout=10)


def test_migrate_media_to_s3_copies_with_checksums_and_can_be_rerun(settings, tmp_path, s3_storage):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    local_root = tmp_path / "local-media"
    settings.MEDIA_ROOT = str(local_root)
    docs = [ArchiveDocumentFactory(access_level=Level.PUBLIC) for _ in range(3)]
    assert FileSystemStorage(location=local_root).exists(docs[0].file.name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "library.storage.PrivateS3Storage"},
    }
    out = StringIO()
    call_command("migrate_media_to_s3", source=str(local_root), stdout=out)
    assert "Đã chép 3" in out.getvalue()
    for doc in docs:
        assert default_storage.exists(doc.file.name)
    out = StringIO()
    call_command("migrate_media_to_s3", source=str(local_root), stdout=out)
    assert "Đã chép 0, bỏ qua 3" in out.getvalue()
    FileSystemStorage(location=local_root).delete(docs[0].file.name)
    s3_storage.delete_object(Bucket=BUCKET, Key=docs[0].file.name)
    with pytest.raises(CommandError):
        call_command("migrate_media_to_s3", source=str(local_root), stdout=StringIO())


def test_migrate_media_to_s3_refuses_without_s3():
    with pytest.raises(CommandError, match="S3"):
        call_command("migrate_media_to_s3", stdout=StringIO())
