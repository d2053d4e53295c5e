"""Views of the proceedings outside the page tree: the delegate portal, read receipts,
feeds and calendars. Each asks the access core (through services) before showing anything."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from library import access
from library.catalogue import council_documents
from library.models import ArchiveDocument

from . import services
from .feeds import CalendarEvent, FeedEntry, build_calendar, build_feed
from .models import SessionPage

logger = logging.getLogger("council.sessions")

FEED_SIZE = 50


def _session(term: str, session: str) -> SessionPage:
    return get_object_or_404(
        SessionPage.objects.live().public().select_related("term"), term__slug=term, slug=session
    )


def packet_url(session) -> str | None:
    """The publishing app's page of packets (PDF, EPUB) for this session, when it exists."""
    try:
        return reverse("publishing:publications", args=[session.term.slug, session.slug])
    except NoReverseMatch:
        return None


@login_required
@require_GET
def portal(request):
    who = access.viewer(request.user)
    sessions = services.portal_sessions(request.user)
    entries = []
    for session in sessions:
        portal_session = services.portal_view(request.user, session)
        portal_session.packet_url = packet_url(session)
        entries.append(portal_session)
    response = render(
        request,
        "sessions/portal.html",
        {
            "entries": entries,
            "is_delegate": who.is_delegate,
            "is_secretariat": who.secretariat,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def receipts(request, term, session):
    if not access.is_secretariat(request.user):
        raise PermissionDenied
    page = _session(term, session)
    data = services.read_receipts(page)
    response = render(request, "sessions/receipts.html", {"page": page, **data})
    response["Cache-Control"] = "private, no-store"
    return response


def _released_at(document):
    return document.public_at or document.release_at or document.created_at


def _document_entry(request, document) -> FeedEntry:
    summary = str(document.get_kind_display())
    if document.number:
        summary += _(" số %(number)s") % {"number": document.number}
    if document.issued_on:
        summary += _(", ban hành ngày %(date)s") % {
            "date": formats.date_format(document.issued_on, "SHORT_DATE_FORMAT")
        }
    if document.issuing_body:
        summary += f" ({document.issuing_body})"
    return FeedEntry(
        id=request.build_absolute_uri(document.get_absolute_url()),
        title=f"{document.number} – {document.title}" if document.number else document.title,
        link=request.build_absolute_uri(document.get_absolute_url()),
        summary=summary + ".",
        published=_released_at(document),
    )


@require_GET
def documents_feed(request, fmt="rss"):
    now = timezone.now()
    documents = (
        council_documents(ArchiveDocument.objects.filter(access.public_q(now)))
        .annotate(released=Coalesce("public_at", "release_at", "created_at"))
        .order_by("-released", "-pk")[:FEED_SIZE]
    )
    body = build_feed(
        title=_("Văn bản mới công bố – HĐND tỉnh"),
        link=request.build_absolute_uri("/"),
        self_link=request.build_absolute_uri(request.path),
        description=_("Nghị quyết, báo cáo và tài liệu kỳ họp vừa được công khai."),
        entries=[_document_entry(request, d) for d in documents],
        fmt=fmt,
        language=translation.get_language(),
    )
    content_type = "application/atom+xml" if fmt == "atom" else "application/rss+xml"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def session_feed(request, term, session):
    page = _session(term, session)
    # The feed is public: build it as the anonymous visitor sees the session, nothing more.
    view = services.session_view(page, None)
    body = build_feed(
        title=_("%(title)s – tài liệu công khai") % {"title": page.title},
        link=request.build_absolute_uri(page.url),
        self_link=request.build_absolute_uri(request.path),
        description=_("Tài liệu công khai của %(session)s.") % {"session": page.heading},
        entries=[_document_entry(request, d) for d in view.visible_documents],
        language=translation.get_language(),
    )
    response = HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def _event(request, page: SessionPage) -> CalendarEvent:
    return CalendarEvent(
        uid=f"ky-hop-{page.pk}@{request.get_host()}",
        summary=page.heading,
        start=page.start_date,
        end=page.end_date,
        location=page.venue,
        url=request.build_absolute_uri(page.url),
        description=f"{page.get_kind_display()} – {page.get_status_display()}.",
        status="CONFIRMED" if page.status != SessionPage.Status.PLANNED else "TENTATIVE",
    )


def _calendar_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def calendar(request):
    pages = SessionPage.objects.live().public().select_related("term").order_by("start_date")
    body = build_calendar(
        name=_("Lịch kỳ họp HĐND tỉnh"),
        events=[_event(request, p) for p in pages],
        stamp=timezone.now(),
    )
    return _calendar_response(body, "lich-ky-hop.ics")


@require_GET
def session_calendar(request, term, session):
    page = _session(term, session)
    body = build_calendar(name=page.title, events=[_event(request, page)], stamp=timezone.now())
    return _calendar_response(body, f"{page.slug}.ics")
