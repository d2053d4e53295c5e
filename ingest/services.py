"""Actions of ingestion: keep what the checks set aside, link imported documents to sessions,
queue OCR, read OCR state. Views, commands, tasks and the importer call these."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .filecheck import CheckedFile
from .models import DerivedFile, OcrJob

logger = logging.getLogger("council.ingest")

OFFICE_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
}


def store_derived(version, kind: str, data: bytes, note: str = "", written=None) -> DerivedFile:
    """Save (or replace) the version's derived file of this kind, with its sha256."""
    existing = DerivedFile.objects.filter(version=version, kind=kind).first()
    old_name = existing.file.name if existing else None
    derived = existing or DerivedFile(version=version, kind=kind)
    derived.sha256 = hashlib.sha256(data).hexdigest()
    derived.file_size = len(data)
    derived.note = note[:500]
    derived.file.save(
        f"{kind}.pdf" if data[:5] == b"%PDF-" else kind, ContentFile(data), save=False
    )
    if written is not None:
        written.append((derived.file.storage, derived.file.name))
    derived.save()
    if old_name and old_name != derived.file.name:
        storage = derived.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return derived


def record_checked_upload(version, checked: CheckedFile, written=None) -> None:
    """What the hostile-file check set aside: the untouched original of a cleaned upload."""
    if checked.was_cleaned:
        note = "Đã gỡ: " + ", ".join(checked.removed)
        store_derived(version, DerivedFile.Kind.ORIGINAL, checked.original, note, written)


def check_and_add_version(document, fileobj, declared_name: str, change_note: str = "", user=None):
    """The checked upload path for one file: filecheck, then the library's `add_version`, then
    the original kept aside. Raises ValidationError with a Vietnamese message."""
    from library.services import add_version

    from .filecheck import check_upload

    checked = check_upload(fileobj, declared_name, allowed={"pdf", "docx", "odt"})
    written: list = []
    try:
        with transaction.atomic():
            version = add_version(document, checked.data, change_note, user,
                                  original_name=checked.display_name)  # fmt: skip
            written.append((version.file.storage, version.file.name))
            record_checked_upload(version, checked, written)
    except Exception:
        for storage, name in written:
            storage.delete(name)
        raise
    return version


# --- sessions ---------------------------------------------------------------------------------


def link_to_session(document, session, agenda_item=None) -> None:
    from sessions.models import AgendaItemDocument, SessionDocument

    if agenda_item is not None:
        if not agenda_item.documents.filter(document=document).exists():
            order = agenda_item.documents.count()
            AgendaItemDocument.objects.create(item=agenda_item, document=document, sort_order=order)
    elif not session.session_documents.filter(document=document).exists():
        order = session.session_documents.count()
        SessionDocument.objects.create(session=session, document=document, sort_order=order)


def publish_session_links(session, user=None) -> None:
    """Links are written to the live tables; Wagtail's editor reads the latest revision, so a
    new revision is saved from the live page (unless a draft is pending, which is left alone)."""
    page = type(session).objects.get(pk=session.pk)
    if page.has_unpublished_changes:
        logger.warning("session %s has a draft: imported links not in its revision", page.pk)
        return
    revision = page.save_revision(user=user if getattr(user, "is_authenticated", False) else None,
                                  log_action=False)  # fmt: skip
    revision.publish(user=None, log_action=False)


# --- OCR --------------------------------------------------------------------------------------


def queue_ocr(version, user=None, force: bool = False) -> OcrJob:
    """Mark the version for OCR and enqueue the task after the transaction commits."""
    job, _created = OcrJob.objects.get_or_create(version=version)
    if job.status == OcrJob.Status.DONE and not force:
        return job
    job.status = OcrJob.Status.QUEUED
    job.queued_at = timezone.now()
    job.error = ""
    if getattr(user, "is_authenticated", False):
        job.requested_by = user
    job.save()
    version_id = version.pk
    if not force and not getattr(settings, "INGEST_AUTO_OCR", True):
        return job  # left queued: `manage.py ocr_pending` or the admin's button runs it

    def enqueue():
        from .tasks import ocr_version

        try:
            ocr_version.enqueue(version_id)
        except Exception:  # stays queued; `manage.py ocr_pending` enqueues it again
            logger.exception("could not enqueue OCR of version %s", version_id)

    transaction.on_commit(enqueue)
    return job


def ocr_status(document) -> dict:
    """The OCR state of a document's current file, for the secretariat's views."""
    version = document.versions.filter(file=document.file.name).first() if document.file else None
    job = OcrJob.objects.filter(version=version).first() if version else None
    return {"version": version, "job": job}


def searchable_copy(version) -> DerivedFile | None:
    """The OCR copy of a version (breaks any digital signature: offer the original for that)."""
    return DerivedFile.objects.filter(version=version, kind=DerivedFile.Kind.OCR).first()
