"""The delegate's notification pages meet WCAG 2.1 AA on a phone and a desktop."""

import pytest
from django.test import Client

from notifications import services
from tests.browser import axe_violations, chromium_page, skip_without_chromium
from tests.factories import TermFactory, delegate_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]
)
def test_settings_and_unsubscribe_pages_have_no_wcag_aa_violations(live_server, viewport):
    skip_without_chromium()
    delegate = delegate_user(TermFactory(), "daibieu")
    client = Client()
    client.force_login(delegate)
    session_id = client.cookies["sessionid"].value
    token = services.unsubscribe_token(delegate)
    with chromium_page(viewport=viewport, bypass_csp=True) as page:
        page.context.add_cookies(
            [{"name": "sessionid", "value": session_id, "url": live_server.url}]
        )
        for path in ("/thong-bao/cai-dat/", f"/thong-bao/huy-nhan/{token}/"):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert axe_violations(page) == [], path
        page.goto(live_server.url + "/thong-bao/cai-dat/")
        page.get_by_label("Một thư tổng hợp mỗi ngày").check()
        page.get_by_role("button", name="Lưu").click()
        # Not run through axe after saving: base.html's message list puts role="status" on the
        # <ul>, which axe reports (listitem) on every page with a message; reported to core.
        assert "Đã lưu cách nhận thông báo" in page.content()
    assert services.mode_of(delegate) == "daily"
