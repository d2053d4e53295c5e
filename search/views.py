"""The search page /tim-kiem/ and the saved searches of signed-in users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import alerts
from .engine import FACET_TITLES, FACETS, SORTS, search
from .models import SavedSearch

SORT_LABELS = {
    "relevance": gettext_lazy("Phù hợp nhất"),
    "date": gettext_lazy("Mới nhất"),
    "date_asc": gettext_lazy("Cũ nhất"),
}
# (tip, example typed as a searcher would: Vietnamese, so marked lang="vi" on the page)
TIPS = [
    (gettext_lazy("Kiểm tra lại chính tả, hoặc gõ không dấu: {example}."), "“duong giao thong”"),
    (gettext_lazy("Dùng ít từ hơn, hoặc từ chung hơn."), ""),
    (gettext_lazy("Tìm theo số, ký hiệu: {example} hoặc “NQ 15 2024”."), "“15/2024/NQ-HĐND”"),
    (
        gettext_lazy("Đặt cụm từ trong dấu ngoặc kép để tìm đúng cụm: {example}."),
        '“"kiến nghị cử tri"”',
    ),
]
# Facets whose values are content (session headings, issuing bodies), not interface labels.
CONTENT_FACETS = {"session", "issuing_body"}


def _tips() -> list:
    return [
        format_html(tip, example=format_html('<span lang="vi">{}</span>', example))
        if example
        else str(tip)
        for tip, example in TIPS
    ]


def _params(request) -> dict[str, str]:
    keep = {"q", "sort", *FACETS}
    return {k: v for k, v in request.GET.items() if k in keep and v}


def _url(params: dict[str, str], **changes) -> str:
    merged = {**params, **changes}
    merged = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else "?"


def search_page(request):
    params = _params(request)
    query = request.GET.get("q", "")
    filters = {name: request.GET.get(name, "") for name in FACETS}
    results = search(
        query,
        request.user,
        filters=filters,
        sort=request.GET.get("sort", "relevance"),
        page=request.GET.get("page", 1),
    )
    base = {k: v for k, v in params.items() if k != "page"}
    facet_groups = []
    for name in FACETS:
        values = results.facets.get(name) or []
        if not values and name not in results.filters:
            continue
        items = [
            {
                "label": value.label,
                "count": value.count,
                "selected": value.selected,
                "url": _url(base, **{name: "" if value.selected else value.value}),
            }
            for value in values
        ]
        facet_groups.append(
            {
                "name": name,
                "title": FACET_TITLES[name],
                "content": name in CONTENT_FACETS,
                "items": items,
                "clear_url": _url(base, **{name: ""}) if name in results.filters else "",
            }
        )
    context = {
        "results": results,
        "query": results.query.text if query else "",
        "facet_groups": facet_groups,
        "sorts": [
            {"value": s, "label": SORT_LABELS[s], "selected": s == results.sort} for s in SORTS
        ],
        "filter_values": results.filters,
        "previous_url": _url(base, page=str(results.page - 1)) if results.has_previous else "",
        "next_url": _url(base, page=str(results.page + 1)) if results.has_next else "",
        "suggestion_links": [(s, _url({}, q=s)) for s in results.suggestions],
        "tips": _tips(),
        "searched": bool(query.strip()) or bool(results.filters),
        "save_params": base,
    }
    return render(request, "search/search.html", context)


@login_required
def saved_searches(request):
    if request.method == "POST":
        saved = alerts.save_search(
            request.user,
            query=request.POST.get("q", ""),
            filters={name: request.POST.get(name, "") for name in FACETS},
            name=request.POST.get("name", ""),
        )
        if isinstance(saved, str):
            messages.error(request, saved)
        else:
            messages.success(
                request,
                format_html(
                    _(
                        "Đã lưu tìm kiếm “{name}”. Bạn sẽ nhận thư khi có tài liệu công khai "
                        "mới phù hợp."
                    ),
                    name=format_html('<span lang="vi">{}</span>', saved.name),
                ),
            )
        return redirect("search:saved")
    items = []
    for saved in SavedSearch.objects.filter(user=request.user):
        items.append({"saved": saved, "url": reverse("search:page") + _url(saved.params())})
    return render(request, "search/saved.html", {"items": items})


@login_required
@require_POST
def delete_saved(request, pk: int):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Đã xóa tìm kiếm đã lưu."))
    return redirect("search:saved")


def unsubscribe(request, token: str):
    """The signed link in every alert e-mail: one click, no sign-in, turns alerts off."""
    try:
        saved = alerts.saved_search_from_token(token)
    except signing.BadSignature:
        raise Http404 from None
    if saved is None:
        raise Http404
    if request.method == "POST":
        SavedSearch.objects.filter(pk=saved.pk).update(email_alerts=False)
        return render(request, "search/unsubscribed.html", {"saved": saved})
    return render(request, "search/unsubscribe.html", {"saved": saved, "token": token})
