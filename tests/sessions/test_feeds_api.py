"""Feeds, calendars and the open-data API: only what the caller may see; feeds only public,
released items; the bulk export is the public archive."""

import datetime
import json

import feedparser
import icalendar
import pytest

from library.access import Level
from sessions.models import Ballot, Interpellation, Petition, Vote
from sessions.services import import_votes_csv
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    TermFactory,
    delegate_user,
    in_minutes,
)

from .builders import add_item, document, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    term = TermFactory()
    page = make_session(term, number=12)
    public = document("Nghị quyết về phát triển du lịch", number="15/2026/NQ-HĐND")
    draft = document("Dự thảo nghị quyết giá đất", level=Level.DELEGATES, term=term)
    embargoed = document(
        "Báo cáo giám sát nhà ở",
        number="120/BC-HĐND",
        issued_on=datetime.date(2026, 11, 27),
        release_at=in_minutes(60),
    )
    add_item(page, "1", "Du lịch", [public])
    add_item(page, "2", "Giá đất", [draft, embargoed])
    return {"term": term, "page": page, "public": public, "draft": draft, "embargoed": embargoed}


def test_documents_feed_lists_only_public_released(client, world):
    for url in ("/van-ban/rss.xml", "/van-ban/atom.xml"):
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        titles = [entry.title for entry in feed.entries]
        assert any("15/2026/NQ-HĐND" in t for t in titles)
        assert not any("giá đất" in t or "giám sát" in t for t in titles)


def test_session_feed_is_public_even_for_a_delegate(client, world):
    client.force_login(delegate_user(world["term"], "daibieu"))
    page = world["page"]
    response = client.get(f"/ky-hop/{page.term.slug}/{page.slug}/rss.xml")
    body = response.content.decode()
    assert "phát triển du lịch" in body
    assert "giá đất" not in body and "giám sát" not in body


def test_calendar_has_the_session(client, world):
    response = client.get("/ky-hop/lich.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert events[0]["dtstart"].dt == datetime.date(2026, 12, 8)
    assert events[0]["dtend"].dt == datetime.date(2026, 12, 11)
    assert "Kỳ họp thứ 12" in str(events[0]["summary"])


def test_api_session_shows_what_the_caller_may_see(client, world):
    url = f"/api/v1/ky-hop/{world['page'].pk}"
    anonymous = client.get(url).json()
    titles = [d["title"] for item in anonymous["agenda"] for d in item["documents"]]
    assert titles == ["Nghị quyết về phát triển du lịch"]
    assert anonymous["hidden_documents"] == 2
    client.force_login(delegate_user(world["term"], "daibieu"))
    delegate = client.get(url).json()
    titles = [d["title"] for item in delegate["agenda"] for d in item["documents"]]
    assert "Dự thảo nghị quyết giá đất" in titles
    assert "Báo cáo giám sát nhà ở" not in titles


def test_api_document_list_is_paginated_and_filtered(client, world):
    data = client.get("/api/v1/van-ban").json()
    assert data["count"] == 1
    assert data["items"][0]["slug"] == "15-2026-nq-hdnd"
    assert client.get(f"/api/v1/van-ban/{world['draft'].slug}").status_code == 404
    assert client.get("/api/v1/van-ban?number=15/2026/nq-hdnd").json()["count"] == 1


def test_bulk_export_is_the_public_archive(client, world):
    response = client.get("/api/v1/van-ban/xuat-du-lieu.jsonl")
    lines = b"".join(response.streaming_content).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["number"] for r in rows] == ["15/2026/NQ-HĐND"]


def test_embargoed_item_enters_feed_and_api_at_release_time(client, world):
    type(world["embargoed"]).objects.filter(pk=world["embargoed"].pk).update(
        release_at=in_minutes(-1)
    )
    assert "giám sát nhà ở" in client.get("/van-ban/rss.xml").content.decode()
    assert client.get("/api/v1/van-ban").json()["count"] == 2


@pytest.fixture
def ballot(world):
    council = BodyFactory(term=world["term"])
    people = [
        MembershipFactory(body=council, person=PersonFactory(key=f"K{n}")).person for n in range(3)
    ]
    b = Ballot.objects.create(
        session=world["page"],
        subject="Thông qua Nghị quyết",
        resolution=world["public"],
        held_at=datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC),
        result="adopted",
    )
    return b, people


def test_vote_csv_import_and_totals(client, ballot):
    b, people = ballot
    csv = "ma_dai_bieu,ho_ten,lua_chon\nK0,A,Tán thành\nK1,B,không tán thành\nK2,C,vắng mặt\n"
    totals = import_votes_csv(b, csv.encode())
    assert totals == {"for": 1, "against": 1, "abstain": 0, "absent": 1}
    data = client.get(f"/api/v1/bieu-quyet/{b.pk}").json()
    assert data["totals"]["for"] == 1 and len(data["votes"]) == 3
    html = client.get(f"/van-ban/{b.resolution.slug}/").content.decode()
    assert "Kết quả biểu quyết" in html and people[0].full_name in html


def test_vote_for_person_not_in_term_saves_nothing(ballot):
    from django.core.exceptions import ValidationError

    b, people = ballot
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
    MembershipFactory(
        body=BodyFactory(term=other), person=PersonFactory(key="XV1", full_name="Người khóa cũ")
    )
    csv = "ma_dai_bieu,ho_ten,lua_chon\nK0,A,tán thành\nXV1,Người khóa cũ,tán thành\nK1,B,có\n"
    with pytest.raises(ValidationError) as error:
        import_votes_csv(b, csv)
    messages = error.value.messages
    assert any("Dòng 3" in m and "không phải đại biểu HĐND khóa XVI" in m for m in messages)
    assert any("Dòng 4" in m and "không hợp lệ" in m for m in messages)
    assert not Vote.objects.exists()


def test_interpellations_and_petitions_in_api(client, world):
    asker = PersonFactory(full_name="Lê Thị Hồng")
    q = Interpellation.objects.create(
        session=world["page"],
        asker=asker,
        respondent="Giám đốc Sở Giáo dục",
        question="Thiếu giáo viên?",
        answer_summary="Tuyển thêm 215 giáo viên.",
    )
    q.documents.set([world["public"], world["draft"]])
    Petition.objects.create(
        session=world["page"], meeting="Tiếp xúc cử tri tại Y Tý", topic="Y tế", content="Bác sĩ"
    )
    rows = client.get(f"/api/v1/ky-hop/{world['page'].pk}/chat-van").json()["items"]
    assert rows[0]["documents"] == ["15-2026-nq-hdnd"]
    assert client.get(f"/api/v1/ky-hop/{world['page'].pk}/kien-nghi").json()["count"] == 1


def test_openapi_schema_lists_the_proceedings_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/ky-hop",
        "/api/v1/ky-hop/{session_id}",
        "/api/v1/van-ban",
        "/api/v1/bieu-quyet/{ballot_id}",
    ):
        assert path in schema["paths"]
