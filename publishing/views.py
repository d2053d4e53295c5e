"""Downloads of session packets, e-books, supplements and offline bundles.

Thin: the services decide which edition a user gets through the access core; a delegate gets
their personal copy, everyone else at most the public edition.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from library import access
from sessions.models import SessionPage

from . import services
from .models import Build, Edition


def _session(term: str, session: str) -> SessionPage:
    return get_object_or_404(
        SessionPage.objects.live().public().select_related("term"), term__slug=term, slug=session
    )


def _file_name(session: SessionPage, build: Build, suffix: str, extra: str = "") -> str:
    stem = services.safe_name(f"ky-hop-{session.number}-khoa-{session.term.roman}")
    return f"{stem}-{extra or build.edition}-ban-{build.number}.{suffix}"


def _serve(request, session, build: Build, kind: str, extra: str = "") -> FileResponse:
    if services.is_personal(build):
        copy = services.personal_copy(build, request.user, kind)
        services.mark_downloaded(copy)
        handle = copy.file.open("rb")
    else:
        field = build.pdf if kind == "pdf" else build.epub
        if not field:
            raise Http404
        handle = field.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_file_name(session, build, kind, extra),
        content_type="application/pdf" if kind == "pdf" else "application/epub+zip",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def publications(request, term, session):
    page = _session(term, session)
    status = services.packet_status(request.user, page)
    proceedings = services.proceedings_for(page)
    if status.build is None and proceedings is None and not request.user.is_authenticated:
        raise Http404
    response = render(
        request,
        "publishing/publications.html",
        {
            "page": page,
            "status": status,
            "personal": status.build is not None and services.is_personal(status.build),
            "is_secretariat": access.is_secretariat(request.user),
            "proceedings": proceedings,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def packet_pdf(request, term, session):
    page = _session(term, session)
    build = services.build_for(request.user, page)
    if build is None or not build.pdf:
        raise Http404
    return _serve(request, page, build, "pdf")


@require_GET
def packet_epub(request, term, session):
    page = _session(term, session)
    build = services.build_for(request.user, page)
    if build is None or not build.epub:
        raise Http404
    return _serve(request, page, build, "epub")


@require_GET
def proceedings(request, term, session, kind):
    page = _session(term, session)
    build = services.proceedings_for(page)
    if build is None:
        raise Http404
    return _serve(request, page, build, kind, extra="ky-yeu")


@require_GET
def supplement_pdf(request, term, session):
    page = _session(term, session)
    build = services.build_for(request.user, page)
    if build is None or build.edition != Edition.DELEGATES:
        raise Http404
    raw = request.GET.get("tu-ban", "")
    if raw:
        if not raw.isdigit():
            return _message(
                request, page, _("Số bản không hợp lệ. Hãy nhập số bản đã tải, ví dụ 2.")
            )
        number = int(raw)
    else:
        status = services.packet_status(request.user, page)
        if status.downloaded is None:
            return _message(request, page, _("Bạn chưa tải bản nào; hãy tải trọn bộ tài liệu."))
        number = status.downloaded.build.number
    since = Build.objects.filter(
        session=page, edition=Edition.DELEGATES, number=number, status=Build.Status.DONE
    ).first()
    if since is None:
        text = _("Không có bản số %(number)s của tập tài liệu này.") % {"number": number}
        return _message(request, page, text)
    extra = services.supplement(page, since)
    if extra is None:
        return _message(
            request,
            page,
            _("Không có tài liệu mới hoặc sửa đổi kể từ bản số %(number)s.") % {"number": number},
        )
    if extra.status != Build.Status.DONE or not services._sees_all(request.user, extra):
        raise Http404
    return _serve(request, page, extra, "pdf", extra=f"bo-sung-tu-ban-{number}")


@require_GET
def offline_bundle(request, term, session):
    page = _session(term, session)
    build = services.build_for(request.user, page)
    if build is None:
        raise Http404
    folder = tempfile.mkdtemp(prefix="council-bundle-")
    out = Path(folder) / "bundle.zip"
    services.offline_bundle(request.user, page, out)
    response = FileResponse(
        out.open("rb"),
        as_attachment=True,
        filename=_file_name(page, build, "zip", "ngoai-tuyen"),
        content_type="application/zip",
    )
    out.unlink()  # the open handle keeps the data until the response is sent
    Path(folder).rmdir()
    response["Cache-Control"] = "private, no-store"
    return response


def _message(request, page, text: str) -> HttpResponse:
    return render(
        request,
        "publishing/message.html",
        {
            "page": page,
            "text": text,
            "back": reverse("publishing:publications", args=[page.term.slug, page.slug]),
        },
        status=200,
    )
