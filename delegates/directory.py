"""The public directory of a term: filters, name search and one row per delegate.

Everything a page shows comes from a fixed set of queries (term, facets, people with their
posts and photos prefetched), so the page costs the same for 5 or 500 delegates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model

from core.text import fold

from .models import Body, Constituency, Membership, Person, Term

THUMBNAILS = ("fill-80x100", "fill-160x200")  # 1x and 2x screens


class ContentSelect(forms.Select):
    """A select whose option labels are content (names of bodies, places): lang="vi" on each
    option but the empty "all" choice, which is interface text."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value not in ("", None):
            option["attrs"]["lang"] = "vi"
        return option


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm theo tên"), required=False, max_length=100)
    committee = forms.TypedChoiceField(
        label=gettext_lazy("Ban"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ContentSelect,
    )
    group = forms.TypedChoiceField(
        label=gettext_lazy("Tổ đại biểu"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ContentSelect,
    )
    constituency = forms.TypedChoiceField(
        label=gettext_lazy("Đơn vị bầu cử"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=ContentSelect,
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Giới tính"),
        required=False,
        choices=[("", gettext_lazy("Tất cả")), *Person.Gender.choices],
    )
    ethnicity = forms.ChoiceField(
        label=gettext_lazy("Dân tộc"), required=False, widget=ContentSelect
    )

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = list(
            term.bodies.filter(kind__in=[Body.Kind.COMMITTEE, Body.Kind.GROUP]).order_by(
                "sort_order", "name"
            )
        )
        all_ = [("", _("Tất cả"))]
        self.fields["committee"].choices = all_ + [
            (b.pk, b.name) for b in bodies if b.kind == Body.Kind.COMMITTEE
        ]
        self.fields["group"].choices = all_ + [
            (b.pk, b.name) for b in bodies if b.kind == Body.Kind.GROUP
        ]
        self.fields["constituency"].choices = all_ + [
            (c.pk, _("Số %(number)s: %(name)s") % {"number": c.number, "name": c.name})
            for c in Constituency.objects.filter(term=term).order_by("number")
        ]
        ethnicities = (
            Person.objects.filter(memberships__body__term=term)
            .exclude(ethnicity="")
            .values_list("ethnicity", flat=True)
            .distinct()
        )
        self.fields["ethnicity"].choices = all_ + [(e, e) for e in sorted(set(ethnicities))]


@dataclass
class Row:
    """One delegate as the directory shows them: the person and their posts in the term."""

    person: Person
    constituency: Constituency | None = None
    group: Membership | None = None
    posts: list[Membership] = field(default_factory=list)
    left_on: object = None


def _council_posts(term: Term):
    return Membership.objects.filter(
        person=OuterRef("pk"), body__term=term, body__kind=Body.Kind.COUNCIL
    )


def directory_rows(term: Term, data: dict | None = None) -> tuple[DirectoryFilterForm, list[Row]]:
    form = DirectoryFilterForm(data or None, term=term)
    people = Person.objects.filter(Exists(_council_posts(term)))
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        if cleaned["q"]:
            # Every word must start a word of the name, in any order: "van an" finds
            # "Nguyễn Văn An" but not "Nguyễn Thị Thanh".
            for word in fold(cleaned["q"]).split()[:8]:
                people = people.filter(folded_name__regex=rf"(^| ){re.escape(word)}")
        for name in ("committee", "group"):
            if cleaned[name]:
                people = people.filter(
                    Exists(Membership.objects.filter(person=OuterRef("pk"), body_id=cleaned[name]))
                )
        if cleaned["constituency"]:
            people = people.filter(
                Exists(_council_posts(term).filter(constituency_id=cleaned["constituency"]))
            )
        if cleaned["gender"]:
            people = people.filter(gender=cleaned["gender"])
        if cleaned["ethnicity"]:
            people = people.filter(ethnicity=cleaned["ethnicity"])
    people = people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(body__term=term)
            .select_related("body", "constituency")
            .order_by("body__sort_order", "start_date"),
            to_attr="term_posts",
        ),
        Prefetch("photo", queryset=get_image_model().objects.prefetch_renditions(*THUMBNAILS)),
    ).order_by("folded_name", "pk")
    current = term.is_current()
    today = timezone.localdate()
    rows = []
    for person in people:
        row = Row(person)
        for post in person.term_posts:
            if current and not post.is_active(today):
                if post.body.kind == Body.Kind.COUNCIL:
                    row.left_on = post.end_date
                continue
            if post.body.kind == Body.Kind.COUNCIL:
                row.constituency = post.constituency
            elif post.body.kind == Body.Kind.GROUP:
                row.group = post
            else:
                row.posts.append(post)
        rows.append(row)
    # Vietnamese lists are alphabetical by given name (the last word), then by full name.
    rows.sort(key=lambda r: (r.person.folded_name.rsplit(" ", 1)[-1], r.person.folded_name))
    return form, rows
