"""The delegate's notification settings page and the signed, expiring unsubscribe link."""

import re
import time

import pytest
from django.core import signing

from notifications import services
from notifications.models import Mode

from .conftest import after_window, publish

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get("/thong-bao/cai-dat/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_delegate_chooses_daily_digest(client, world):
    client.force_login(world["delegate"])
    html = client.get("/thong-bao/cai-dat/").content.decode()
    assert "Nhận thông báo tài liệu" in html
    assert re.search(r'value="immediate"[^>]*checked', html)
    assert "daibieu@example.vn" in html
    response = client.post("/thong-bao/cai-dat/", {"mode": "daily"}, follow=True)
    assert "Đã lưu cách nhận thông báo" in response.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.DAILY


def test_bad_choice_is_refused_with_a_clear_message(client, world):
    client.force_login(world["delegate"])
    response = client.post("/thong-bao/cai-dat/", {"mode": "hourly"})
    assert response.status_code == 200
    assert "Lựa chọn không hợp lệ" in response.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.IMMEDIATE


def test_page_tells_a_non_delegate_they_get_no_notices(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="nguoidoc"))
    html = client.get("/thong-bao/cai-dat/").content.decode()
    assert "không gắn với đại biểu" in html


def test_unsubscribe_link_asks_then_stops_the_emails(client, world):
    token = services.unsubscribe_token(world["delegate"])
    page = client.get(f"/thong-bao/huy-nhan/{token}/")
    assert page.status_code == 200 and "Ngừng nhận thư" in page.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.IMMEDIATE  # a GET changes nothing
    done = client.post(f"/thong-bao/huy-nhan/{token}/")
    assert "Đã ngừng gửi thư" in done.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.NONE
    publish(world["session"])
    services.send_due(after_window())
    from django.core import mail

    assert not [m for m in mail.outbox if world["delegate"].email in m.to]


def test_expired_unsubscribe_link_is_refused_with_what_to_do(client, world, settings):
    settings.COUNCIL_NOTIFY_UNSUBSCRIBE_DAYS = 30

    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)

    token = OldSigner(salt=services.UNSUBSCRIBE_SALT).sign(str(world["delegate"].pk))
    response = client.post(f"/thong-bao/huy-nhan/{token}/")
    assert response.status_code == 410
    assert "đã hết hạn" in response.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.IMMEDIATE


def test_tampered_unsubscribe_link_is_refused(client, world):
    token = services.unsubscribe_token(world["delegate"])
    user_part, rest = token.split(":", 1)
    forged = f"{world['reader'].pk}:{rest}"
    response = client.post(f"/thong-bao/huy-nhan/{forged}/")
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert services.mode_of(world["reader"]) == Mode.IMMEDIATE
