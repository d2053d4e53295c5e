"""Background builds: one task per session (all its editions), and a periodic refresh that
catches what no signal announces (a release time or a public date passing)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from core.worker import periodic


@task()
def build_session(session_id: int) -> list[int]:
    """Build every edition of the session whose inputs changed; returns the new build numbers."""
    from sessions.models import SessionPage

    from .services import build_all

    session = SessionPage.objects.filter(pk=session_id).select_related("term").first()
    if session is None:
        return []
    return [build.number for build in build_all(session)]


@task()
def build_supplement(session_id: int, since_build_id: int) -> int | None:
    from sessions.models import SessionPage

    from .models import Build
    from .services import supplement

    session = SessionPage.objects.filter(pk=session_id).select_related("term").first()
    since = Build.objects.filter(pk=since_build_id, session_id=session_id).first()
    if session is None or since is None:
        return None
    build = supplement(session, since)
    return build.number if build else None


@periodic(datetime.timedelta(minutes=5), name="publishing.refresh_sessions")
@task()
def refresh_sessions() -> int:
    """Queue a build for sessions of the last months whose editions may have changed with time
    (embargoes lifting, documents turning public): the fingerprint skips the unchanged."""
    from django.db.models import Q

    from library.models import ArchiveDocument
    from sessions.models import SessionPage

    from .services import schedule_rebuild, sessions_of_document

    now = timezone.now()
    since = timezone.localdate() - datetime.timedelta(days=120)
    ids = set(SessionPage.objects.live().filter(end_date__gte=since).values_list("pk", flat=True))
    # Older sessions too, when one of their documents was released or made public just now.
    window = Q(release_at__range=(now - datetime.timedelta(minutes=15), now)) | Q(
        public_at__range=(now - datetime.timedelta(minutes=15), now)
    )
    for document_id in ArchiveDocument.objects.filter(window).values_list("pk", flat=True):
        ids |= sessions_of_document(document_id)
    for session_id in sorted(ids):
        schedule_rebuild(session_id)
    return len(ids)
