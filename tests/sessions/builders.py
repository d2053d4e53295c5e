"""Helpers to build proceedings in tests: a term's session index, a session with an agenda."""

import datetime

from django.core.files.base import ContentFile

from core.models import HomePage
from core.pdfgen import text_pdf
from library.access import Level
from sessions.models import (
    AgendaItem,
    AgendaItemDocument,
    ProceedingsIndexPage,
    SessionDocument,
    SessionIndexPage,
    SessionPage,
)
from tests.factories import ArchiveDocumentFactory, TermFactory


def proceedings_root():
    root = ProceedingsIndexPage.objects.first()
    if root is None:
        home = HomePage.objects.get(depth=2)
        root = home.add_child(instance=ProceedingsIndexPage(title="Kỳ họp", slug="ky-hop"))
    return root


def session_index(term=None):
    term = term or TermFactory()
    index = SessionIndexPage.objects.filter(term=term).first()
    if index is None:
        index = proceedings_root().add_child(
            instance=SessionIndexPage(title=f"Kỳ họp HĐND tỉnh khóa {term.roman}", term=term)
        )
    return index


def make_session(term=None, number=12, start=None, days=3, **fields):
    index = session_index(term)
    start = start or datetime.date(2026, 12, 8)
    page = SessionPage(
        title=f"Kỳ họp thứ {number}",
        number=number,
        kind=fields.pop("kind", SessionPage.Kind.REGULAR),
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        venue=fields.pop("venue", "Hội trường HĐND tỉnh"),
        **fields,
    )
    index.add_child(instance=page)
    return page


def add_item(session, code, title, documents=(), order=None):
    item = AgendaItem.objects.create(
        session=session,
        code=code,
        title=title,
        sort_order=order
        if order is not None
        else AgendaItem.objects.filter(session=session).count(),
    )
    for position, document in enumerate(documents):
        AgendaItemDocument.objects.create(item=item, document=document, sort_order=position)
    return item


def add_general(session, document, order=0):
    return SessionDocument.objects.create(session=session, document=document, sort_order=order)


def document(title="Tờ trình về dự thảo nghị quyết", number="", level=Level.PUBLIC, **fields):
    fields.setdefault("file", ContentFile(text_pdf(title, [f"Nội dung {title}."]), name="a.pdf"))
    return ArchiveDocumentFactory(title=title, number=number, access_level=level, **fields)
