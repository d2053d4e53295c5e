"""Open-data API for delegates: terms, their delegates, one person. Public fields only.

The output schemas list their fields explicitly, so a private field (Person.PRIVATE_FIELDS)
cannot appear here by accident; a test checks every endpoint for the demo's private values.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema

from .directory import directory_rows
from .models import Body, Membership, Person, Term

router = Router(tags=["Đại biểu"])


class TermOut(Schema):
    number: int
    roman: str
    slug: str
    start_date: datetime.date
    end_date: datetime.date | None
    is_current: bool
    url: str


class PostOut(Schema):
    title: str
    body: str
    body_kind: str
    role: str
    role_label: str
    full_time: bool
    start_date: datetime.date
    end_date: datetime.date | None


class DelegateOut(Schema):
    slug: str
    full_name: str
    birth_year: int | None
    gender: str
    ethnicity: str
    occupation: str
    workplace: str
    constituency: int | None
    constituency_name: str
    group: str
    posts: list[PostOut]
    url: str


class TermDetailOut(TermOut):
    delegates: list[DelegateOut]


class TermPostsOut(Schema):
    term: str
    constituency: int | None
    posts: list[PostOut]


class PersonOut(Schema):
    slug: str
    full_name: str
    birth_year: int | None
    gender: str
    ethnicity: str
    education: str
    political_theory: str
    occupation: str
    workplace: str
    url: str
    terms: list[TermPostsOut]


def _term(term: Term) -> dict:
    return {
        "number": term.number,
        "roman": term.roman,
        "slug": term.slug,
        "start_date": term.start_date,
        "end_date": term.end_date,
        "is_current": term.is_current(),
        "url": reverse("delegates:directory", args=[term.slug]),
    }


def _post(post: Membership) -> dict:
    return {
        "title": post.title,
        "body": post.body.name,
        "body_kind": post.body.kind,
        "role": post.role,
        "role_label": post.get_role_display(),
        "full_time": post.full_time,
        "start_date": post.start_date,
        "end_date": post.end_date,
    }


@router.get("/dai-bieu/khoa", response=list[TermOut], summary="Các nhiệm kỳ (khóa)")
def terms(request):
    return [_term(term) for term in Term.objects.order_by("-number")]


@router.get(
    "/dai-bieu/khoa/{term_slug}",
    response=TermDetailOut,
    summary="Đại biểu của một khóa, với chức danh",
)
def term_detail(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    _, rows = directory_rows(term)
    delegates = []
    for row in rows:
        person = row.person
        delegates.append(
            {
                "slug": person.slug,
                "full_name": person.full_name,
                "birth_year": person.birth_year,
                "gender": person.gender,
                "ethnicity": person.ethnicity,
                "occupation": person.occupation,
                "workplace": person.workplace,
                "constituency": row.constituency.number if row.constituency else None,
                "constituency_name": row.constituency.name if row.constituency else "",
                "group": row.group.body.name if row.group else "",
                "posts": [_post(post) for post in row.posts],
                "url": reverse("delegates:profile", args=[person.slug]),
            }
        )
    return {**_term(term), "delegates": delegates}


@router.get("/dai-bieu/{slug}", response=PersonOut, summary="Thông tin một đại biểu")
def person_detail(request, slug: str):
    seats = Membership.objects.filter(person=OuterRef("pk"), body__kind=Body.Kind.COUNCIL)
    person = get_object_or_404(Person.objects.filter(Exists(seats)), slug=slug)
    posts = person.memberships.select_related("body__term", "constituency").order_by(
        "-body__term__number", "body__sort_order", "start_date"
    )
    by_term: dict[int, dict] = {}
    for post in posts:
        entry = by_term.setdefault(
            post.body.term_id,
            {"term": post.body.term.slug, "constituency": None, "posts": []},
        )
        if post.body.kind == Body.Kind.COUNCIL and post.constituency:
            entry["constituency"] = post.constituency.number
        entry["posts"].append(_post(post))
    return {
        "slug": person.slug,
        "full_name": person.full_name,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "education": person.education,
        "political_theory": person.political_theory,
        "occupation": person.occupation,
        "workplace": person.workplace,
        "url": reverse("delegates:profile", args=[person.slug]),
        "terms": list(by_term.values()),
    }
