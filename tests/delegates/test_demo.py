"""The demo council: terms, bodies, 55 delegates, posts over time, linked accounts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.text import fold
from delegates import demo as delegates_demo
from delegates.models import Body, Constituency, Membership, Person, Term

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Person.objects.order_by("key").values()),
        list(Membership.objects.order_by("pk").values()),
        list(Body.objects.order_by("pk").values()),
        list(Constituency.objects.order_by("pk").values()),
        list(Term.objects.order_by("pk").values()),
    )


def test_term_xvi_has_55_delegates_with_constituency_and_group(demo):
    term16 = demo.objects["term16"]
    assert term16.end_date is None and term16.slug == "khoa-xvi"
    council = term16.bodies.get(kind=Body.Kind.COUNCIL)
    seats = Membership.objects.filter(body=council, role=Membership.Role.DELEGATE)
    assert seats.count() == 55
    assert not seats.filter(constituency__isnull=True).exists()
    groups = Membership.objects.filter(body__term=term16, body__kind=Body.Kind.GROUP)
    assert groups.values("person").distinct().count() == 55
    assert term16.bodies.filter(kind=Body.Kind.COMMITTEE).count() == 4
    assert term16.constituencies.count() == 15
    assert sum(term16.constituencies.values_list("seats", flat=True)) == 55


def test_demo_has_ethnic_minority_delegates_and_the_name_search_example(demo):
    ethnicities = set(Person.objects.values_list("ethnicity", flat=True))
    assert {"Tày", "Dao", "H'Mông", "Giáy", "Nùng"} <= ethnicities
    assert Person.objects.filter(folded_name=fold("nguyen van an")).count() == 1


def test_a_vice_chair_becomes_chair_within_the_term(demo):
    posts = Membership.objects.filter(
        person__full_name="Lê Thị Thu Hương",
        body__kind=Body.Kind.STANDING,
        body__term=demo.objects["term16"],
    ).order_by("start_date")
    assert [p.role for p in posts] == ["vice_chair", "chair"]
    assert posts[0].end_date < posts[1].start_date


def test_about_ten_people_served_in_both_terms(demo):
    both = (
        Person.objects.filter(memberships__body__term__number=15)
        .filter(memberships__body__term__number=16)
        .distinct()
    )
    assert 8 <= both.count() <= 12


def test_demo_accounts_are_linked_to_people_of_the_right_terms(demo):
    from library.access import delegate_term_ids

    daibieu = demo.users["daibieu"]
    khoaxv = demo.users["daibieu.khoaxv"]
    daibieu.refresh_from_db()
    assert daibieu.person.full_name == daibieu.full_name
    assert delegate_term_ids(daibieu) == {demo.objects["term16"].pk}
    assert delegate_term_ids(khoaxv) == frozenset()
    assert khoaxv.person.memberships.filter(body__term__number=15).exists()
    assert not khoaxv.person.memberships.filter(body__term__number=16).exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _snapshot()
    with CaptureQueriesContext(connection) as queries:
        delegates_demo.load(demo)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert _snapshot() == before
