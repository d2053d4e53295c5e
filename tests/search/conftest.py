import datetime

import pytest
from django.core.files.base import ContentFile

from core.pdfgen import scanned_pdf, text_pdf
from library.access import Level
from library.models import ArchiveDocument, DocumentKind


@pytest.fixture
def make_document(django_capture_on_commit_callbacks):
    """A document with a real Vietnamese PDF, saved and extracted as an upload would be."""

    def make(
        title="Nghị quyết về Đường giao thông nông thôn",
        pages=("Nội dung trang một.",),
        *,
        number="",
        kind=DocumentKind.RESOLUTION,
        access_level=Level.PUBLIC,
        scanned=False,
        issued_on=datetime.date(2024, 7, 10),
        **fields,
    ):
        maker = scanned_pdf if scanned else text_pdf
        document = ArchiveDocument(
            title=title, number=number, kind=kind, access_level=access_level,
            issued_on=issued_on, **fields,
        )  # fmt: skip
        if access_level != Level.SECRET:
            document.file = ContentFile(maker(title, list(pages)), name="van-ban.pdf")
        with django_capture_on_commit_callbacks(execute=True):
            document.save()
        return document

    return make
