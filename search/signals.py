"""Keep search entries in step: metadata and access at once, text extraction after commit."""

from __future__ import annotations

import logging

from django.db import transaction
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
