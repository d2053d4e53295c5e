"""The session page: agenda in order with nested items, every document the reader may see,
others as "tài liệu chưa công khai", and a constant number of queries however many documents."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.test.utils import CaptureQueriesContext
from factory.django import mute_signals

from library.access import Level
from sessions.models import SessionPage
from tests.factories import TermFactory, UserFactory, delegate_user, in_minutes, secretariat_user

from .builders import add_general, add_item, document, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    term = TermFactory()
    page = make_session(term, number=12)
    draft = document("Dự thảo Nghị quyết về giá đất năm 2027", level=Level.DELEGATES, term=term)
    public = document(
        "Báo cáo tình hình kinh tế – xã hội năm 2026",
        number="210/BC-UBND",
        issued_on=datetime.date(2026, 11, 20),
    )
    reader = UserFactory(username="nguoidoc")
    restricted = document("Tờ trình về công tác cán bộ", level=Level.RESTRICTED)
    restricted.readers.add(reader)
    item = add_item(page, "1", "Báo cáo kinh tế – xã hội", [public])
    add_item(page, "2", "Các dự thảo nghị quyết", [])
    add_item(page, "2.1", "Nghị quyết về giá đất", [draft])
    add_item(page, "3", "Công tác cán bộ", [restricted])
    add_general(
        page,
        document(
            "Thông báo triệu tập kỳ họp", number="07/TB-HĐND", issued_on=datetime.date(2026, 11, 25)
        ),
    )
    return {
        "page": page,
        "term": term,
        "draft": draft,
        "public": public,
        "restricted": restricted,
        "reader": reader,
        "item": item,
    }


def test_url_is_readable(client, session):
    assert session["page"].url == "/ky-hop/khoa-xvi/ky-hop-thu-12/"
    assert client.get("/ky-hop/khoa-xvi/").status_code == 200


def test_anonymous_sees_public_documents_and_placeholders(client, session):
    html = client.get(session["page"].url).content.decode()
    assert "Báo cáo tình hình kinh tế" in html and "210/BC-UBND" in html
    assert "Thông báo triệu tập" in html
    assert "giá đất năm 2027" not in html
    assert "công tác cán bộ" not in html.lower().replace("công tác cán bộ</strong>", "")
    assert html.count("Tài liệu chưa công khai") == 2
    assert "2.1." in html


def test_delegate_of_term_sees_drafts(client, session):
    client.force_login(delegate_user(session["term"], "daibieu"))
    html = client.get(session["page"].url).content.decode()
    assert "Dự thảo Nghị quyết về giá đất năm 2027" in html
    assert "Tờ trình về công tác cán bộ" not in html


def test_named_reader_sees_restricted(client, session):
    client.force_login(session["reader"])
    html = client.get(session["page"].url).content.decode()
    assert "Tờ trình về công tác cán bộ" in html
    assert "giá đất năm 2027" not in html


def test_embargoed_document_appears_at_release_without_a_job(client, session):
    embargoed = document("Nghị quyết về ngân sách năm 2027", release_at=in_minutes(60))
    add_item(session["page"], "4", "Ngân sách", [embargoed])
    assert "ngân sách năm 2027" not in client.get(session["page"].url).content.decode()
    type(embargoed).objects.filter(pk=embargoed.pk).update(release_at=in_minutes(-1))
    assert "ngân sách năm 2027" in client.get(session["page"].url).content.decode()


def test_duplicate_session_number_in_term_is_refused(session):
    from django.core.exceptions import ValidationError

    index = session["page"].get_parent()
    duplicate = SessionPage(
        title="Trùng số",
        number=12,
        kind="regular",
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 2),
    )
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=duplicate)
    assert "đã có kỳ họp thứ 12" in str(error.value)
    assert SessionPage.objects.filter(number=12).count() == 1


def test_end_before_start_is_refused(session):
    from django.core.exceptions import ValidationError

    index = session["page"].get_parent()
    page = SessionPage(
        title="Sai ngày",
        number=13,
        kind="thematic",
        start_date=datetime.date(2026, 12, 5),
        end_date=datetime.date(2026, 12, 2),
    )
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=page)
    assert "Ngày bế mạc" in str(error.value)


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_session_page_with_200_documents_uses_constant_queries():
    """For each kind of reader, 200 documents cost the same queries as 10 (one world for all:
    the 200 documents are the slow part)."""
    from django.test import Client

    term = TermFactory()
    page = make_session(term, number=7)
    reader = UserFactory(username="reader")
    users = {
        "anonymous": None,
        "delegate": delegate_user(term, "daibieu"),
        "reader": reader,
        "secretariat": secretariat_user(),
    }
    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        if user:
            clients[who].force_login(user)
    levels = [Level.PUBLIC, Level.DELEGATES, Level.RESTRICTED]

    def add_documents(start, count):
        # Only the page's queries are measured: the search index, notices and packet rebuilds
        # that saving a document sets off are not needed here (and cost most of the time).
        with mute_signals(pre_save, post_save, m2m_changed):
            _add_documents(start, count)

    def _add_documents(start, count):
        for n in range(start, start + count):
            level = levels[n % 3]
            doc = document(
                f"Tài liệu số {n}",
                number=f"{n + 1}/2026/NQ-HĐND",
                level=level,
                term=term,
                file=None,
            )
            if level == Level.RESTRICTED:
                doc.readers.add(reader)
            add_item(page, f"{n // 10 + 1}.{n % 10 + 1}", f"Mục {n}", [doc])

    add_item(page, "1", "Mục lớn")
    add_documents(0, 10)
    small = {}
    for who, client in clients.items():
        _count_queries(client, page.url)  # warm caches (site root, permissions)
        small[who] = _count_queries(client, page.url)
    add_documents(10, 190)
    for who, client in clients.items():
        large = _count_queries(client, page.url)
        assert large == small[who], who
        assert large <= 40, who  # most are Wagtail routing; the agenda itself takes a handful
