"""The document page (/van-ban/<slug>/), its file and version downloads, and version diffs.

Every view asks the access core first; a refused reader learns nothing (404 anonymous,
403 signed in), the same answer for a missing and a hidden document.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import access, services
from .catalogue import council_documents
from .models import ArchiveDocument, DocumentVersion


def _document(request, slug) -> ArchiveDocument:
    document = get_object_or_404(ArchiveDocument.objects.select_related("term"), slug=slug)
    access.require_view(request, document)
    return document


@require_GET
def document_detail(request, slug):
    from sessions.services import document_context

    document = _document(request, slug)
    from ingest.models import DerivedFile
    from ingest.signatures import document_signature_badge

    from .readers import reader_url

    versions = list(document.versions.order_by("-number").select_related("created_by"))
    with_ocr = set(
        DerivedFile.objects.filter(version__in=versions, kind=DerivedFile.Kind.OCR).values_list(
            "version_id", flat=True
        )
    )
    for version in versions:
        version.is_current = version.file.name == document.file.name
        version.has_ocr_copy = version.pk in with_ocr
    context = {
        "signature_badge": document_signature_badge(document),
        "reader_url": reader_url(document),
        "document": document,
        "versions": versions,
        "can_see_uploader": access.is_secretariat(request.user),
        "is_public": access.is_public(document),
        **document_context(document, request.user),
    }
    response = render(request, "library/document_detail.html", context)
    if not context["is_public"]:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_download(request, slug):
    return services.serve_file(request, _document(request, slug))


@require_GET
def version_download(request, slug, number):
    document = _document(request, slug)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    return services.serve_file(request, document, version)


@require_GET
def version_compare(request, slug, old, new):
    document = _document(request, slug)
    versions = {v.number: v for v in document.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions or old == new:
        raise Http404
    lines = services.diff_versions(versions[old], versions[new])
    context = {
        "document": document,
        "old": versions[old],
        "new": versions[new],
        "lines": lines,
        "has_text": bool(versions[old].text.strip() and versions[new].text.strip()),
    }
    response = render(request, "library/version_compare.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def document_list(request):
    """The archive as this reader may see it: filter by kind and year, newest first."""
    from django.core.paginator import Paginator

    from .models import DocumentKind

    documents = access.visible_to(council_documents(ArchiveDocument.objects.all()), request.user)
    kind = request.GET.get("loai", "")
    year = request.GET.get("nam", "")
    errors = []
    if kind and kind not in DocumentKind.values:
        errors.append(_("Loại văn bản không hợp lệ; đã bỏ qua bộ lọc này."))
        kind = ""
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        if year.isdigit() and 1945 <= int(year) <= 2100:
            documents = documents.filter(number_year=int(year))
        else:
            errors.append(_("Năm phải là số có 4 chữ số, ví dụ 2026; đã bỏ qua bộ lọc này."))
            year = ""
    years = (
        access.visible_to(
            council_documents(ArchiveDocument.objects.exclude(number_year=None)), request.user
        )
        .order_by("-number_year")
        .values_list("number_year", flat=True)
        .distinct()
    )
    page = Paginator(documents.order_by("-issued_on", "-pk"), 30).get_page(request.GET.get("trang"))
    response = render(
        request,
        "library/document_list.html",
        {
            "page_obj": page,
            "kinds": DocumentKind.choices,
            "years": list(years),
            "kind": kind,
            "year": year,
            "errors": errors,
        },
    )
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
