"""Background work survives a killed worker: leases, the reaper, periodic jobs."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import worker
from core.models import PeriodicRun, WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[2]


def running_task(worker_ids, started_minutes_ago=5):
    started = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": ["/tmp/x", 0], "kwargs": {}},
        task_path="tests.task_fixtures.slow_marker",
        worker_ids=worker_ids,
        queue_name="default",
        backend_name="default",
        run_after=started,
        started_at=started,
        priority=0,
    )


@pytest.mark.django_db
def test_task_of_a_dead_worker_is_requeued():
    WorkerHeartbeat.objects.create(
        worker_id="dead", last_seen=timezone.now() - datetime.timedelta(minutes=10)
    )
    task = running_task(["dead"])
    outcome = worker.reap_orphaned_tasks()
    task.refresh_from_db()
    assert outcome["requeued"] == [str(task.pk)]
    assert task.status == TaskResultStatus.READY
    assert task.started_at is None


@pytest.mark.django_db
def test_task_of_a_live_worker_is_left_alone():
    worker.beat("alive")
    task = running_task(["alive"], started_minutes_ago=30)
    assert worker.reap_orphaned_tasks() == {"requeued": [], "failed": []}
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_task_that_keeps_killing_workers_fails_with_a_reason():
    task = running_task(["a", "b", "c"])
    outcome = worker.reap_orphaned_tasks()
    task.refresh_from_db()
    assert outcome["failed"] == [str(task.pk)]
    assert task.status == TaskResultStatus.FAILED
    assert "dừng đột ngột 3 lần" in task.traceback


@pytest.mark.django_db
def test_periodic_job_is_queued_once_per_interval(monkeypatch):
    worker.discover_periodic_jobs()  # registered before the registry is swapped below
    calls = []
    monkeypatch.setattr(
        worker,
        "_PERIODIC",
        {"job": worker.PeriodicJob("job", datetime.timedelta(minutes=5), lambda: calls.append(1))},
    )
    now = timezone.now()
    assert worker.enqueue_due(now) == ["job"]
    assert worker.enqueue_due(now + datetime.timedelta(minutes=1)) == []
    assert worker.enqueue_due(now + datetime.timedelta(minutes=6)) == ["job"]
    assert len(calls) == 2
    assert PeriodicRun.objects.get(name="job").last_enqueued_at is not None


def _env(db_url):
    return {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}


def _manage(db_url, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(db_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        **kwargs,
    )


def _shell(db_url, code) -> str:
    """Run `code` in `manage.py shell` against `db_url`; the last line it printed."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def _status(db_url, task_id):
    return _shell(
        db_url,
        "from django_tasks_db.models import DBTaskResult as T;"
        f"print(T.objects.get(pk='{task_id}').status)",
    )


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.slow
def test_worker_killed_mid_task_is_requeued_and_the_task_finishes(tmp_path, monkeypatch):
    """A real worker process is SIGKILLed while running a task; a second worker finishes it."""
    db_url = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    marker = tmp_path / "marker.txt"
    assert _manage(db_url, "migrate", "--noinput").wait(timeout=240) == 0
    code = (
        "from tests.task_fixtures import slow_marker;"
        f"print(slow_marker.using(backend='worker').enqueue({str(marker)!r}, 4).id)"
    )
    task_id = _shell(db_url, code)
    worker_args = ["worker", "--backend", "worker", "--no-reload", "--interval", "0.2"]
    first = _manage(db_url, *worker_args, "--no-startup-delay")
    try:
        assert _wait_for(lambda: marker.exists() and "start" in marker.read_text(), 60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert _status(db_url, task_id) == "RUNNING"  # what django-tasks-db alone would leave

    monkeypatch.setenv("COUNCIL_WORKER_LEASE_SECONDS", "3")
    second = _manage(db_url, *worker_args, "--no-startup-delay")
    try:
        assert _wait_for(lambda: _status(db_url, task_id) == "SUCCESSFUL", 90)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=20)
    assert marker.read_text().count("start") == 2
    assert marker.read_text().count("done") == 1


def test_every_app_periodic_job_is_registered_for_the_worker():
    names = set(worker.periodic_jobs())
    assert {
        "ingest.requeue_pending_ocr",
        "ingest.verify_fixity",
        "publishing.refresh_sessions",
        "search.send_saved_search_alerts",
    } <= names
