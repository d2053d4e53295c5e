"""Document files are served only through the checked view, and a refusal leaks nothing."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from library.access import Level
from library.models import ArchiveDocument
from tests.factories import (
    ArchiveDocumentFactory,
    TermFactory,
    delegate_user,
    in_minutes,
    secretariat_user,
)

pytestmark = pytest.mark.django_db


def file_url(doc):
    return reverse("wagtaildocs_serve", args=[doc.pk, doc.filename])


def test_public_document_is_served_to_anyone(client):
    doc = ArchiveDocumentFactory(access_level=Level.PUBLIC)
    response = client.get(file_url(doc))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_draft_is_404_to_the_public_and_403_to_a_delegate_of_another_term(client):
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=term.start_date.replace(year=2016))
    doc = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term, title="CANARY-draft")
    assert client.get(file_url(doc)).status_code == 404
    client.force_login(delegate_user(other, "d15"))
    response = client.get(file_url(doc))
    assert response.status_code == 403
    assert b"CANARY" not in response.content
    client.force_login(delegate_user(term, "d16"))
    assert client.get(file_url(doc)).status_code == 200


def test_embargoed_file_is_hidden_until_release_but_not_from_the_secretariat(client):
    doc = ArchiveDocumentFactory(access_level=Level.PUBLIC, release_at=in_minutes(60))
    assert client.get(file_url(doc)).status_code == 404
    client.force_login(secretariat_user())
    assert client.get(file_url(doc)).status_code == 200


def test_nonpublic_file_is_never_cached_by_a_shared_cache(client):
    term = TermFactory()
    doc = ArchiveDocumentFactory(access_level=Level.DELEGATES, term=term)
    client.force_login(delegate_user(term))
    response = client.get(file_url(doc))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_secret_record_has_no_file_to_serve(client):
    doc = ArchiveDocument.objects.create(title="Hồ sơ mật", access_level=Level.SECRET)
    client.force_login(secretariat_user())
    response = client.get(f"/tai-lieu/{doc.pk}/x.pdf")
    assert response.status_code == 404


def test_bad_document_ids_are_404_not_500(client):
    for url in ["/tai-lieu/999999/x.pdf", "/tai-lieu/abc/x.pdf", "/tai-lieu/-1/x.pdf"]:
        assert client.get(url).status_code == 404


def test_uploaded_file_name_never_becomes_a_path():
    doc = ArchiveDocumentFactory()
    doc.file.save("../../../etc/passwd.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    assert ".." not in doc.file.name
    assert doc.file.name.startswith("documents/")
    assert "passwd" not in doc.file.name


def test_public_file_may_be_cached_but_not_when_signed_in(client):
    doc = ArchiveDocumentFactory(access_level=Level.PUBLIC)
    response = client.get(file_url(doc))
    assert response["Cache-Control"] == "public, max-age=3600"
    client.force_login(delegate_user())
    response = client.get(file_url(doc))
    assert response["Cache-Control"] == "private, no-store"
