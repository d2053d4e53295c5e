"""The periodic send: the worker runs it every minute, so no cron and no request ever waits."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.worker import periodic


@periodic(datetime.timedelta(minutes=1), name="notifications.send_notices")
@task()
def send_notices() -> dict[str, int]:
    from .services import send_due

    return send_due()
