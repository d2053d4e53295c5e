"""Background work of the search: text extraction after an upload, reindexing, alerts."""

import datetime

from django_tasks import task

try:  # the worker's periodic scheduler (core.worker), when present
    from core.worker import periodic
except ImportError:  # pragma: no cover

    def periodic(every, name=None):
        return lambda task: task


@task()
def extract_version_text(version_id: int) -> str:
    from library.models import DocumentVersion

    from .indexing import extract_version

    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return "gone"
    return extract_version(version).status


@task()
def extract_document_text(document_id: int) -> str:
    from library.models import ArchiveDocument

    from .indexing import index_document

    document = ArchiveDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    return index_document(document, refresh_text=True).text_status


@periodic(datetime.timedelta(hours=1), name="search.send_saved_search_alerts")
@task()
def send_saved_search_alerts() -> int:
    """Periodic: mail each saved search's new matching public documents (run by
    `manage.py send_search_alerts`, e.g. hourly from cron or a systemd timer)."""
    from .alerts import send_all_alerts

    return send_all_alerts()
