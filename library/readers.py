"""In-browser readers: PDF.js for PDFs (deep links `#page=12`), epub.js for EPUBs.

The reader page is only a frame: the file itself still comes through the checked serving view.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from wagtail.documents import get_document_model

from . import access

PDF, EPUB = "pdf", "epub"


def _readable(request, document_id: int, kind: str):
    document = get_object_or_404(get_document_model(), pk=document_id)
    access.require_view(request, document)
    if not document.has_file or document.file_extension.lower() != kind:
        raise Http404
    return document


def _context(document):
    return {
        "document": document,
        "file_url": reverse("wagtaildocs_serve", args=[document.pk, document.filename]),
    }


def pdf_reader(request, document_id: int):
    document = _readable(request, document_id, PDF)
    return render(request, "library/reader_pdf.html", _context(document))


def epub_reader(request, document_id: int):
    document = _readable(request, document_id, EPUB)
    return render(request, "library/reader_epub.html", _context(document))


def reader_url(document) -> str | None:
    """Where to read `document` in the browser, or None when no reader fits its file."""
    if not document.has_file:
        return None
    extension = document.file_extension.lower()
    if extension == PDF:
        return reverse("library_readers:pdf", args=[document.pk])
    if extension == EPUB:
        return reverse("library_readers:epub", args=[document.pk])
    return None
