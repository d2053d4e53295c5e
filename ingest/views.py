"""Files kept beside a version, served through the access core: the OCR copy (to whoever may
see the document) and the untouched original of a cleaned upload (the secretariat only)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from library import access
from library.models import ArchiveDocument, DocumentVersion
from library.services import record_download

from .models import DerivedFile


def _derived(request, slug, number, kind) -> tuple[ArchiveDocument, DocumentVersion, DerivedFile]:
    document = get_object_or_404(ArchiveDocument, slug=slug)
    access.require_view(request, document)
    if not document.has_file:
        raise Http404
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    derived = get_object_or_404(DerivedFile, version=version, kind=kind)
    return document, version, derived


def _respond(request, document, version, derived, filename, attachment):
    try:
        handle = derived.file.storage.open(derived.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    record_download(request, document, version)
    response = FileResponse(handle, content_type="application/pdf", as_attachment=attachment,
                            filename=filename)  # fmt: skip
    public = access.is_public(document)
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def ocr_copy(request, slug, number):
    document, version, derived = _derived(request, slug, number, DerivedFile.Kind.OCR)
    name = f"{document.slug}-v{version.number}-ocr.pdf"
    return _respond(request, document, version, derived, name, request.GET.get("tai") == "1")


@require_GET
def original_upload(request, slug, number):
    """The upload before active content was stripped: may carry JavaScript, so the secretariat
    only, and always as a download (never opened in the browser)."""
    document, version, derived = _derived(request, slug, number, DerivedFile.Kind.ORIGINAL)
    if not access.is_secretariat(request.user):
        raise Http404
    name = f"{document.slug}-v{version.number}-ban-goc-chua-lam-sach.pdf"
    return _respond(request, document, version, derived, name, True)
