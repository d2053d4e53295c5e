"""Saved searches: e-mail alerts of new matching public documents, a signed unsubscribe link."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from library.access import Level
from search import alerts
from search.models import SavedSearch
from search.tasks import send_saved_search_alerts
from tests.factories import UserFactory, in_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return UserFactory(username="nguoidoc", email="nguoidoc@example.vn")


def test_alert_sends_only_new_public_matches_once(make_document, reader):
    make_document("Nghị quyết thủy lợi cũ", ["x"])
    saved = alerts.save_search(reader, query="thuy loi", filters={})
    assert isinstance(saved, SavedSearch)
    assert alerts.send_all_alerts() == 0  # what matched when saved is not news
    make_document("Nghị quyết thủy lợi mới", ["x"], number="7/2025/NQ-HĐND",
                  issued_on=None)  # fmt: skip
    make_document("Dự thảo thủy lợi cho đại biểu", ["x"], access_level=Level.DELEGATES)
    make_document("Điện lực", ["x"])
    assert alerts.send_all_alerts() == 1
    (message,) = mail.outbox
    assert message.to == ["nguoidoc@example.vn"]
    assert "Nghị quyết thủy lợi mới" in message.body
    assert "7/2025/NQ-HĐND" in message.body
    assert "Dự thảo" not in message.body and "Điện lực" not in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert alerts.send_all_alerts() == 0
    assert len(mail.outbox) == 1


def test_embargoed_document_is_announced_after_release(make_document, reader):
    alerts.save_search(reader, query="thuy loi", filters={})
    make_document("Nghị quyết thủy lợi sắp phát hành", ["x"], release_at=in_minutes(30))
    assert alerts.send_all_alerts() == 0
    assert alerts.send_all_alerts(now=in_minutes(31)) == 1
    assert "sắp phát hành" in mail.outbox[0].body


def test_unsubscribe_link_turns_alerts_off(client, make_document, reader):
    saved = alerts.save_search(reader, query="thuy loi", filters={})
    make_document("Nghị quyết thủy lợi", ["x"])
    call_command("send_search_alerts")
    link = re.search(r"http://testserver(/tim-kiem/huy-nhan-thu/[^\s]+/)", mail.outbox[0].body)
    assert client.get(link.group(1)).status_code == 200
    assert client.post(link.group(1)).status_code == 200
    saved.refresh_from_db()
    assert saved.email_alerts is False
    assert client.get("/tim-kiem/huy-nhan-thu/khong-hop-le/").status_code == 404


def test_periodic_task_is_registered_and_runs(make_document, reader):
    from core.worker import periodic_jobs

    assert "search.send_saved_search_alerts" in periodic_jobs()
    alerts.save_search(reader, query="thuy loi", filters={})
    make_document("Nghị quyết thủy lợi", ["x"])
    result = send_saved_search_alerts.enqueue()
    assert result.return_value == 1


def test_saving_needs_words_or_filters_and_an_email(reader):
    assert isinstance(alerts.save_search(reader, query="  ", filters={}), str)
    nomail = UserFactory(username="khongthu", email="")
    assert isinstance(alerts.save_search(nomail, query="thuy loi", filters={}), str)


def test_saved_searches_page_lists_and_deletes(client, reader):
    alerts.save_search(reader, query="thuy loi", filters={"year": "2024"})
    client.force_login(reader)
    html = client.get("/tim-kiem/da-luu/").content.decode()
    assert "thuy loi" in html and "year=2024" in html
    saved = SavedSearch.objects.get()
    client.post(f"/tim-kiem/da-luu/{saved.pk}/xoa/")
    assert not SavedSearch.objects.exists()


def test_saved_searches_page_needs_sign_in(client):
    response = client.get("/tim-kiem/da-luu/")
    assert response.status_code == 302
