"""Background entry points (the task worker's view of publishing) and the demo step."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from library.access import Level
from library.services import add_version
from publishing import demo, services, tasks
from publishing.models import Build, Edition, PersonalCopy
from tests.factories import TermFactory, delegate_user, secretariat_user
from tests.sessions.builders import add_item, document, make_session

from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    term = TermFactory()
    page = make_session(term, number=12, start=datetime.date(2026, 12, 8))
    public = document("Báo cáo công khai", level=Level.PUBLIC)
    draft = document(
        "Dự thảo nghị quyết", level=Level.DELEGATES, term=term,
        file=ContentFile(pdf_bytes("Dự thảo", 2), name="d.pdf"),
    )  # fmt: skip
    add_item(page, "1", "Báo cáo", [public])
    add_item(page, "2", "Dự thảo", [draft])
    return SimpleNamespace(page=page, term=term, draft=draft)


def test_session_task_builds_every_edition_and_skips_when_nothing_changed(session):
    result = tasks.build_session.enqueue(session.page.pk)
    assert result.return_value == [1, 1]
    assert tasks.build_session.enqueue(session.page.pk).return_value == []
    assert tasks.build_session.enqueue(999999).return_value == []


def test_periodic_refresh_queues_recent_sessions(session):
    from django.db import connection

    result = tasks.refresh_sessions.enqueue()
    assert result.return_value == 1
    # one build task per session is waiting for the commit (merged with the fixture's own)
    waiting = [
        f for _ids, f, _robust in connection.run_on_commit
        if getattr(f, "publishing_session", None) == session.page.pk
    ]  # fmt: skip
    assert len(waiting) == 1


def test_supplement_task(session):
    first = services.run_build(session.page, Edition.DELEGATES)
    add_version(session.draft, ContentFile(pdf_bytes("Dự thảo sửa", 1), name="v2.pdf"))
    services.run_build(session.page, Edition.DELEGATES)
    assert tasks.build_supplement.enqueue(session.page.pk, first.pk).return_value == 1
    assert tasks.build_supplement.enqueue(session.page.pk, 0).return_value is None


def test_secretariat_can_queue_a_rebuild_from_the_admin(client, session):
    client.force_login(secretariat_user())
    response = client.post(f"/quan-tri/tap-tai-lieu/tao-lai/{session.page.pk}/")
    assert response.status_code == 302
    client.force_login(delegate_user(session.term, "daibieu"))
    assert client.post(f"/quan-tri/tap-tai-lieu/tao-lai/{session.page.pk}/").status_code in (
        302,
        403,
    )


def test_demo_step_builds_editions_a_copy_and_a_supplement_and_is_idempotent(session):
    delegate = delegate_user(session.term, "daibieu")
    ctx = SimpleNamespace(
        objects={"sessions": {12: session.page}}, users={"daibieu": delegate}, write=print
    )
    demo.load(ctx)
    assert Build.objects.filter(edition=Edition.SUPPLEMENT, status="done").count() == 1
    assert PersonalCopy.objects.filter(user=delegate).exists()
    before = Build.objects.count()
    demo.load(ctx)
    assert Build.objects.count() == before


def test_demo_step_skips_without_sessions():
    lines = []
    demo.load(SimpleNamespace(objects={}, users={}, write=lines.append))
    assert "bỏ qua" in lines[0]


def test_periodic_refresh_picks_up_an_old_session_whose_document_was_just_released():
    from django.db import connection
    from django.utils import timezone

    term = TermFactory()
    old = make_session(term, number=2, start=datetime.date(2022, 7, 1))
    released = document("Nghị quyết cũ vừa phát hành", level=Level.PUBLIC)
    type(released).objects.filter(pk=released.pk).update(
        release_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    add_item(old, "1", "Nghị quyết", [released])
    connection.run_on_commit.clear()
    assert tasks.refresh_sessions.enqueue().return_value == 1
    assert [f.publishing_session for _ids, f, _robust in connection.run_on_commit] == [old.pk]
