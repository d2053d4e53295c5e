"""Public pages (directory, profile, exports) and the delegate's own record."""

from __future__ import annotations

import json
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.models import CouncilSettings

from . import exports, services
from .directory import directory_rows
from .models import Body, Membership, Person, Term


def _public(response):
    response.council_public = True
    return response


def index(request):
    term = services.current_term()
    if term is None:
        raise Http404(_("Chưa có nhiệm kỳ nào."))
    return redirect("delegates:directory", term_slug=term.slug)


def directory(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    form, rows = directory_rows(term, request.GET)
    terms = list(Term.objects.order_by("-number"))
    filtered = any(request.GET.get(name) for name in form.fields)
    return _public(
        render(
            request,
            "delegates/directory.html",
            {
                "term": term,
                "terms": terms,
                "form": form,
                "rows": rows,
                "filtered": filtered,
                "is_current": term.is_current(),
            },
        )
    )


def profile(request, slug: str):
    council_posts = Membership.objects.filter(person=OuterRef("pk"), body__kind=Body.Kind.COUNCIL)
    person = get_object_or_404(
        Person.objects.filter(Exists(council_posts)).select_related("photo"), slug=slug
    )
    posts = list(
        person.memberships.select_related("body__term", "constituency").order_by(
            "-body__term__number", "body__sort_order", "start_date"
        )
    )
    terms = [
        {"term": term, "posts": list(items)}
        for term, items in groupby(posts, key=lambda post: post.body.term)
    ]
    for entry in terms:
        seat = next((p for p in entry["posts"] if p.body.kind == Body.Kind.COUNCIL), None)
        entry["seat"] = seat
        entry["posts"] = [p for p in entry["posts"] if p.body.kind != Body.Kind.COUNCIL]
    context = {"person": person, "terms": terms, **_activity(person, request.user)}
    return _public(render(request, "delegates/profile.html", context))


def _activity(person: Person, user) -> dict:
    """The person's interpellations and votes in sessions, as far as `user` may see them."""
    try:
        from sessions.models import Ballot, Interpellation, Vote
    except ImportError:  # proceedings not installed
        return {}
    from library.access import visible_q, visible_to

    interpellations = visible_to(
        Interpellation.objects.filter(asker=person, session__live=True), user
    ).select_related("session")
    votes = Vote.objects.filter(person=person, ballot__session__live=True)
    condition = visible_q(Ballot, user, prefix="ballot__")
    if condition is not None:
        votes = votes.filter(condition)
    return {
        "interpellations": list(
            interpellations.order_by("-session__start_date", "sort_order")[:50]
        ),
        "votes": list(
            votes.select_related("ballot__session").order_by("-ballot__held_at", "-pk")[:50]
        ),
    }


def popolo(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    data = exports.popolo(term, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="popolo-{term.slug}.json"'
    return _public(response)


def csv_export(request, term_slug: str):
    term = get_object_or_404(Term, slug=term_slug)
    data = exports.csv_bytes(term, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dai-bieu-{term.slug}.csv"'
    return _public(response)


# --- the delegate's own record ----------------------------------------------------------------

CORRECTABLE_FIELDS = [
    "full_name",
    "birth_year",
    "gender",
    "ethnicity",
    "education",
    "political_theory",
    "occupation",
    "workplace",
    *Person.PRIVATE_FIELDS,
]


# Fields whose displayed value is interface text (a translated choice label), not content.
INTERFACE_VALUES = {"gender", "birth_year"}


class CorrectionForm(forms.Form):
    field_name = forms.ChoiceField(label=gettext_lazy("Thông tin cần đính chính"))
    message = forms.CharField(
        label=gettext_lazy("Nội dung đề nghị"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Ghi rõ thông tin đúng và căn cứ (ví dụ: theo quyết định số…)."),
        error_messages={"required": gettext_lazy("Hãy ghi nội dung cần đính chính.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = [(name, _label(name)) for name in CORRECTABLE_FIELDS]


@login_required
@require_http_methods(["GET", "POST"])
def my_record(request):
    # The record is always the signed-in user's own: nothing in the request names a person.
    person = Person.objects.filter(user=request.user).select_related("photo").first()
    if person is None:
        return render(request, "delegates/my_record_missing.html", status=404)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_correction(
            person,
            request.user,
            form.cleaned_data["field_name"],
            form.cleaned_data["message"],
            office_email=CouncilSettings.for_request(request).email,
            admin_url=request.build_absolute_uri(
                reverse("wagtailsnippets_delegates_correctionrequest:list")
            ),
        )
        messages.success(
            request, _("Đã gửi đề nghị đính chính. Văn phòng sẽ xem xét và trả lời bạn.")
        )
        return redirect(reverse("delegates:my_record"))
    # (label, value, whether the value is content in Vietnamese rather than interface text)
    fields = [
        (_label(name), _display(person, name), name not in INTERFACE_VALUES)
        for name in CORRECTABLE_FIELDS
    ]
    return render(
        request,
        "delegates/my_record.html",
        {
            "person": person,
            "fields": fields,
            "form": form,
            "requests": person.correction_requests.all()[:50],
        },
    )


def _label(name: str) -> str:
    label = str(Person._meta.get_field(name).verbose_name)
    return label[:1].upper() + label[1:]  # "số CCCD" -> "Số CCCD", not "Số cccd"


def _display(person: Person, name: str):
    if name == "gender":
        return person.get_gender_display()
    return getattr(person, name)
