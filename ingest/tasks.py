"""Background work of ingestion: OCR, office-to-PDF conversion, signature checks.

Every task is idempotent: the worker's reaper may run one again after a killed worker.
"""

import datetime
import io
import logging

from django.core.management import call_command
from django_tasks import task

from core.worker import periodic

logger = logging.getLogger("council.ingest")


@task()
def ocr_version(version_id: int) -> str:
    from .ocr import run_ocr

    return run_ocr(version_id)


@task()
def convert_version_to_pdf(version_id: int) -> str:
    from .conversions import convert_version

    return convert_version(version_id)


@task()
def verify_version_signatures(version_id: int) -> str:
    from .signatures import check_version

    return check_version(version_id)


@task()
def write_queued_batch(batch_id: int) -> str:
    from .importer import write_queued

    return write_queued(batch_id)


@periodic(datetime.timedelta(hours=1), name="ingest.requeue_pending_ocr")
@task()
def requeue_pending_ocr() -> str:
    """Hourly: scans still waiting for OCR, or whose job was lost with its worker, are queued."""
    out = io.StringIO()
    call_command("ocr_pending", stdout=out)
    return out.getvalue()[-500:]


@periodic(datetime.timedelta(days=7), name="ingest.verify_fixity")
@task()
def verify_fixity_weekly() -> int:
    """Weekly: re-hash every stored file; a mismatch or a missing file is logged as an error."""
    from .fixity import verify

    run = verify()
    if run.problems:
        logger.error("fixity: %d problem(s) in %d files: %s", len(run.problems), run.checked,
                     run.problems[:20])  # fmt: skip
    return len(run.problems)
