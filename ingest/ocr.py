"""OCR of scans: ocrmypdf with tesseract `vie` makes a searchable PDF/A-2b copy beside the
untouched original, and its text (per page) feeds the search.

PDF/A is made by ocrmypdf's internal backend and pages are rasterised with pypdfium, so
Ghostscript is not needed. ocrmypdf runs as a child process in its own process group with a
timeout; everything is written to a private temporary folder first and reaches storage and the
database in one step at the end, so a killed worker leaves nothing half-written.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import DerivedFile, OcrJob
from .services import store_derived

logger = logging.getLogger("council.ingest")


class OcrError(Exception):
    pass


@dataclass
class OcrResult:
    pdf: bytes
    pages: list[str]
    output_type: str


def _die_with_parent() -> None:
    """In the child: a SIGKILLed worker takes its ocrmypdf with it (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def remove_stale_work_folders(max_age_hours: int = 12) -> int:
    """Temporary folders left by a worker killed mid-OCR (never storage: nothing to undo)."""
    import shutil
    import time

    removed = 0
    cutoff = time.time() - max_age_hours * 3600
    for folder in Path(tempfile.gettempdir()).glob("council-ocr-*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def ocr_pdf(data: bytes, *, language: str | None = None, timeout: int | None = None) -> OcrResult:
    """Run ocrmypdf on PDF bytes; the searchable PDF and the recognised text of each page."""
    language = language or getattr(settings, "INGEST_OCR_LANGUAGE", "vie")
    timeout = timeout or getattr(settings, "INGEST_OCR_TIMEOUT", 1800)
    output_type = getattr(settings, "INGEST_OCR_OUTPUT_TYPE", "pdfa-2")
    with tempfile.TemporaryDirectory(prefix="council-ocr-") as folder:
        root = Path(folder)
        source, target, sidecar = root / "in.pdf", root / "out.pdf", root / "text.txt"
        source.write_bytes(data)
        command = [
            sys.executable, "-m", "ocrmypdf",
            "--language", language,
            "--output-type", output_type,
            "--pdfa-backend", "internal",
            "--rasterizer", "pypdfium",
            "--skip-text",
            "--invalidate-digital-signatures",  # the copy only; the signed original is kept
            "--sidecar", str(sidecar),
            "--jobs", str(getattr(settings, "INGEST_OCR_JOBS", 1)),
            "--optimize", "0",
            "--quiet",
            str(source), str(target),
        ]  # fmt: skip
        env = {**os.environ, "TMPDIR": folder, "OMP_THREAD_LIMIT": "1"}
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise OcrError(f"OCR took longer than {timeout} s")
        if process.returncode != 0 or not target.exists():
            message = err.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise OcrError(f"ocrmypdf exit {process.returncode}: {' '.join(message)}"[:1000])
        text = sidecar.read_text("utf-8") if sidecar.exists() else ""
        pages = text.split("\f")
        if pages and not pages[-1].strip():
            pages.pop()
        return OcrResult(target.read_bytes(), [p.strip() for p in pages], output_type)


def run_ocr(version_id: int) -> str:
    """OCR one version (idempotent). Returns "done", "skipped", "gone" or "failed"."""
    from library.models import DocumentVersion

    version = DocumentVersion.objects.select_related("document").filter(pk=version_id).first()
    if version is None:
        return "gone"
    job, _created = OcrJob.objects.get_or_create(version=version)
    if job.status == OcrJob.Status.DONE and version.text_status == "ocr_done":
        return "skipped"
    remove_stale_work_folders()
    OcrJob.objects.filter(pk=job.pk).update(
        status=OcrJob.Status.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1,
        finished_at=None, error="",
    )  # fmt: skip
    try:
        with version.file.open("rb") as handle:
            data = handle.read()
        result = ocr_pdf(data)
    except (OcrError, OSError) as exc:
        logger.warning("OCR of version %s failed: %s", version_id, exc)
        OcrJob.objects.filter(pk=job.pk).update(
            status=OcrJob.Status.FAILED, finished_at=timezone.now(), error=str(exc)[:2000]
        )
        return "failed"
    _store_result(version, job, result)
    return "done"


def _store_result(version, job: OcrJob, result: OcrResult) -> None:
    from library.models import DocumentVersion

    written: list = []
    try:
        with transaction.atomic():
            store_derived(
                version, DerivedFile.Kind.OCR, result.pdf,
                "Bản OCR (tesseract vie); không mang chữ ký số của bản gốc.", written,
            )  # fmt: skip
            text = "\n\n".join(result.pages)
            DocumentVersion.objects.filter(pk=version.pk).update(
                text=text, text_status=DocumentVersion.TextStatus.OCR_DONE
            )
            feed_search(version, result.pages)
            OcrJob.objects.filter(pk=job.pk).update(
                status=OcrJob.Status.DONE, finished_at=timezone.now(),
                page_count=len(result.pages), char_count=len(text),
                output_type=result.output_type, error="",
            )  # fmt: skip
    except Exception:
        for storage, name in written:
            storage.delete(name)
        raise


def feed_search(version, pages: list[str]) -> None:
    """The OCR text, page by page, into the search's page table; then the entry is refreshed."""
    from search.extraction import EXTRACTED, Extraction, text_quality
    from search.indexing import index_document, store_pages

    store_pages(version.document_id, version.pk, Extraction(pages, EXTRACTED, "ocr",
                                                            text_quality(pages)))  # fmt: skip
    version.document.refresh_from_db()
    index_document(version.document, refresh_text=False)


def stale_jobs(older_than_minutes: int = 60):
    """Jobs queued or running for too long (their task was lost): to be queued again."""
    limit = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    return OcrJob.objects.filter(status__in=[OcrJob.Status.QUEUED, OcrJob.Status.RUNNING]).filter(
        models_q_stale(limit)
    )


def models_q_stale(limit):
    from django.db.models import Q

    return Q(started_at__lt=limit) | Q(started_at__isnull=True, queued_at__lt=limit)
