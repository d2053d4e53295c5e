"""The secretariat's admin: the session editor with its nested agenda, vote import by CSV."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions.models import Ballot, Vote
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, TermFactory, UserFactory

from .builders import add_item, document, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_session_editor_shows_nested_agenda(client, admin):
    page = make_session(TermFactory(), number=12)
    add_item(page, "1", "Báo cáo kinh tế – xã hội", [document("Báo cáo năm 2026")])
    page.save_revision().publish()
    response = client.get(f"/quan-tri/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Báo cáo kinh tế – xã hội" in response.content.decode()


def test_vote_import_in_admin_all_or_nothing(client, admin):
    term = TermFactory()
    page = make_session(term, number=12, start=datetime.date(2026, 12, 8))
    council = BodyFactory(term=term)
    MembershipFactory(body=council, person=PersonFactory(key="A1"))
    ballot = Ballot.objects.create(
        session=page,
        subject="Thông qua nghị quyết",
        result="adopted",
        held_at=datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC),
    )
    bad = SimpleUploadedFile(
        "p.csv", "ma_dai_bieu,ho_ten,lua_chon\nA1,A,tán thành\nZZ,Z,tán thành\n".encode()
    )
    response = client.post("/quan-tri/bieu-quyet/nhap-csv/", {"ballot": ballot.pk, "file": bad})
    assert response.status_code == 200
    assert "Dòng 3" in response.content.decode()
    assert not Vote.objects.exists()
    good = SimpleUploadedFile("p.csv", "ma_dai_bieu,ho_ten,lua_chon\nA1,A,tán thành\n".encode())
    response = client.post("/quan-tri/bieu-quyet/nhap-csv/", {"ballot": ballot.pk, "file": good})
    assert response.status_code == 302
    assert Vote.objects.get().choice == "for"
