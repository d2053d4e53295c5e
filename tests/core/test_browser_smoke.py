"""A real browser loads the home page on a phone and the admin login."""

import pytest

from tests.browser import chromium_page, skip_without_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_and_admin_login_in_chromium(live_server, tmp_path):
    skip_without_chromium()
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        response = page.goto(live_server.url + "/")
        assert response.status == 200
        assert "Hội đồng nhân dân" in page.title()
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("h1").first.is_visible()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.getAttribute('href')")
        assert focused == "#noi-dung"
        # Nothing overflows the phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "home-phone.png"), full_page=True)

        page.goto(live_server.url + "/quan-tri/login/")
        assert page.locator("input[name=username]").is_visible()
        assert page.locator("input[name=password]").is_visible()
