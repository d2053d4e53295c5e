"""Bad input in the secretariat's document form: clear Vietnamese errors, nothing saved."""

import datetime

import pytest
from django.utils import timezone

from library.access import Level
from library.models import ArchiveDocument
from tests.factories import ArchiveDocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))


@pytest.fixture
def document():
    return ArchiveDocumentFactory(
        number="15/2026/NQ-HĐND",
        title="Nghị quyết về du lịch",
        issued_on=datetime.date(2026, 7, 17),
    )


def post_edit(client, document, **changes):
    from wagtail.models import Collection

    data = {
        "title": document.title,
        "collection": Collection.get_first_root_node().pk,
        "number": document.number,
        "kind": document.kind,
        "issuing_body": "",
        "signer": "",
        "issued_on": document.issued_on.isoformat() if document.issued_on else "",
        "effective_on": "",
        "access_level": document.access_level,
        "release_at": "",
        "public_at": "",
        "term": "",
        "tags": "",
    }
    data.update(changes)
    return client.post(f"/quan-tri/documents/edit/{document.pk}/", data)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "NQ/HĐND/15"}, "không đúng dạng"),
        ({"number": "15/2025/NQ-HĐND"}, "khác năm"),
        ({"release_at": "2020-01-01 08:00"}, "đã qua"),
        ({"release_at": "mai lúc tám giờ"}, "hợp lệ"),
        (
            {"access_level": Level.PUBLIC, "public_at": "2027-01-01 08:00"},
            "Chỉ tài liệu mức Đại biểu",
        ),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_error(client, admin, document, changes, message):
    before = ArchiveDocument.objects.values().get(pk=document.pk)
    response = post_edit(client, document, **changes)
    html = response.content.decode()
    assert response.status_code == 200  # the form again, not a redirect
    assert message in html
    assert "error" in html
    after = ArchiveDocument.objects.values().get(pk=document.pk)
    after.pop("updated_at"), before.pop("updated_at")
    assert after == before


def test_duplicate_number_in_same_year_is_refused(client, admin, document):
    other = ArchiveDocumentFactory(number="16/2026/NQ-HĐND", issued_on=datetime.date(2026, 7, 17))
    response = post_edit(client, other, number="15/2026/nq-hđnd", title=other.title)
    assert "đã được dùng cho một văn bản khác trong năm 2026" in response.content.decode()
    other.refresh_from_db()
    assert other.number == "16/2026/NQ-HĐND"


def test_good_edit_saves(client, admin, document):
    future = (timezone.localtime() + datetime.timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    response = post_edit(client, document, release_at=future)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.release_at is not None
