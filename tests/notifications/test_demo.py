"""Publishing the demo sessions sends the expected notices, and none of what a reader may not
see: checked in the outbox and in the notification log."""

import importlib

import pytest
from django.core import mail

from core import demo
from notifications import services
from notifications.models import Notice
from sessions.models import SessionPage

from .conftest import after_window

pytestmark = pytest.mark.django_db

STEPS = ["core.demo", "delegates.demo", "library.demo", "sessions.demo", "notifications.demo"]


def test_demo_publication_notifies_the_term_xvi_delegate_only_of_what_they_may_see(settings):
    settings.COUNCIL_NOTIFY_DIGEST_MINUTES = 15
    ctx = demo.DemoContext(write=lambda *_: None)
    for name in STEPS:
        importlib.import_module(name).load(ctx)
    services.send_due(after_window())

    delegate = ctx.users["daibieu"]
    to_delegate = [m for m in mail.outbox if services.recipient_address(delegate) in m.to]
    assert len(to_delegate) == 1
    text = to_delegate[0].body
    assert "Kỳ họp thứ 12, HĐND tỉnh khóa XVI" in text
    assert "/ky-hop-cua-toi/" in text
    assert "kiện toàn chức danh Phó Chủ tịch" not in text  # named readers only
    assert "quốc phòng, quân sự địa phương" not in text  # secret
    assert "giám sát chuyên đề" not in text  # embargoed
    for username in ("daibieu.khoaxv", "nguoidoc", "vanphong", "lanhdao", "admin"):
        user = ctx.users[username]
        assert not Notice.objects.filter(user=user).exists()
        assert not [m for m in mail.outbox if user.email in m.to]

    s12 = SessionPage.objects.get(number=12, term__number=16)
    assert services.session_stats(s12).summary == "1/1 đại biểu đã nhận, 0 lỗi"

    # Loading the demo again announces nothing twice.
    mail.outbox.clear()
    for name in STEPS:
        importlib.import_module(name).load(ctx)
    services.send_due(after_window(minutes=5))
    assert mail.outbox == []
