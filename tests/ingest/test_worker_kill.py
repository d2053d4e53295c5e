"""A real worker is SIGKILLed in the middle of an OCR: the document stays searchable by its
metadata, nothing half-written reaches storage, and the OCR is run again and finishes."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SETUP = """
from django.conf import settings
settings.INGEST_AUTO_OCR = False
from core.pdfgen import scanned_pdf
from ingest.importer import import_batch
from ingest.tasks import ocr_version
from library.models import DocumentVersion
from tests.ingest import batches
scan = scanned_pdf("Nghị quyết về đầu tư công", [
    "Hội đồng nhân dân tỉnh quyết nghị phê duyệt kế hoạch đầu tư công trung hạn."] * 3, dpi=200)
report = import_batch(batches.make_zip([batches.row(1)], {"nq-1.pdf": scan}))
assert report.ok, report.as_text()
version = DocumentVersion.objects.get()
print(ocr_version.using(backend="worker").enqueue(version.pk).id)
"""
SEARCH = """
from search.engine import search
from django.contrib.auth.models import AnonymousUser
print(search({query!r}, AnonymousUser()).total)
"""


def _env(tmp_path, **extra):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.ingest.worker_settings",
        "COUNCIL_TEST_MEDIA": str(tmp_path / "media"),
        "TMPDIR": str(tmp_path / "tmp"),  # scratch of the killed worker stays in the test's folder
        **extra,
    }


def _run(tmp_path, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_env(tmp_path),
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _worker(tmp_path, **extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--backend", "worker", "--no-reload",
         "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT, env=_env(tmp_path, **extra), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


def _query(tmp_path, sql):
    with sqlite3.connect(tmp_path / "db.sqlite3", timeout=20) as db:
        return db.execute(sql).fetchall()


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _ocr_status(tmp_path):
    rows = _query(tmp_path, "select status, attempts from ingest_ocrjob")
    return rows[0] if rows else (None, 0)


@pytest.mark.slow
def test_worker_killed_during_ocr_leaves_metadata_search_and_ocr_is_run_again(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "tmp").mkdir()
    _run(tmp_path, "migrate", "--noinput")
    _run(tmp_path, "shell", "-c", SETUP)
    first = _worker(tmp_path)
    try:
        assert _wait_for(lambda: _ocr_status(tmp_path)[0] == "running", 120)
        time.sleep(1.0)  # ocrmypdf is at work on the three 200 dpi pages
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert _ocr_status(tmp_path)[0] == "running"
    assert _query(tmp_path, "select count(*) from ingest_derivedfile") == [(0,)]
    assert _query(tmp_path, "select text_status from library_documentversion") == [("needs_ocr",)]
    assert not list((tmp_path / "media").rglob("derived/*/*"))
    assert _run(tmp_path, "shell", "-c", SEARCH.format(query="giao thong nong thon")) == "1"
    assert _run(tmp_path, "shell", "-c", SEARCH.format(query="phe duyet ke hoach")) == "0"

    second = _worker(tmp_path, COUNCIL_WORKER_LEASE_SECONDS="3")
    try:
        assert _wait_for(lambda: _ocr_status(tmp_path)[0] == "done", 180)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert _ocr_status(tmp_path) == ("done", 2)
    assert _query(tmp_path, "select kind from ingest_derivedfile") == [("ocr",)]
    assert _run(tmp_path, "shell", "-c", SEARCH.format(query="phe duyet ke hoach")) == "1"
