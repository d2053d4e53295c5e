"""Notices in English: the delegate's settings, the unsubscribe pages, the secretariat's log,
the e-mail itself, and the approval dialog; content (titles, names) stays Vietnamese."""

import html as htmllib
import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

from core.roles import CLERK, HEAD
from notifications import services, workflow
from notifications.models import Mode, Notice
from tests.factories import TermFactory, UserFactory, secretariat_user
from tests.i18n import assert_english, untranslated, use_english
from tests.sessions.builders import make_session

from .conftest import after_window, publish
from .test_workflow import staff

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def english(client, url, **kwargs):
    response = use_english(client).get(url, **kwargs)
    assert_english(response)
    return htmllib.unescape(response.content.decode())


def english_error_page(response, status):
    assert response.status_code == status
    assert response.headers["Content-Language"] == "en"
    assert b'<html lang="en"' in response.content
    assert untranslated(response.content) == []
    return htmllib.unescape(response.content.decode())


def test_preferences_page_in_english(client, world):
    client.force_login(world["delegate"])
    html = english(client, "/thong-bao/cai-dat/")
    for text in (
        "Document notices",
        "Notices of session materials by e-mail",
        "As soon as there are new documents",
        "One digest a day",
        "No notice e-mails",
        "Notices are sent to <strong>daibieu@example.vn</strong>.",
        "grouped into one e-mail",
    ):
        assert text in html, text
    response = client.post("/thong-bao/cai-dat/", {"mode": "daily"}, follow=True)
    assert_english(response)
    assert "Your notice preference has been saved." in htmllib.unescape(response.content.decode())


def test_preferences_validation_errors_in_english(client, world):
    client.force_login(world["delegate"])
    response = use_english(client).post("/thong-bao/cai-dat/", {"mode": "hourly"})
    assert_english(response)
    assert "Invalid choice; choose one of the three ways" in response.content.decode()
    response = client.post("/thong-bao/cai-dat/", {})
    assert_english(response)
    assert "Choose how you want to receive notices." in response.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.IMMEDIATE


def test_preferences_page_for_a_non_delegate_without_address_in_english(client):
    client.force_login(UserFactory(username="nguoidoc", email=""))
    html = english(client, "/thong-bao/cai-dat/")
    assert "is not linked to a serving delegate" in html
    assert "There is no e-mail address for you yet" in html


def test_unsubscribe_pages_in_english(client, world):
    token = services.unsubscribe_token(world["delegate"])
    html = english(client, f"/thong-bao/huy-nhan/{token}/")
    assert "You will no longer receive notices" in html and "Stop receiving e-mails" in html
    response = client.post(f"/thong-bao/huy-nhan/{token}/")
    assert_english(response)
    assert "Notice e-mails to you have been stopped." in response.content.decode()
    assert services.mode_of(world["delegate"]) == Mode.NONE


def test_expired_and_invalid_unsubscribe_links_in_english(client, world, settings):
    settings.COUNCIL_NOTIFY_UNSUBSCRIBE_DAYS = 30

    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 31 * 24 * 3600)

    token = OldSigner(salt=services.UNSUBSCRIBE_SALT).sign(str(world["delegate"].pk))
    html = english_error_page(use_english(client).get(f"/thong-bao/huy-nhan/{token}/"), 410)
    assert "The unsubscribe link has expired." in html
    html = english_error_page(client.get("/thong-bao/huy-nhan/abc:def/"), 400)
    assert "The unsubscribe link is not valid" in html


def _failures(world):
    world["reader"].email = ""
    world["reader"].save()
    publish(world["session"])
    services.send_due(after_window())


def test_secretariat_log_in_english(client, world):
    _failures(world)
    client.force_login(secretariat_user())
    listing = english(client, "/quan-tri/thong-bao/")
    assert "Notice delivery by session" in listing
    assert "1/2 delegates received, 1 failed" in listing
    html = english(client, f"/quan-tri/thong-bao/ky-hop/{world['session'].pk}/")
    for text in (
        "1/2 delegates received, 1 failed",
        "serving delegates of the term",
        "Failed notices only",
        "No e-mail address",
        "The delegate has no e-mail address",
        "Send again",
        "Session materials published",
        "Recent events",
    ):
        assert text in html, text
    html = english(client, f"/quan-tri/thong-bao/ky-hop/{world['session'].pk}/?trang_thai=loi")
    assert "Send again" in html


def test_secretariat_log_empty_in_english(client):
    session = make_session(TermFactory(), number=13, live=False)
    client.force_login(secretariat_user())
    html = english(client, f"/quan-tri/thong-bao/ky-hop/{session.pk}/")
    assert "No notice e-mails for this session yet." in html and "No events yet." in html


def test_resend_messages_in_english(client, world):
    _failures(world)
    client.force_login(secretariat_user())
    notice = Notice.objects.get(user=world["reader"])
    url = reverse("notifications_resend", args=[notice.pk])
    response = use_english(client).post(url, {"session": world["session"].pk}, follow=True)
    assert "did not succeed: No e-mail address." in htmllib.unescape(response.content.decode())
    sent = Notice.objects.get(user=world["delegate"])
    response = client.post(
        reverse("notifications_resend", args=[sent.pk]),
        {"session": world["session"].pk},
        follow=True,
    )
    assert "Only notices that failed can be sent again." in response.content.decode()


def test_email_rendered_in_english(world):
    publish(world["session"])
    services.send_due(after_window())
    notice = Notice.objects.get(user=world["delegate"])
    with translation.override("en"):
        subject, text, html, _ = services.render_notice(notice)
    assert subject.endswith("Kỳ họp thứ 12, HĐND tỉnh khóa XVI: 3 document updates")
    assert '<html lang="en">' in html
    assert untranslated(html) == []
    assert "Dear delegate" in html and "Open My sessions" in html
    assert "Session materials have been published on the portal" in html
    assert '<span lang="vi">Báo cáo kinh tế – xã hội năm 2026</span>' in html
    assert "New document: Báo cáo kinh tế – xã hội năm 2026" in text
    assert "the link is valid for 30 days" in text
    # Outside the content (session heading, document titles) the text is English.
    interface = text
    for block in ("Kỳ họp thứ 12, HĐND tỉnh khóa XVI", "Báo cáo kinh tế – xã hội năm 2026"):
        interface = interface.replace(block, "")
    interface = re.sub(r"Dự thảo nghị quyết dự toán ngân sách 2027|Người dùng \d+", "", interface)
    assert not VIETNAMESE.search(interface), interface


def test_email_stays_vietnamese_by_default(world):
    publish(world["session"])
    services.send_due(after_window())
    message = next(m for m in mail.outbox if world["delegate"].email in m.to)
    assert "Kính gửi đại biểu" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="vi">' in html and "Mở trang Kỳ họp của tôi" in html


def test_reject_dialog_in_english(client):
    workflow.ensure_workflow()
    page = make_session(TermFactory(), number=12, live=False)
    clerk, head = staff("vanphong", CLERK), staff("lanhdao", HEAD)
    workflow.submit(page, clerk)
    task_state = page.specific.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    client.force_login(head)
    xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    dialog = use_english(client).get(url, **xhr).json()["html"]
    assert "Reason for sending it back" in dialog
    refused = client.post(url, {"comment": ""}, **xhr).json()["html"]
    assert "Write the reason for sending the page back" in htmllib.unescape(refused)
    assert page.specific.workflow_in_progress
