"""Private record fields (phone, e-mail, home address, ID number, notes) appear on no public
surface: directory, profiles, API, Popolo and CSV exports, search index, sitemap."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps.views import sitemap
from django.test import RequestFactory

from delegates.models import Person
from delegates.sitemaps import sitemaps
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def private_values():
    values = []
    for person in Person.objects.all():
        for name in Person.PRIVATE_FIELDS:
            value = getattr(person, name)
            if value:
                values.append(value)
    assert len(values) >= 5 * 60  # the demo fills every private field
    return values


def assert_no_private_value(text: str, values, where: str):
    leaked = [value for value in values if value in text]
    assert not leaked, f"{where} leaks {leaked[:3]}"


def json_text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def test_private_fields_are_not_on_directory_pages(demo, client):
    values = private_values()
    for url in ["/dai-bieu/khoa-xvi/", "/dai-bieu/khoa-xv/", "/dai-bieu/khoa-xvi/?q=nguyen"]:
        html = client.get(url).content.decode()
        assert_no_private_value(html, values, url)


def test_private_fields_are_not_on_any_profile_page(demo, client):
    values = private_values()
    people = Person.objects.filter(memberships__isnull=False).distinct()
    assert people.count() == 65
    for person in people:
        response = client.get(f"/dai-bieu/{person.slug}/")
        assert response.status_code == 200
        assert_no_private_value(response.content.decode(), values, person.slug)


def test_private_fields_are_not_in_the_api(demo, client):
    values = private_values()
    texts = [json_text(client.get("/api/v1/dai-bieu/khoa"))]
    for slug in ("khoa-xvi", "khoa-xv"):
        texts.append(json_text(client.get(f"/api/v1/dai-bieu/khoa/{slug}")))
    for person in Person.objects.filter(memberships__isnull=False).distinct():
        texts.append(json_text(client.get(f"/api/v1/dai-bieu/{person.slug}")))
    for text in texts:
        assert_no_private_value(text, values, "API")
    from delegates import api

    for schema in (api.TermOut, api.TermDetailOut, api.DelegateOut, api.PersonOut, api.PostOut):
        properties = json.dumps(schema.model_json_schema())
        for name in Person.PRIVATE_FIELDS:
            assert f'"{name}"' not in properties


def test_private_fields_are_not_in_exports(demo, client):
    values = private_values()
    for slug in ("khoa-xvi", "khoa-xv"):
        popolo = client.get(f"/dai-bieu/{slug}/popolo.json").content.decode()
        assert_no_private_value(popolo, values, f"{slug} popolo")
        for name in Person.PRIVATE_FIELDS:
            assert f'"{name}"' not in popolo
        data = client.get(f"/dai-bieu/{slug}/danh-sach.csv").content.decode("utf-8-sig")
        assert_no_private_value(data, values, f"{slug} csv")


def test_private_fields_are_not_in_the_search_index(demo):
    indexed = {field.field_name for field in Person.get_search_fields()}
    assert not indexed & set(Person.PRIVATE_FIELDS)
    from wagtail.search.models import IndexEntry

    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Person))
    assert entries.count() >= 65
    text = " ".join(str(value) for row in entries.values() for value in row.values())
    for person in Person.objects.all():
        for value in (person.id_number, person.email, person.phone, person.record_notes):
            assert value not in text
        assert person.email.split("@")[0] not in text
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert list(backend.search("Nguyễn Văn An", Person))  # the index does answer
    for person in Person.objects.all()[:10]:
        assert not list(backend.search(person.id_number, Person))
        assert not list(backend.search(person.email, Person))


def test_private_fields_are_not_in_the_sitemap(demo):
    request = RequestFactory().get("/sitemap.xml")
    response = sitemap(request, sitemaps=sitemaps)
    response.render()
    xml = response.content.decode()
    assert "/dai-bieu/nguyen-van-an/" in xml and "/dai-bieu/khoa-xvi/" in xml
    assert_no_private_value(xml, private_values(), "sitemap")


def test_a_person_without_a_seat_is_in_no_public_list(demo, client):
    hidden = PersonFactory(full_name="Người Chưa Trúng Cử", phone="0999 111 222")
    assert client.get(f"/dai-bieu/{hidden.slug}/").status_code == 404
    xml = sitemap(RequestFactory().get("/sitemap.xml"), sitemaps=sitemaps)
    xml.render()
    assert hidden.slug not in xml.content.decode()


def test_signed_in_other_delegate_sees_no_private_field_of_others(demo, client):
    user = UserFactory(username="dbkhac")
    person = PersonFactory(user=user)
    MembershipFactory(person=person, body=demo.objects["term16"].bodies.get(kind="council"))
    client.force_login(user)
    values = [
        v for v in private_values() if v not in {getattr(person, f) for f in Person.PRIVATE_FIELDS}
    ]
    other = Person.objects.get(full_name="Nguyễn Văn An")
    html = client.get(f"/dai-bieu/{other.slug}/").content.decode()
    assert_no_private_value(html, values, "profile seen by a delegate")
