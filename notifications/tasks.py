"""Periodic work of the secretariat's publishing routine, run by the worker every minute (no
cron, and no request ever waits): sending notices, and Wagtail's scheduled publishing."""

from __future__ import annotations

import datetime

from django_tasks import task

from core.worker import periodic


@periodic(datetime.timedelta(minutes=1), name="notifications.send_notices")
@task()
def send_notices() -> dict[str, int]:
    from .services import send_due

    return send_due()


@periodic(datetime.timedelta(minutes=1), name="notifications.publish_scheduled")
@task()
def publish_scheduled() -> None:
    """Put live what was approved with a go-live time (and take down what expired): Wagtail's
    own command, run by the worker so that `make run` needs no cron."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
