"""Wagtail hooks: every document download is asked of the access core first."""

from wagtail import hooks

from .files import presigned_redirect
from .services import check_document_download


@hooks.register("before_serve_document")
def guard_document(document, request):
    # The access check raises (404/403) before anything is signed or streamed.
    return check_document_download(document, request) or presigned_redirect(document, request)
