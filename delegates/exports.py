"""Open-data builders for a term: Popolo JSON and CSV. Public fields only; no HTTP here.

Popolo (https://www.popoloproject.com/specs/) field names are used as they are; fields the
spec lacks are mapped onto its nearest ones: ethnicity -> `national_identity`, occupation and
workplace -> `summary`, education and political theory -> `biography`.
"""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from wagtail.images import get_image_model

from .directory import directory_rows
from .models import Body, Constituency, Membership, Person, Term

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PHOTO = "fill-300x400"

CLASSIFICATION = {
    Body.Kind.COUNCIL: "legislature",
    Body.Kind.STANDING: "standing committee",
    Body.Kind.COMMITTEE: "committee",
    Body.Kind.GROUP: "delegation group",
}


def neutralise(value) -> str:
    """A spreadsheet must never run a cell as a formula: prefix risky cells with a quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _person_id(person: Person) -> str:
    return f"person/{person.slug}"


def _org_id(body: Body) -> str:
    return f"organization/{body.term.slug}/{body.pk}"


def _area_id(unit: Constituency) -> str:
    return f"area/{unit.term.slug}/{unit.number}"


def _post_key(membership: Membership) -> tuple:
    unit = membership.constituency if membership.body.kind == Body.Kind.COUNCIL else None
    return (membership.body_id, membership.role, unit.number if unit else None)


def _post_id(membership: Membership) -> str:
    body_id, role, number = _post_key(membership)
    suffix = f"/{number}" if number else ""
    return f"post/{membership.body.term.slug}/{body_id}/{role}{suffix}"


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person, base_url: str) -> dict:
    words = person.full_name.split()
    data = {
        "id": _person_id(person),
        "name": person.full_name,
        "family_name": words[0] if words else "",
        "given_name": words[-1] if words else "",
        "sort_name": person.folded_name,
        "links": [
            {
                "url": base_url + reverse("delegates:profile", args=[person.slug]),
                "note": "Trang thông tin đại biểu",
            }
        ],
    }
    if person.gender:
        data["gender"] = person.gender
    if person.birth_year:
        data["birth_date"] = f"{person.birth_year:04d}"
    if person.ethnicity:
        data["national_identity"] = person.ethnicity
    summary = ", ".join(part for part in (person.occupation, person.workplace) if part)
    if summary:
        data["summary"] = summary
    biography = "; ".join(
        f"{label}: {value}"
        for label, value in (
            ("Trình độ chuyên môn", person.education),
            ("Trình độ lý luận chính trị", person.political_theory),
        )
        if value
    )
    if biography:
        data["biography"] = biography
    if person.photo_id:
        data["image"] = base_url + person.photo.get_rendition(PHOTO).url
    return data


def popolo(term: Term, base_url: str = "") -> dict:
    """The term's people, bodies, constituencies, posts and memberships as one Popolo document."""
    bodies = list(term.bodies.select_related("term").order_by("sort_order", "name"))
    council = next((b for b in bodies if b.kind == Body.Kind.COUNCIL), None)
    units = list(Constituency.objects.filter(term=term).select_related("term").order_by("number"))
    memberships = list(
        Membership.objects.filter(body__term=term)
        .select_related("body__term", "constituency__term", "person")
        .order_by("person__folded_name", "body__sort_order", "start_date", "pk")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    # One query for every photo's rendition instead of one per person.
    photo_ids = [p.photo_id for p in people.values() if p.photo_id]
    photos = get_image_model().objects.prefetch_renditions(PHOTO).in_bulk(photo_ids)
    for person in people.values():
        if person.photo_id:
            person.photo = photos[person.photo_id]

    organizations = []
    for body in bodies:
        org = {
            "id": _org_id(body),
            "name": body.name,
            "classification": CLASSIFICATION[body.kind],
            "founding_date": _date(term.start_date),
        }
        if body.abbreviation:
            org["other_names"] = [{"name": body.abbreviation, "note": "viết tắt"}]
        if term.end_date:
            org["dissolution_date"] = _date(term.end_date)
        if council and body.pk != council.pk:
            org["parent_id"] = _org_id(council)
        organizations.append(org)

    posts: dict[tuple, dict] = {}
    out_memberships = []
    for membership in memberships:
        key = _post_key(membership)
        if key not in posts:
            post = {
                "id": _post_id(membership),
                "label": _post_label(membership),
                "role": membership.get_role_display(),
                "organization_id": _org_id(membership.body),
            }
            if key[2]:
                post["area_id"] = _area_id(membership.constituency)
            posts[key] = post
        item = {
            "id": f"membership/{membership.pk}",
            "label": membership.title,
            "role": membership.get_role_display(),
            "person_id": _person_id(membership.person),
            "organization_id": _org_id(membership.body),
            "post_id": posts[key]["id"],
            "start_date": _date(membership.start_date),
        }
        if membership.end_date:
            item["end_date"] = _date(membership.end_date)
        if membership.constituency_id and membership.body.kind == Body.Kind.COUNCIL:
            item["area_id"] = _area_id(membership.constituency)
        out_memberships.append(item)

    return {
        "persons": [_person(person, base_url) for person in people.values()],
        "organizations": organizations,
        "areas": [
            {
                "id": _area_id(unit),
                "name": f"Đơn vị bầu cử số {unit.number}: {unit.name}",
                "identifier": str(unit.number),
                "classification": "constituency",
            }
            for unit in units
        ],
        "posts": list(posts.values()),
        "memberships": out_memberships,
    }


def _post_label(membership: Membership) -> str:
    if membership.body.kind == Body.Kind.COUNCIL and membership.constituency:
        return f"Đại biểu {membership.body.name}, đơn vị bầu cử số {membership.constituency.number}"
    return membership.title


CSV_HEADER = [
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Trình độ chuyên môn",
    "Trình độ lý luận chính trị",
    "Chức vụ, nghề nghiệp",
    "Nơi công tác",
    "Đơn vị bầu cử",
    "Tổ đại biểu",
    "Chức danh",
    "Trang thông tin",
]


def csv_bytes(term: Term, base_url: str = "") -> bytes:
    """One row per delegate of the term, UTF-8 with BOM so Excel shows the diacritics."""
    _, rows = directory_rows(term)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        person = row.person
        writer.writerow(
            [
                neutralise(value)
                for value in (
                    person.full_name,
                    person.birth_year or "",
                    person.get_gender_display(),
                    person.ethnicity,
                    person.education,
                    person.political_theory,
                    person.occupation,
                    person.workplace,
                    str(row.constituency) if row.constituency else "",
                    row.group.body.name if row.group else "",
                    "; ".join(post.title for post in row.posts),
                    base_url + reverse("delegates:profile", args=[person.slug]),
                )
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
