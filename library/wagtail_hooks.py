"""Wagtail hooks: every document download is asked of the access core first."""

from wagtail import hooks

from .services import check_document_download


@hooks.register("before_serve_document")
def guard_document(document, request):
    return check_document_download(document, request)
