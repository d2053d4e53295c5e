"""`manage.py worker`: django-tasks-db's worker plus a lease, a reaper and periodic jobs."""

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from core import worker


class _QuietRoutine(logging.Filter):
    """Keep failures and warnings, drop the two lines every successful task prints."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return record.levelno > logging.INFO or not (
            message.endswith("state=RUNNING") or message.endswith("state=SUCCESSFUL")
        )


class Command(DbWorkerCommand):
    help = "Tiến trình xử lý nền: tác vụ, hạn thuê, trả lại tác vụ mồ côi, việc định kỳ."

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity <= 1:
            for name in ("django_tasks", "django_tasks_db"):
                for handler in logging.getLogger(name).handlers:
                    handler.addFilter(_QuietRoutine())

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        stop = threading.Event()

        def keep_house():
            while not stop.is_set():
                try:
                    close_old_connections()
                    worker.housekeeping(worker_id)
                except Exception:  # a bad round must not kill the worker; the next one retries
                    worker.logger.exception("housekeeping failed")
                finally:
                    connection.close()
                stop.wait(worker.BEAT_EVERY.total_seconds())

        thread = threading.Thread(target=keep_house, name="council-housekeeping", daemon=True)
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
