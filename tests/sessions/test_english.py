"""The proceedings in English: every page of the sessions app with the interface translated and
the content (titles, names, agenda, votes) kept in Vietnamese and marked `lang="vi"`."""

import datetime

import pytest
from django.utils import timezone

from library.access import Level
from sessions.models import Ballot, Interpellation, Petition, Vote, VoteChoice
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    delegate_user,
    secretariat_user,
)
from tests.i18n import assert_english, untranslated, use_english

from .builders import add_general, add_item, document, make_session, session_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    term = TermFactory()
    start = timezone.localdate() + datetime.timedelta(days=10)
    page = make_session(term, number=12, start=start)
    public = document(
        "Báo cáo tình hình kinh tế – xã hội năm 2026",
        number="210/BC-UBND",
        issued_on=datetime.date(2026, 11, 20),
    )
    draft = document("Dự thảo Nghị quyết về giá đất năm 2027", level=Level.DELEGATES, term=term)
    add_item(page, "1", "Báo cáo kinh tế – xã hội", [public])
    add_item(page, "2", "Các dự thảo nghị quyết", [])
    item = add_item(page, "2.1", "Nghị quyết về giá đất", [draft])
    item.presenter = "Ủy ban nhân dân tỉnh"
    item.scheduled_on = start
    item.save()
    add_general(
        page,
        document(
            "Thông báo triệu tập kỳ họp", number="07/TB-HĐND", issued_on=datetime.date(2026, 11, 25)
        ),
    )
    council = BodyFactory(term=term)
    voter = MembershipFactory(body=council, person=PersonFactory(full_name="Trần Thị Hòa")).person
    ballot = Ballot.objects.create(
        session=page,
        subject="Thông qua Nghị quyết về giá đất",
        resolution=public,
        held_at=datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC),
        result=Ballot.Result.ADOPTED,
    )
    Vote.objects.create(ballot=ballot, person=voter, choice=VoteChoice.FOR)
    Interpellation.objects.create(
        session=page,
        asker=voter,
        respondent="Giám đốc Sở Giáo dục và Đào tạo",
        respondent_title="Sở Giáo dục và Đào tạo tỉnh",
        question="Vì sao các trường vùng cao còn thiếu giáo viên?",
        answer_summary="Tỉnh tuyển thêm 215 giáo viên trong năm học tới.",
    )
    Petition.objects.create(
        session=page,
        meeting="Tiếp xúc cử tri tại xã Y Tý",
        meeting_date=datetime.date(2026, 10, 5),
        topic="Y tế",
        content="Đề nghị tăng cường bác sĩ cho trạm y tế xã.",
        responsible_agency="Sở Y tế",
        answer="Sở Y tế luân phiên bác sĩ về trạm y tế xã.",
    )
    return {"term": term, "page": page, "public": public, "draft": draft}


def english(client, url):
    response = use_english(client).get(url)
    assert_english(response)
    return response.content.decode()


def test_proceedings_index_in_english(client, world):
    html = english(client, "/ky-hop/")
    assert "Session calendar (iCal)" in html
    assert 'lang="vi">Kỳ họp HĐND tỉnh khóa XVI</a>' in html


def test_sessions_list_in_english(client, world):
    html = english(client, "/ky-hop/khoa-xvi/")
    assert "RSS of newly published documents" in html
    assert "Upcoming" in html and "Regular session" in html
    assert 'lang="vi">Kỳ họp thứ 12</a>' in html


def test_empty_sessions_list_in_english(client):
    index = session_index(TermFactory(number=15, start_date=datetime.date(2016, 6, 1)))
    html = english(client, index.url)
    assert "No sessions yet." in html


def test_session_page_anonymous_in_english(client, world):
    html = english(client, world["page"].url)
    for text in (
        "Session agenda",
        "General documents",
        "1 document not yet public.",
        "Delegates: please sign in to see the session materials.",
        "Vote results",
        "In favour",
        "Questioning and answers",
        "Voters' petitions",
        "Venue:",
    ):
        assert text in html, text
    assert "Dự thảo Nghị quyết về giá đất" not in html
    # Content stays Vietnamese, marked as such.
    assert '<h1 id="session-title" lang="vi">Kỳ họp thứ 12</h1>' in html
    assert '<span lang="vi">Trần Thị Hòa</span>' in html
    assert "10/12/2026" in html  # day first in English too


def test_session_page_delegate_in_english(client, world):
    client.force_login(delegate_user(world["term"], "daibieu"))
    html = english(client, world["page"].url)
    assert "Dự thảo Nghị quyết về giá đất năm 2027" in html
    assert "My sessions" in html and "Download" in html


def test_session_page_without_agenda_in_english(client):
    page = make_session(TermFactory(), number=13)
    html = english(client, page.url)
    assert "The session agenda has not been published yet." in html


def test_portal_in_english(client, world):
    client.force_login(delegate_user(world["term"], "daibieu"))
    html = english(client, "/ky-hop-cua-toi/")
    assert "My sessions" in html
    assert "This is the first time you have opened this session." in html
    assert "You may view 3 documents." in html
    html = english(client, "/ky-hop-cua-toi/")
    assert "Last viewed:" in html and "0 new documents" in html


def test_portal_empty_states_in_english(client, world):
    client.force_login(UserFactory(username="khach"))
    html = english(client, "/ky-hop-cua-toi/")
    assert "is not that of a delegate" in html
    client.force_login(delegate_user(TermFactory(number=15), "daibieu.cu"))
    html = english(client, "/ky-hop-cua-toi/")
    assert "There is no upcoming or ongoing session at the moment." in html


def test_read_receipts_in_english(client, world):
    client.get(world["page"].url)
    client.force_login(secretariat_user())
    html = english(client, f"{world['page'].url}da-doc/")
    assert "Delegates who opened the documents" in html


def test_feeds_and_calendar_in_english(client, world):
    use_english(client)
    rss = client.get("/van-ban/rss.xml").content.decode()
    assert "Newly published documents – Provincial People's Council" in rss
    assert "<language>en</language>" in rss
    assert "no. 210/BC-UBND, issued on 20/11/2026" in rss
    feed = client.get(f"{world['page'].url}rss.xml").content.decode()
    assert "Kỳ họp thứ 12 – public documents" in feed
    ical = client.get("/ky-hop/lich.ics").content.decode()
    assert "Provincial People's Council session calendar" in ical
    assert "Regular session" in ical


def test_vietnamese_stays_the_default(client, world):
    html = client.get(world["page"].url).content.decode()
    assert '<html lang="vi"' in html
    assert "Chương trình kỳ họp" in html and "Kết quả biểu quyết" in html
    rss = client.get("/van-ban/rss.xml").content.decode()
    assert "Văn bản mới công bố – HĐND tỉnh" in rss and "<language>vi</language>" in rss
    assert "số 210/BC-UBND, ban hành ngày 20/11/2026" in rss
    # The English check would catch a Vietnamese interface string.
    assert untranslated('<html lang="en"><p>Chương trình</p></html>') == ["Chương trình"]


def test_api_errors_in_english(client, world, settings):
    use_english(client)
    response = client.get("/api/v1/ky-hop/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such session (or it has not been published)."}
    response = client.get("/api/v1/bieu-quyet/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such vote, or you may not view it."
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get("/api/v1/ky-hop/999999")
    assert response.json()["detail"] == "Không có kỳ họp này (hoặc kỳ họp chưa được công bố)."
