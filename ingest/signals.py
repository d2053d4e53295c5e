"""Every new version, whatever path uploaded it: scans are queued for OCR, office files for a
PDF rendition, PDFs for a signature check (after the upload's transaction commits)."""

import logging

from django.db import transaction

logger = logging.getLogger("council.ingest")


def version_created(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    from . import services
    from .conversions import office_extension

    checked = getattr(instance.document, "_ingest_checked", None)
    if checked is not None and checked.was_cleaned:
        services.record_checked_upload(instance, checked)
        instance.document._ingest_checked = None
    if instance.text_status == "needs_ocr":
        services.queue_ocr(instance)
    version_id = instance.pk
    if office_extension(instance):
        _after_commit("convert_version_to_pdf", version_id)
    elif instance.content_type == "application/pdf" or instance.file.name.endswith(".pdf"):
        _after_commit("verify_version_signatures", version_id)


def _after_commit(task_name: str, version_id: int) -> None:
    def run():
        from . import tasks

        try:
            getattr(tasks, task_name).enqueue(version_id)
        except Exception:
            logger.exception("could not enqueue %s(%s)", task_name, version_id)

    transaction.on_commit(run)


def connect() -> None:
    from django.db.models.signals import post_save

    from library.models import DocumentVersion

    post_save.connect(version_created, sender=DocumentVersion, dispatch_uid="ingest_version")
