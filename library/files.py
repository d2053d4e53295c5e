"""The one path by which document files leave storage: access check, then stream or sign.

Wraps Wagtail's serve view (which already runs the `before_serve_document` hook that asks the
access core) so public files may be cached by proxies while every other response stays private.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve

from . import access
from .storage import is_remote


def presigned_redirect(document, request):
    """After the access check: a short-lived signed URL instead of streaming through Python."""
    storage = document.file.storage
    if not getattr(settings, "COUNCIL_S3_REDIRECT", False) or not is_remote(storage):
        return None
    disposition = f"inline; filename*=UTF-8''{quote(document.filename)}"
    url = storage.url(
        document.file.name,
        parameters={"ResponseContentDisposition": disposition},
        expire=getattr(settings, "COUNCIL_S3_URL_SECONDS", 120),
    )
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response


def serve_document(request, document_id, document_filename):
    response = wagtail_serve(request, document_id, document_filename)
    if response.status_code == 200 and not request.user.is_authenticated:
        document = get_document_model().objects.filter(pk=document_id).first()
        if document is not None and access.is_public(document):
            response.council_public = True
            response["Cache-Control"] = "public, max-age=3600"
    return response
