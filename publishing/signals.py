"""Any change to a session's agenda, its documents, their versions or access queues a rebuild."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .services import schedule_rebuild, sessions_of_document


def _item_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    session_id = getattr(instance, "session_id", None)
    if session_id is None and getattr(instance, "item_id", None):
        from sessions.models import AgendaItem

        items = AgendaItem.objects.filter(pk=instance.item_id)
        session_id = items.values_list("session_id", flat=True).first()
    if session_id:
        schedule_rebuild(session_id)


def _document_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for session_id in sessions_of_document(instance.pk):
        schedule_rebuild(session_id)


def _version_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for session_id in sessions_of_document(instance.document_id):
        schedule_rebuild(session_id)


def _session_changed(sender, instance, raw=False, **kwargs):
    if raw or not getattr(instance, "pk", None):
        return
    schedule_rebuild(instance.pk)


def _vote_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from sessions.models import Ballot

    session_id = Ballot.objects.filter(pk=instance.ballot_id).values_list("session_id", flat=True)
    for pk in session_id:
        schedule_rebuild(pk)


def connect() -> None:
    from library.models import ArchiveDocument, DocumentVersion
    from sessions.models import (
        AgendaItem,
        AgendaItemDocument,
        Ballot,
        Interpellation,
        SessionDocument,
        SessionPage,
        Vote,
    )

    for model in (AgendaItem, AgendaItemDocument, SessionDocument, Ballot, Interpellation):
        post_save.connect(_item_changed, sender=model, dispatch_uid=f"publishing-{model.__name__}")
        post_delete.connect(
            _item_changed, sender=model, dispatch_uid=f"publishing-del-{model.__name__}"
        )
    post_save.connect(_document_changed, sender=ArchiveDocument, dispatch_uid="publishing-doc")
    post_save.connect(_version_changed, sender=DocumentVersion, dispatch_uid="publishing-version")
    post_save.connect(_session_changed, sender=SessionPage, dispatch_uid="publishing-session")
    post_save.connect(_vote_changed, sender=Vote, dispatch_uid="publishing-vote")
