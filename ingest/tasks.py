"""Background work of ingestion: OCR, office-to-PDF conversion, signature checks.

Every task is idempotent: the worker's reaper may run one again after a killed worker.
"""

from django_tasks import task


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
