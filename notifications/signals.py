"""Listen to the other apps' changes and queue notification events; never send here.

Every handler swallows its own errors: a notice that cannot be queued must not undo a publish.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from library.access import Level

from .models import Event
from .services import queue_event, sessions_of_document

logger = logging.getLogger("council.notifications")

_VISIBLE_LEVELS = {Level.PUBLIC, Level.DELEGATES}


def _safely(handler):
    def wrapped(*args, **kwargs):
        if kwargs.get("raw"):
            return
        try:
            handler(*args, **kwargs)
        except Exception:
            logger.exception("could not queue a notification in %s", handler.__name__)

    wrapped.__name__ = handler.__name__
    return wrapped


@_safely
def session_published(sender, instance, **kwargs):
    # Only the first publication announces the session; later edits announce their documents.
    queue_event(
        Event.Kind.SESSION_PUBLISHED, instance.pk, dedupe_key=f"session-published:{instance.pk}"
    )


@_safely
def agenda_document_saved(sender, instance, created=False, **kwargs):
    session_id = getattr(instance, "session_id", None)
    if session_id is None:
        from sessions.models import AgendaItem

        session_id = (
            AgendaItem.objects.filter(pk=instance.item_id)
            .values_list("session_id", flat=True)
            .first()
        )
    if session_id is None:
        return
    queue_event(
        Event.Kind.DOCUMENT_ADDED,
        session_id,
        document_id=instance.document_id,
        dedupe_key=f"added:{session_id}:{instance.document_id}",
    )


@_safely
def version_saved(sender, instance, created=False, **kwargs):
    if not created or instance.number <= 1:
        return  # the first version is the document being added, announced by its agenda link
    for session_id in sessions_of_document(instance.document_id):
        queue_event(
            Event.Kind.DOCUMENT_REVISED,
            session_id,
            document_id=instance.document_id,
            version_number=instance.number,
            dedupe_key=f"revised:{session_id}:{instance.document_id}:{instance.number}",
        )


@_safely
def document_before_save(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = sender.objects.filter(pk=instance.pk).values("access_level").first()
    instance._notify_old_level = old["access_level"] if old else None


@_safely
def document_saved(sender, instance, created=False, **kwargs):
    """A document turned visible to delegates (from restricted or secret) is news to them; an
    embargo that lifts later is found by the periodic scan."""
    old = getattr(instance, "_notify_old_level", None)
    if created or old is None or old in _VISIBLE_LEVELS:
        return
    if instance.access_level not in _VISIBLE_LEVELS:
        return
    now = timezone.now()
    if instance.release_at and instance.release_at > now:
        return
    for session_id in sessions_of_document(instance.pk):
        queue_event(
            Event.Kind.DOCUMENT_RELEASED,
            session_id,
            document_id=instance.pk,
            dedupe_key=f"level:{session_id}:{instance.pk}:{now.isoformat()}",
        )


@_safely
def build_saved(sender, instance, **kwargs):
    from publishing.models import Build, Edition

    if instance.status != Build.Status.DONE or instance.edition != Edition.DELEGATES:
        return
    queue_event(
        Event.Kind.PACKET_REBUILT,
        instance.session_id,
        build_number=instance.number,
        dedupe_key=f"build:{instance.pk}",
    )


def connect() -> None:
    from wagtail.signals import page_published

    from library.models import ArchiveDocument, DocumentVersion
    from publishing.models import Build
    from sessions.models import AgendaItemDocument, SessionDocument, SessionPage

    page_published.connect(session_published, sender=SessionPage, dispatch_uid="notify-session")
    for model in (AgendaItemDocument, SessionDocument):
        post_save.connect(
            agenda_document_saved, sender=model, dispatch_uid=f"notify-{model.__name__}"
        )
    post_save.connect(version_saved, sender=DocumentVersion, dispatch_uid="notify-version")
    pre_save.connect(document_before_save, sender=ArchiveDocument, dispatch_uid="notify-doc-pre")
    post_save.connect(document_saved, sender=ArchiveDocument, dispatch_uid="notify-doc")
    post_save.connect(build_saved, sender=Build, dispatch_uid="notify-build")
