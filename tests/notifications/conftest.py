"""A term-XVI session with materials at every access level, its delegates and outsiders."""

import datetime

import pytest
from django.utils import timezone

from library.access import Level
from notifications import services
from tests.factories import TermFactory, delegate_user
from tests.sessions.builders import add_item, document, make_session


def after_window(minutes: int = 1, start=None):
    """A moment just past the digest window, when waiting notices are due."""
    start = start or timezone.now()
    return start + services.digest_window() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def world(settings):
    settings.COUNCIL_NOTIFY_DIGEST_MINUTES = 15
    term = TermFactory()
    other_term = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
    start = timezone.localdate() + datetime.timedelta(days=10)
    session = make_session(term, number=12, start=start, live=False)
    delegate = delegate_user(term, "daibieu")
    reader = delegate_user(term, "daibieu.doc")
    outsider = delegate_user(other_term, "daibieu.khoaxv")
    report = document("Báo cáo kinh tế – xã hội năm 2026", level=Level.DELEGATES, term=term)
    draft = document("Dự thảo nghị quyết dự toán ngân sách 2027", level=Level.DELEGATES, term=term)
    personnel = document("Tờ trình về công tác cán bộ", level=Level.RESTRICTED)
    personnel.readers.add(reader)
    embargoed = document(
        "Báo cáo thẩm tra quyết toán",
        level=Level.DELEGATES,
        term=term,
        release_at=timezone.now() + datetime.timedelta(hours=2),
    )
    add_item(session, "1", "Kinh tế – xã hội", [report])
    add_item(session, "2", "Ngân sách", [draft, embargoed])
    add_item(session, "3", "Công tác cán bộ", [personnel])
    return {
        "term": term,
        "session": session,
        "delegate": delegate,
        "reader": reader,
        "outsider": outsider,
        "report": report,
        "draft": draft,
        "personnel": personnel,
        "embargoed": embargoed,
    }


def publish(session):
    session.save_revision().publish()
    session.refresh_from_db()
    return session
