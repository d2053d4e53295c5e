"""The audit log of non-public downloads: administrators read it in the admin; nobody edits it."""

import pytest
from django.urls import NoReverseMatch, reverse

from library.access import Level
from library.models import DownloadLog
from tests.factories import (
    ArchiveDocumentFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_download(client):
    term = TermFactory()
    draft = ArchiveDocumentFactory(
        number="", title="Dự thảo biên chế", access_level=Level.DELEGATES, term=term
    )
    client.force_login(delegate_user(term, "daibieu"))
    client.get(reverse("library:download", args=[draft.slug]), HTTP_USER_AGENT="Điện thoại")
    client.logout()
    return DownloadLog.objects.get()


def test_administrator_sees_the_log(client, logged_download):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/quan-tri/nhat-ky-tai/")
    assert response.status_code == 200
    assert "daibieu" in response.content.decode()
    assert "Dự thảo biên chế" in response.content.decode()
    assert logged_download.user_agent == "Điện thoại"


def test_log_cannot_be_added_or_edited(client, logged_download):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for name, args in (("download_log:add", []), ("download_log:edit", [logged_download.pk])):
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"document": logged_download.document_id}).status_code in (302, 403)
    assert DownloadLog.objects.count() == 1


def test_clerk_without_audit_permission_is_refused(client, logged_download):
    client.force_login(secretariat_user())
    assert client.get("/quan-tri/nhat-ky-tai/").status_code in (302, 403)


def test_log_survives_deletion_of_the_document(logged_download):
    document = logged_download.document
    document.versions.all().delete()
    document.delete()
    logged_download.refresh_from_db()
    assert logged_download.document is None
    assert "Dự thảo biên chế" in logged_download.document_label
    assert logged_download.username == "daibieu"
