"""Every change to delegate records goes through here: demo, import, admin actions and views.

Each function is idempotent where it can be: it writes only when a value differs, and says
whether it created, updated or left the row unchanged, so a re-import reports "nothing changed".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.text import fold

from .models import (
    RESERVED_SLUGS,
    Body,
    Constituency,
    CorrectionRequest,
    Membership,
    Person,
    Term,
)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

PUBLIC_FIELDS = (
    "full_name",
    "birth_year",
    "gender",
    "ethnicity",
    "education",
    "political_theory",
    "occupation",
    "workplace",
)


@dataclass
class Changes:
    """Counts of what a batch of writes did, per kind of record."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        bucket = self.counts.setdefault(kind, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        bucket[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(b[CREATED] + b[UPDATED] for b in self.counts.values())


def _apply(obj, values: dict) -> bool:
    dirty = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            dirty = True
    return dirty


def unique_slug(full_name: str, key: str, exclude_pk: int | None = None) -> str:
    base = slugify(fold(full_name))[:100] or slugify(key) or "dai-bieu"
    if base in RESERVED_SLUGS or base.startswith("khoa-"):
        base = f"dai-bieu-{base}"
    candidate, n = base, 2
    taken = Person.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def upsert_person(key: str, values: dict) -> tuple[Person, str]:
    """Create or update the person with this stable `key`; the slug is kept once given."""
    person = Person.objects.filter(key=key).first()
    if person is None:
        person = Person(key=key, **values)
        person.slug = unique_slug(person.full_name, key)
        person.save()
        return person, CREATED
    if _apply(person, values):
        person.save()
        return person, UPDATED
    return person, UNCHANGED


def upsert_term(number: int, start_date: datetime.date, end_date=None) -> tuple[Term, str]:
    term = Term.objects.filter(number=number).first()
    if term is None:
        return Term.objects.create(number=number, start_date=start_date, end_date=end_date), CREATED
    if _apply(term, {"start_date": start_date, "end_date": end_date}):
        term.save()
        return term, UPDATED
    return term, UNCHANGED


def upsert_body(term: Term, name: str, **values) -> tuple[Body, str]:
    body = Body.objects.filter(term=term, name=name).first()
    if body is None:
        return Body.objects.create(term=term, name=name, **values), CREATED
    if _apply(body, values):
        body.save()
        return body, UPDATED
    return body, UNCHANGED


def upsert_constituency(term: Term, number: int, **values) -> tuple[Constituency, str]:
    unit = Constituency.objects.filter(term=term, number=number).first()
    if unit is None:
        return Constituency.objects.create(term=term, number=number, **values), CREATED
    if _apply(unit, values):
        unit.save()
        return unit, UPDATED
    return unit, UNCHANGED


def upsert_membership(
    person: Person, body: Body, role: str, start_date: datetime.date, **values
) -> tuple[Membership, str]:
    """A post is identified by person, body, role and start date; the rest may change."""
    membership = Membership.objects.filter(
        person=person, body=body, role=role, start_date=start_date
    ).first()
    if membership is None:
        membership = Membership.objects.create(
            person=person, body=body, role=role, start_date=start_date, **values
        )
        return membership, CREATED
    if _apply(membership, values):
        membership.save()
        return membership, UPDATED
    return membership, UNCHANGED


# --- reading ---------------------------------------------------------------------------------


def current_term(on: datetime.date | None = None) -> Term | None:
    on = on or timezone.localdate()
    term = (
        Term.objects.filter(start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-number")
        .first()
    )
    return term or Term.objects.order_by("-number").first()


def term_from_slug(slug: str) -> Term | None:
    return Term.objects.filter(slug=slug).first()


def council_of(term: Term) -> Body | None:
    return term.bodies.filter(kind=Body.Kind.COUNCIL).order_by("sort_order", "pk").first()


def is_public_person(person: Person) -> bool:
    """Only people who sat on a council are public figures; a bare record is not."""
    return person.memberships.filter(body__kind=Body.Kind.COUNCIL).exists()


def public_people():
    return Person.objects.filter(memberships__body__kind=Body.Kind.COUNCIL).distinct()


def term_memberships_prefetch(term: Term, to_attr: str = "term_posts") -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(body__term=term)
        .select_related("body", "constituency")
        .order_by("body__sort_order", "start_date"),
        to_attr=to_attr,
    )


def request_correction(
    person: Person, user, field_name: str, message: str, *, office_email: str = "", admin_url=""
) -> CorrectionRequest:
    """Store a delegate's correction request for their own record and tell the office."""
    from django.core.mail import send_mail

    item = CorrectionRequest.objects.create(
        person=person, requested_by=user, field_name=field_name, message=message
    )
    if office_email:
        # The mail names the person and the field, never the values: it leaves the system.
        send_mail(
            subject=_("Đề nghị đính chính hồ sơ đại biểu: %(name)s") % {"name": person.full_name},
            message=(
                _("Đại biểu %(name)s đề nghị đính chính mục “%(field)s”.")
                % {"name": person.full_name, "field": item.field_label}
                + "\n"
                + _("Xem và xử lý trong trang quản trị: %(url)s") % {"url": admin_url}
                + "\n"
            ),
            from_email=None,
            recipient_list=[office_email],
        )
    return item
