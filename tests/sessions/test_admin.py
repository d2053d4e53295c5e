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


def test_publishing_in_the_editor_keeps_nested_agenda_documents(client, admin):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from sessions.models import AgendaItem, AgendaItemDocument

    page = make_session(TermFactory(), number=12)
    first, second = document("Tờ trình ngân sách"), document("Báo cáo thẩm tra ngân sách")
    data = nested_form_data(
        {
            "title": "Kỳ họp thứ 12",
            "slug": "ky-hop-thu-12",
            "number": 12,
            "kind": "regular",
            "status": "planned",
            "start_date": "2026-12-08",
            "end_date": "2026-12-10",
            "venue": "Hội trường HĐND tỉnh",
            "summary": rich_text(""),
            "agenda_items": inline_formset(
                [
                    {
                        "code": "2",
                        "title": "Ngân sách",
                        "presenter": "",
                        "scheduled_on": "",
                        "note": "",
                        "documents": inline_formset([]),
                    },
                    {
                        "code": "2.1",
                        "title": "Dự toán năm 2027",
                        "presenter": "Sở Tài chính",
                        "scheduled_on": "",
                        "note": "",
                        "documents": inline_formset(
                            [{"document": first.pk}, {"document": second.pk}]
                        ),
                    },
                ]
            ),
            "session_documents": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/quan-tri/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.get(session=page, code="2.1")
    assert list(
        AgendaItemDocument.objects.filter(item=item)
        .order_by("sort_order")
        .values_list("document", flat=True)
    ) == [first.pk, second.pk]
    html = client.get(page.url).content.decode()
    assert html.index("Tờ trình ngân sách") < html.index("Báo cáo thẩm tra ngân sách")
