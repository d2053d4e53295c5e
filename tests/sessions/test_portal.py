"""The delegate portal "Kỳ họp của tôi" and the secretariat's read receipts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.pdfgen import text_pdf
from library.access import Level
from library.services import add_version
from sessions.models import PortalVisit
from tests.factories import TermFactory, UserFactory, delegate_user, secretariat_user

from .builders import add_item, document, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    term = TermFactory()
    today = timezone.localdate()
    upcoming = make_session(term, number=12, start=today + datetime.timedelta(days=10))
    past = make_session(term, number=11, start=today - datetime.timedelta(days=100))
    report = document("Báo cáo kinh tế – xã hội năm 2026", level=Level.DELEGATES, term=term)
    draft = document("Dự thảo nghị quyết ngân sách 2027", level=Level.DELEGATES, term=term)
    add_item(upcoming, "1", "Kinh tế – xã hội", [report])
    add_item(upcoming, "2", "Ngân sách", [draft])
    add_item(past, "1", "Cũ", [document("Tài liệu kỳ trước", level=Level.PUBLIC)])
    return {"term": term, "upcoming": upcoming, "past": past, "report": report, "draft": draft}


def test_anonymous_is_sent_to_login(client):
    response = client.get("/ky-hop-cua-toi/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_delegate_sees_upcoming_session_documents_in_agenda_order(client, setup):
    client.force_login(delegate_user(setup["term"], "daibieu"))
    html = client.get("/ky-hop-cua-toi/").content.decode()
    assert html.index("Báo cáo kinh tế") < html.index("Dự thảo nghị quyết ngân sách")
    assert "Tài liệu kỳ trước" not in html
    assert reverse("library:download", args=[setup["draft"].slug]) in html


def test_new_and_changed_since_last_visit(client, setup):
    user = delegate_user(setup["term"], "daibieu")
    client.force_login(user)
    client.get("/ky-hop-cua-toi/")
    PortalVisit.objects.update(last_seen_at=timezone.now())
    add_version(
        setup["draft"], ContentFile(text_pdf("Dự thảo", ["Sửa lần 2."]), name="v2.pdf"), "Sửa", None
    )
    fresh = document("Báo cáo thẩm tra ngân sách", level=Level.DELEGATES, term=setup["term"])
    add_item(setup["upcoming"], "3", "Thẩm tra", [fresh])
    html = client.get("/ky-hop-cua-toi/").content.decode()
    assert "1 tài liệu mới" in html
    assert "1 tài liệu có phiên bản mới" in html
    assert "Có phiên bản mới" in html and ">Mới<" in html


def test_delegate_of_other_term_sees_no_materials(client, setup):
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
    client.force_login(delegate_user(other, "daibieu15"))
    html = client.get("/ky-hop-cua-toi/").content.decode()
    assert "Dự thảo nghị quyết ngân sách" not in html
    assert "không phải đại biểu" in html or "chưa có kỳ họp" in html.lower()


def test_secretariat_sees_read_receipts(client, setup):
    delegate = delegate_user(setup["term"], "daibieu")
    client.force_login(delegate)
    client.get(reverse("library:download", args=[setup["draft"].slug]))
    client.force_login(secretariat_user())
    page = setup["upcoming"]
    response = client.get(f"/ky-hop/{page.term.slug}/{page.slug}/da-doc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert delegate.person.full_name in html
    assert "1/2" in html


def test_delegate_cannot_see_read_receipts(client, setup):
    client.force_login(delegate_user(setup["term"], "daibieu"))
    page = setup["upcoming"]
    assert client.get(f"/ky-hop/{page.term.slug}/{page.slug}/da-doc/").status_code == 403
    client.force_login(UserFactory(username="ai"))
    assert client.get(f"/ky-hop/{page.term.slug}/{page.slug}/da-doc/").status_code == 403
