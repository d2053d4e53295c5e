"""Public directory and profile: filters, diacritic-free search, constant queries, dates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegates.models import Body, Membership, Person
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db


def test_delegates_index_redirects_to_the_current_term(demo, client):
    response = client.get("/dai-bieu/")
    assert response.status_code == 302
    assert response["Location"] == "/dai-bieu/khoa-xvi/"


def test_directory_lists_all_55_delegates_of_term_xvi(demo, client):
    response = client.get("/dai-bieu/khoa-xvi/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 55
    html = response.content.decode()
    assert "Nguyễn Văn An" in html and "Giàng Seo Chứ" in html
    assert "Phan Văn Lợi" not in html  # term XV only


def test_directory_of_an_ended_term_shows_its_own_delegates(demo, client):
    response = client.get("/dai-bieu/khoa-xv/")
    names = {row.person.full_name for row in response.context["rows"]}
    assert "Phan Văn Lợi" in names and "Trần Quang Vinh" in names
    assert "Lý Thị Vinh" not in names


@pytest.mark.parametrize("query", ["nguyen van an", "Nguyễn Văn An", "NGUYEN VĂN an", "van an"])
def test_name_search_works_with_or_without_diacritics(demo, client, query):
    response = client.get("/dai-bieu/khoa-xvi/", {"q": query})
    names = [row.person.full_name for row in response.context["rows"]]
    assert names == ["Nguyễn Văn An"]


def test_search_with_no_match_says_so(demo, client):
    response = client.get("/dai-bieu/khoa-xvi/", {"q": "khong co ai"})
    assert response.context["rows"] == []
    assert "Không có đại biểu nào khớp" in response.content.decode()


def test_filters_by_committee_group_constituency_gender_and_ethnicity(demo, client):
    term = demo.objects["term16"]
    committee = term.bodies.get(name="Ban Dân tộc")
    group = term.bodies.get(name="Tổ đại biểu Si Ma Cai")
    unit = term.constituencies.get(number=7)

    def names(**params):
        response = client.get("/dai-bieu/khoa-xvi/", params)
        assert response.status_code == 200
        return {row.person.full_name for row in response.context["rows"]}

    in_committee = names(committee=committee.pk)
    assert "Chảo Văn Lâm" in in_committee and "Nguyễn Văn An" not in in_committee
    assert names(group=group.pk) == {"Thào Seo Sử", "Giàng Thị Mỷ", "Lê Minh Tuấn"}
    assert names(constituency=unit.pk) == {"Thào Seo Sử", "Giàng Thị Mỷ", "Lê Minh Tuấn"}
    women = names(gender="female")
    assert women and all(p.gender == "female" for p in Person.objects.filter(full_name__in=women))
    assert names(ethnicity="Giáy") == {"Lồ Thị Thủy", "Vương Thị Hà"}
    assert names(ethnicity="Giáy", gender="male") == set()


def test_bad_filter_values_are_ignored_not_a_server_error(demo, client):
    response = client.get("/dai-bieu/khoa-xvi/", {"committee": "abc", "gender": "x"})
    assert response.status_code == 200


def test_unknown_term_is_404(client, db):
    assert client.get("/dai-bieu/khoa-xcix/").status_code == 404


def _term_with_delegates(count):
    term = TermFactory()
    council = BodyFactory(term=term)
    committee = BodyFactory(term=term, kind=Body.Kind.COMMITTEE, name="Ban Pháp chế")
    group = BodyFactory(term=term, kind=Body.Kind.GROUP, name="Tổ đại biểu Bát Xát")
    for _ in range(count):
        person = PersonFactory(ethnicity="Dao", gender="female")
        MembershipFactory(person=person, body=council)
        MembershipFactory(person=person, body=committee, role=Membership.Role.MEMBER)
        MembershipFactory(person=person, body=group, role=Membership.Role.MEMBER)
    return term, council, committee, group


def test_directory_runs_a_constant_number_of_queries(client, db, django_assert_num_queries):
    term, council, committee, group = _term_with_delegates(2)
    client.get("/dai-bieu/khoa-xvi/")  # warm up the site and settings caches
    with CaptureQueriesContext(connection) as few:
        response = client.get("/dai-bieu/khoa-xvi/")
    baseline = len(few)  # read now: the next request clears Django's query log
    assert baseline > 3 and len(response.context["rows"]) == 2
    for _ in range(40):
        person = PersonFactory()
        MembershipFactory(person=person, body=council)
        MembershipFactory(person=person, body=committee, role=Membership.Role.HEAD)
        MembershipFactory(person=person, body=group)
    with django_assert_num_queries(baseline):
        response = client.get("/dai-bieu/khoa-xvi/")
    assert len(response.context["rows"]) == 42
    with django_assert_num_queries(baseline):
        client.get("/dai-bieu/khoa-xvi/", {"q": "nguyen", "committee": committee.pk})


def test_profile_shows_terms_served_and_posts_with_dates(demo, client):
    person = Person.objects.get(full_name="Lê Thị Thu Hương")
    response = client.get(f"/dai-bieu/{person.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khóa XVI" in html and "Khóa XV" in html
    assert "Phó Chủ tịch HĐND tỉnh" in html and "Chủ tịch HĐND tỉnh" in html
    assert "25/06/2021" in html and "12/10/2023" in html and "13/10/2023" in html


def test_profile_photo_uses_responsive_renditions(demo, client):
    person = Person.objects.filter(photo__isnull=False).first()
    html = client.get(f"/dai-bieu/{person.slug}/").content.decode()
    assert "<picture" in html and "srcset=" in html and "image/webp" in html


def test_profile_without_photo_renders(demo, client):
    person = Person.objects.filter(photo__isnull=True, memberships__isnull=False).first()
    assert client.get(f"/dai-bieu/{person.slug}/").status_code == 200


def test_a_record_without_council_seat_has_no_public_profile(client, db):
    person = PersonFactory()
    assert client.get(f"/dai-bieu/{person.slug}/").status_code == 404


def test_public_pages_may_be_cached_by_proxies(demo, client):
    response = client.get("/dai-bieu/khoa-xvi/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_delegate_who_left_mid_term_is_marked(client, db):
    term = TermFactory()
    council = BodyFactory(term=term)
    person = PersonFactory(full_name="Hoàng Văn Nghỉ")
    MembershipFactory(person=person, body=council, end_date=datetime.date(2022, 3, 1))
    html = client.get("/dai-bieu/khoa-xvi/").content.decode()
    assert "Thôi làm nhiệm vụ đại biểu từ 01/03/2022" in html


def test_profile_lists_visible_interpellations_and_votes_only(client, db):
    from library.access import Level
    from sessions.models import Ballot, Interpellation, Vote
    from tests.sessions.builders import make_session

    term = TermFactory()
    person = PersonFactory(full_name="Hầu Seo Páo")
    MembershipFactory(person=person, body=BodyFactory(term=term))
    session = make_session(term, start=datetime.date(2024, 7, 10))
    Interpellation.objects.create(
        session=session, asker=person, respondent="Giám đốc Sở Y tế",
        question="Vì sao trạm y tế xã chưa có bác sĩ?", access_level=Level.PUBLIC,
    )  # fmt: skip
    Interpellation.objects.create(
        session=session, asker=person, respondent="Giám đốc Sở Nội vụ",
        question="Câu hỏi về nhân sự chưa công bố", access_level=Level.RESTRICTED,
    )  # fmt: skip
    from django.utils import timezone

    public = Ballot.objects.create(
        session=session, subject="Nghị quyết về giá dịch vụ y tế", held_at=timezone.now(),
        access_level=Level.PUBLIC,
    )  # fmt: skip
    hidden = Ballot.objects.create(
        session=session, subject="Biểu quyết nhân sự kín", held_at=timezone.now(),
        access_level=Level.DELEGATES,
    )  # fmt: skip
    Vote.objects.create(ballot=public, person=person, choice="for")
    Vote.objects.create(ballot=hidden, person=person, choice="against")
    html = client.get(f"/dai-bieu/{person.slug}/").content.decode()
    assert "Vì sao trạm y tế xã chưa có bác sĩ?" in html
    assert "Nghị quyết về giá dịch vụ y tế" in html and "Tán thành" in html
    assert "Câu hỏi về nhân sự chưa công bố" not in html
    assert "Biểu quyết nhân sự kín" not in html


def _photo(name):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    out = io.BytesIO()
    PILImage.new("RGB", (300, 400), "#7a0f12").save(out, format="JPEG")
    image = get_image_model()(title=name, file=ImageFile(out, name=f"{name}.jpg"))
    image.save()
    return image


def test_directory_with_photos_runs_a_constant_number_of_queries(
    client, db, django_assert_num_queries
):
    term, council, committee, group = _term_with_delegates(0)
    for n in range(3):
        MembershipFactory(person=PersonFactory(photo=_photo(f"a{n}")), body=council)
    client.get("/dai-bieu/khoa-xvi/")  # renders the renditions once
    with CaptureQueriesContext(connection) as few:
        html = client.get("/dai-bieu/khoa-xvi/").content.decode()
    baseline = len(few)  # read now: the next request clears Django's query log
    assert html.count("srcset=") == 3
    for n in range(25):
        MembershipFactory(person=PersonFactory(photo=_photo(f"b{n}")), body=council)
    client.get("/dai-bieu/khoa-xvi/")
    with django_assert_num_queries(baseline):
        html = client.get("/dai-bieu/khoa-xvi/").content.decode()
    assert html.count("srcset=") == 28
