"""Delegates hear of new and revised materials by e-mail: once, in a digest, only of what they
may see; every notice is logged for the secretariat."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from core.pdfgen import text_pdf
from library.services import add_version
from notifications import services
from notifications.models import Delivery, Event, Mode, Notice
from publishing.models import Build, Edition
from tests.factories import secretariat_user

from .conftest import after_window, publish

pytestmark = pytest.mark.django_db


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def body(message) -> str:
    return message.body + "".join(content for content, _ in message.alternatives)


def test_publishing_a_session_sends_one_email_to_each_delegate_of_its_term(world):
    publish(world["session"])
    assert mail.outbox == []  # nothing is sent in the request that published
    services.send_due(after_window())
    assert len(mails_to(world["delegate"])) == 1
    assert len(mails_to(world["reader"])) == 1
    assert mails_to(world["outsider"]) == []
    message = mails_to(world["delegate"])[0]
    assert message.subject.startswith("[")
    assert "Kỳ họp thứ 12, HĐND tỉnh khóa XVI" in message.subject
    assert "http://testserver/ky-hop-cua-toi/" in body(message)
    assert "Báo cáo kinh tế – xã hội năm 2026" in body(message)
    assert "Dự thảo nghị quyết dự toán ngân sách 2027" in body(message)
    assert message.body.index("đã được đăng") < message.body.index("Tài liệu mới")


def test_notice_never_names_material_the_delegate_may_not_see(world):
    publish(world["session"])
    services.send_due(after_window())
    delegate_mail = body(mails_to(world["delegate"])[0])
    reader_mail = body(mails_to(world["reader"])[0])
    assert "công tác cán bộ" not in delegate_mail.replace("Công tác cán bộ", "")
    assert "Tờ trình về công tác cán bộ" in reader_mail  # the named reader hears of it
    for text in (delegate_mail, reader_mail):
        assert "Báo cáo thẩm tra quyết toán" not in text  # embargoed
    assert not Delivery.objects.filter(user=world["outsider"]).exists()


def test_session_still_in_draft_announces_nothing(world):
    services.send_due(after_window())
    assert mail.outbox == []
    assert Event.objects.filter(dispatched_at__isnull=False, recipient_count__gt=0).count() == 0


def test_changes_within_the_window_arrive_as_one_digest(world):
    publish(world["session"])
    services.send_due(timezone.now())  # fanned out, but the window is still open
    assert mail.outbox == []
    add_version(
        world["draft"],
        ContentFile(text_pdf("Dự thảo", ["Sửa điều 3."]), name="v2.pdf"),
        "Sửa điều 3 theo ý kiến thẩm tra",
        None,
    )
    services.send_due(after_window())
    assert len(mails_to(world["delegate"])) == 1
    text = body(mails_to(world["delegate"])[0])
    assert "Phiên bản mới (bản 2)" in text
    assert "Sửa điều 3 theo ý kiến thẩm tra" in text
    assert "cập nhật tài liệu" in mails_to(world["delegate"])[0].subject


def test_revision_after_the_first_notice_sends_a_second_email(world):
    publish(world["session"])
    services.send_due(after_window())
    mail.outbox.clear()
    add_version(
        world["report"], ContentFile(text_pdf("Báo cáo", ["Bản sửa."]), name="v2.pdf"), "", None
    )
    services.send_due(after_window())
    assert len(mails_to(world["delegate"])) == 1
    assert "Phiên bản mới (bản 2): Báo cáo kinh tế" in body(mails_to(world["delegate"])[0])
    assert mails_to(world["outsider"]) == []


def test_publishing_again_does_not_announce_the_session_twice(world):
    publish(world["session"])
    services.send_due(after_window())
    mail.outbox.clear()
    publish(world["session"])
    services.send_due(after_window())
    assert mail.outbox == []


def test_rebuilt_packet_is_announced(world):
    publish(world["session"])
    services.send_due(after_window())
    mail.outbox.clear()
    Build.objects.create(
        session=world["session"],
        edition=Edition.DELEGATES,
        number=3,
        fingerprint="f" * 64,
        status=Build.Status.DONE,
    )
    Build.objects.create(
        session=world["session"],
        edition=Edition.PUBLIC,
        number=3,
        fingerprint="e" * 64,
        status=Build.Status.DONE,
    )
    services.send_due(after_window())
    assert len(mails_to(world["delegate"])) == 1
    assert "bản số 3" in body(mails_to(world["delegate"])[0])
    assert mails_to(world["outsider"]) == []


def test_embargoed_document_is_announced_once_released(world):
    publish(world["session"])
    services.send_due(after_window())
    mail.outbox.clear()
    released = world["embargoed"].release_at
    services.send_due(released + datetime.timedelta(minutes=1))  # released, window open
    assert mail.outbox == []
    services.send_due(after_window(start=released))
    text = body(mails_to(world["delegate"])[0])
    assert "Tài liệu đã được phát hành: Báo cáo thẩm tra quyết toán" in text
    assert mails_to(world["outsider"]) == []
    mail.outbox.clear()
    services.send_due(after_window(start=released, minutes=5))
    assert mail.outbox == []  # found by the scan once only


def test_document_withdrawn_before_sending_is_left_out(world):
    publish(world["session"])
    services.send_due(timezone.now())
    world["draft"].access_level = "restricted"
    world["draft"].save()
    services.send_due(after_window())
    assert "Dự thảo nghị quyết dự toán" not in body(mails_to(world["delegate"])[0])


def test_delegate_without_address_is_reported_in_the_log(world):
    delegate = world["delegate"]
    delegate.email = ""
    delegate.save()
    publish(world["session"])
    services.send_due(after_window())
    notice = Notice.objects.get(user=delegate)
    assert notice.status == Notice.Status.NO_ADDRESS
    assert "chưa có địa chỉ e-mail" in notice.error
    stats = services.session_stats(world["session"])
    assert (stats.received, stats.addressed, stats.failed) == (1, 2, 1)
    assert stats.summary == "1/2 đại biểu đã nhận, 1 lỗi"


def test_person_record_address_is_preferred(world):
    person = world["delegate"].person
    person.email = "hoso@hdnd.example.vn"
    person.save()
    publish(world["session"])
    services.send_due(after_window())
    assert any("hoso@hdnd.example.vn" in m.to for m in mail.outbox)


def test_failed_send_is_retried_with_backoff_and_never_blocks_publishing(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens: a real refused connection
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    publish(world["session"])  # no exception: sending is not part of publishing
    now = after_window()
    services.send_due(now)
    notice = Notice.objects.get(user=world["delegate"])
    assert notice.status == Notice.Status.RETRYING
    assert notice.attempts == 1 and notice.error
    assert notice.next_attempt_at == now + services.retry_delay(1)
    services.send_due(now + datetime.timedelta(seconds=30))
    notice.refresh_from_db()
    assert notice.attempts == 1  # not before its time
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.send_due(notice.next_attempt_at)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert len(mails_to(world["delegate"])) == 1


def test_send_that_keeps_failing_ends_as_failed(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    settings.COUNCIL_NOTIFY_MAX_ATTEMPTS = 2
    publish(world["session"])
    now = after_window()
    services.send_due(now)
    services.send_due(now + datetime.timedelta(hours=1))
    notice = Notice.objects.get(user=world["delegate"])
    assert notice.status == Notice.Status.FAILED and notice.attempts == 2
    assert notice.next_attempt_at is None
    assert services.session_stats(world["session"]).failed == 2


def test_daily_digest_waits_for_the_daily_hour(world, settings):
    settings.COUNCIL_NOTIFY_DAILY_HOUR = 7
    services.set_mode(world["delegate"], Mode.DAILY)
    publish(world["session"])
    services.send_due(after_window())
    assert mails_to(world["delegate"]) == []
    assert len(mails_to(world["reader"])) == 1
    local = timezone.localtime(timezone.now())
    next_morning = (local + datetime.timedelta(days=1)).replace(hour=7, minute=1)
    services.send_due(next_morning)
    assert len(mails_to(world["delegate"])) == 1
    assert "Tổng hợp trong ngày" in body(mails_to(world["delegate"])[0])


def test_delegate_who_chose_none_gets_nothing(world):
    services.set_mode(world["delegate"], Mode.NONE)
    publish(world["session"])
    services.send_due(after_window())
    assert mails_to(world["delegate"]) == []
    assert services.session_stats(world["session"]).opted_out == 1


def test_unsubscribing_after_fan_out_drops_waiting_notices(world):
    publish(world["session"])
    services.send_due(timezone.now())
    services.set_mode(world["delegate"], Mode.NONE)
    services.send_due(after_window())
    assert mails_to(world["delegate"]) == []


def test_email_carries_signed_unsubscribe_link(world):
    publish(world["session"])
    services.send_due(after_window())
    message = mails_to(world["delegate"])[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert services.user_from_token(token) == world["delegate"]


def test_secretariat_sees_the_log_per_session(client, world):
    world["reader"].email = ""
    world["reader"].save()
    publish(world["session"])
    services.send_due(after_window())
    client.force_login(secretariat_user())
    html = client.get(f"/quan-tri/thong-bao/ky-hop/{world['session'].pk}/").content.decode()
    assert "1/2 đại biểu đã nhận, 1 lỗi" in html
    assert "Không có địa chỉ e-mail" in html
    listing = client.get("/quan-tri/thong-bao/").content.decode()
    assert "1/2 đại biểu đã nhận, 1 lỗi" in listing


def test_secretariat_resends_after_fixing_an_address(client, world):
    world["reader"].email = ""
    world["reader"].save()
    publish(world["session"])
    services.send_due(after_window())
    notice = Notice.objects.get(user=world["reader"])
    world["reader"].email = "daibieu.doc@example.vn"
    world["reader"].save()
    client.force_login(secretariat_user())
    response = client.post(
        f"/quan-tri/thong-bao/thu/{notice.pk}/gui-lai/", {"session": world["session"].pk}
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT
    assert mails_to(world["reader"])


def test_delegate_cannot_open_the_log(client, world):
    client.force_login(world["delegate"])
    response = client.get(f"/quan-tri/thong-bao/ky-hop/{world['session'].pk}/")
    assert response.status_code in (302, 403)


def test_session_admin_page_links_to_its_notification_log(client, world):
    from core.roles import HEAD, ensure_roles
    from tests.factories import UserFactory

    head = UserFactory(username="lanhdao", is_staff=True)
    head.groups.add(ensure_roles()[HEAD])
    publish(world["session"])
    client.force_login(head)
    response = client.get(f"/quan-tri/pages/{world['session'].pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/quan-tri/thong-bao/ky-hop/{world['session'].pk}/" in html


def test_a_later_failed_notice_counts_as_an_error_for_the_session(world, settings):
    publish(world["session"])
    services.send_due(after_window())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    add_version(
        world["report"], ContentFile(text_pdf("Báo cáo", ["Bản sửa."]), name="v2.pdf"), "", None
    )
    services.send_due(after_window())
    stats = services.session_stats(world["session"])
    assert stats.summary == "2/2 đại biểu đã nhận, 2 lỗi"
