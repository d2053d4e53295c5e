"""The worker runs the sending and Wagtail's scheduled publishing every minute: no cron."""

import pytest
from django.core import mail

from core.worker import periodic_jobs
from notifications.tasks import send_notices

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_periodic_jobs_are_registered_every_minute():
    jobs = periodic_jobs()
    for name in ("notifications.send_notices", "notifications.publish_scheduled"):
        assert jobs[name].every.total_seconds() == 60


def test_the_task_sends_what_is_due(world, settings):
    settings.COUNCIL_NOTIFY_DIGEST_MINUTES = 0
    publish(world["session"])
    outcome = send_notices.call()
    assert outcome["sent"] == 2
    assert {address for m in mail.outbox for address in m.to} == {
        world["delegate"].email,
        world["reader"].email,
    }
