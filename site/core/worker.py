"""Keeps background work honest: worker leases, the reaper, and periodic jobs.

django-tasks-db marks a task RUNNING when a worker claims it and never looks back, so a worker
killed mid-task would leave it "running" forever. Each worker of ours beats every few seconds;
a running task whose worker has stopped beating is requeued (tasks are idempotent), and failed
for good after `MAX_ATTEMPTS` claims.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger("council.worker")

BEAT_EVERY = datetime.timedelta(seconds=10)
MAX_ATTEMPTS = 3


def lease_duration() -> datetime.timedelta:
    """How long a worker may stay silent before its running task is taken back."""
    return datetime.timedelta(seconds=getattr(settings, "COUNCIL_WORKER_LEASE_SECONDS", 60))


def beat(worker_id: str, now: datetime.datetime | None = None) -> None:
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "last_seen": now or timezone.now(),
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def reap_orphaned_tasks(
    now: datetime.datetime | None = None,
    lease: datetime.timedelta | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> dict[str, list[str]]:
    """Requeue running tasks whose worker is gone; fail those already tried `max_attempts` times."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from core.models import WorkerHeartbeat

    now = now or timezone.now()
    lease = lease or lease_duration()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=now - lease).values_list(
            "worker_id", flat=True
        )
    )
    outcome: dict[str, list[str]] = {"requeued": [], "failed": []}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).filter(
        Q(started_at__lt=now - lease) | Q(started_at__isnull=True)
    )
    for task in running.only("id", "worker_ids", "task_path"):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            still_running = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
            if len(task.worker_ids) >= max_attempts:
                changed = still_running.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="core.worker.WorkerLost",
                    traceback=f"Tiến trình nền dừng đột ngột {len(task.worker_ids)} lần khi "
                    f"đang chạy {task.task_path}; đã ngừng thử lại.",
                )
                if changed:
                    outcome["failed"].append(str(task.pk))
            else:
                changed = still_running.update(
                    status=TaskResultStatus.READY, started_at=None, run_after=F("enqueued_at")
                )
                if changed:
                    outcome["requeued"].append(str(task.pk))
    for key, ids in outcome.items():
        if ids:
            logger.warning("reaper %s %d task(s): %s", key, len(ids), ", ".join(ids))
    return outcome


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: datetime.timedelta
    enqueue: Callable[[], object]


_PERIODIC: dict[str, PeriodicJob] = {}


def periodic(every: datetime.timedelta, name: str | None = None):
    """Register a django-tasks task to be queued every `every` by whichever worker sees it due."""

    def decorate(task):
        job_name = name or f"{task.module_path}"
        _PERIODIC[job_name] = PeriodicJob(job_name, every, task.enqueue)
        return task

    return decorate


def periodic_jobs() -> dict[str, PeriodicJob]:
    discover_periodic_jobs()
    return dict(_PERIODIC)


def discover_periodic_jobs() -> None:
    """Import every app's `tasks` module, where periodic jobs register themselves."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("tasks")


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Queue each periodic job whose interval has passed; a conditional update claims it once."""
    from core.models import PeriodicRun

    now = now or timezone.now()
    queued = []
    for job in periodic_jobs().values():
        run, _ = PeriodicRun.objects.get_or_create(name=job.name)
        due = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - job.every)
        claimed = PeriodicRun.objects.filter(Q(pk=run.pk) & due).update(last_enqueued_at=now)
        if claimed:
            job.enqueue()
            queued.append(job.name)
    return queued


def housekeeping(worker_id: str) -> None:
    """One round of the worker's side thread: beat, reap, queue periodic jobs."""
    beat(worker_id)
    reap_orphaned_tasks()
    enqueue_due()
