"""Keep search entries in step: metadata and access at once, text extraction after commit."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import indexing, sources

logger = logging.getLogger("council.search")


def _enqueue(task, *args) -> None:
    def run():
        try:
            task.enqueue(*args)
        except Exception:  # the upload stays saved; `manage.py reindex` catches up
            logger.exception("could not queue %s%s", task.name, args)

    transaction.on_commit(run)


def document_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .models import SearchEntry
    from .tasks import extract_document_text

    entry = indexing.index_metadata(instance)
    file_changed = instance.has_file and entry.source_sha256 != instance.sha256
    if file_changed or (instance.has_file and entry.text_status == SearchEntry.TextStatus.NONE):
        if entry.text_status in ("", SearchEntry.TextStatus.NONE):
            type(entry).objects.filter(pk=entry.pk).update(text_status="pending")
        _enqueue(extract_document_text, instance.pk)


def version_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if not created and update_fields and "file" not in update_fields:
        return
    from .tasks import extract_version_text

    _enqueue(extract_version_text, instance.pk)


def object_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    indexing.index_object(instance)


def object_deleted(sender, instance, **kwargs):
    indexing.remove_object(instance)


def readers_changed(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from library.models import ArchiveDocument

    if reverse:  # user.restricted_documents changed: refresh each document touched
        pks = kwargs.get("pk_set") or []
        for document in ArchiveDocument.objects.filter(pk__in=pks):
            indexing.index_metadata(document)
    else:
        indexing.index_metadata(instance)


def membership_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from delegates.models import Person

    person = Person.objects.filter(pk=instance.person_id).first()
    if person is not None:
        indexing.index_object(person)


def document_link_changed(sender, instance, raw=False, **kwargs):
    """A document joined or left a session: its session facet changes."""
    if raw:
        return
    from library.models import ArchiveDocument

    document = ArchiveDocument.objects.filter(pk=instance.document_id).first()
    if document is not None:
        indexing.index_metadata(document)


def agenda_item_changed(sender, instance, raw=False, **kwargs):
    """The session's entry holds its agenda's text."""
    if raw:
        return
    session = (
        type(instance).session.field.related_model.objects.filter(pk=instance.session_id).first()
    )
    if session is not None:
        indexing.index_object(session)


def session_saved(sender, instance, raw=False, **kwargs):
    """Publishing or unpublishing a session shows or hides what is shown on its page."""
    if raw:
        return
    from library.models import ArchiveDocument

    for relation in ("agenda_items", "interpellations", "petitions"):
        manager = getattr(instance, relation, None)
        if manager is None or instance.pk is None:
            continue
        for obj in manager.all():
            # In the editor, modelcluster saves new children after the page: those are
            # indexed by their own post_save.
            if obj.pk is not None:
                indexing.index_object(obj)
    documents = ArchiveDocument.objects.filter(
        Q(agenda_links__item__session=instance) | Q(session_links__session=instance)
    ).distinct()
    for document in documents:
        indexing.index_metadata(document)


def view_restriction_changed(sender, instance, raw=False, **kwargs):
    """A Wagtail view restriction added or removed: re-evaluate the pages under it."""
    if raw:
        return
    from django.apps import apps

    try:
        session_model = apps.get_model("council_sessions.SessionPage")
    except LookupError:
        return
    page = instance.page
    pages = session_model.objects.filter(path__startswith=page.path)
    for session in pages:
        indexing.index_object(session)
        session_saved(session_model, session)


def after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    from .db import ensure_sqlite_fts

    ensure_sqlite_fts(connections[using])


def connect() -> None:
    from library.models import ArchiveDocument, DocumentVersion

    post_save.connect(document_saved, sender=ArchiveDocument, dispatch_uid="search_doc_saved")
    post_delete.connect(object_deleted, sender=ArchiveDocument, dispatch_uid="search_doc_deleted")
    post_save.connect(version_saved, sender=DocumentVersion, dispatch_uid="search_version_saved")
    m2m_changed.connect(
        readers_changed, sender=ArchiveDocument.readers.through, dispatch_uid="search_readers"
    )
    for source in sources.registered():
        if isinstance(source, sources.DocumentSource):
            continue
        uid = f"search_{source.model_label}"
        post_save.connect(object_saved, sender=source.model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(object_deleted, sender=source.model, dispatch_uid=f"{uid}_deleted")
    _connect_related()


def _connect_related() -> None:
    from django.apps import apps

    def model(label):
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    membership = model("delegates.Membership")
    if membership is not None:
        for signal in (post_save, post_delete):
            signal.connect(membership_changed, sender=membership, dispatch_uid=f"search_m_{signal}")
    for label in ("council_sessions.AgendaItemDocument", "council_sessions.SessionDocument"):
        link = model(label)
        if link is not None:
            for signal in (post_save, post_delete):
                signal.connect(
                    document_link_changed, sender=link, dispatch_uid=f"search_{label}_{signal}"
                )
    restriction = model("wagtailcore.PageViewRestriction")
    if restriction is not None:
        for signal in (post_save, post_delete):
            signal.connect(
                view_restriction_changed, sender=restriction, dispatch_uid=f"search_pvr_{signal}"
            )
    session = model("council_sessions.SessionPage")
    if session is not None:
        post_save.connect(session_saved, sender=session, dispatch_uid="search_session_saved")
    item = model("council_sessions.AgendaItem")
    if item is not None:
        for signal in (post_save, post_delete):
            signal.connect(agenda_item_changed, sender=item, dispatch_uid=f"search_ai_{signal}")
