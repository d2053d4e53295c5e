"""Actions on archive documents: the checks and records around serving a file."""

from django.http import Http404

from . import access


def check_document_download(document, request):
    """Refuse (404 anonymous / 403 signed in) unless the reader may see this document's file.

    Returns None to let Wagtail's serving view stream the file.
    """
    access.require_view(request, document)
    if not document.has_file:
        raise Http404
    return None
