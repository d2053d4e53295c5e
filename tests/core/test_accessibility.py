"""WCAG 2.1 AA checks with axe-core in Chromium, on a phone and a desktop screen."""

import pytest

from tests.browser import axe_violations, chromium_page, skip_without_chromium

pytestmark = pytest.mark.browser

PAGES = [
    ("/", 200),
    ("/dang-nhap/", 200),
    ("/trang-khong-ton-tai/", 404),
    ("/tim-kiem/", 200),
    ("/tim-kiem/?q=nghi+quyet+ngan+sach", 200),
    ("/van-ban/", 200),
]


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]
)
def test_core_pages_have_no_wcag_aa_violations(live_server, viewport):
    skip_without_chromium()
    with chromium_page(viewport=viewport, bypass_csp=True) as page:
        for path, status in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == status, path
            assert axe_violations(page) == [], path


def test_the_checker_itself_reports_a_real_violation():
    skip_without_chromium()
    with chromium_page(bypass_csp=True) as page:
        page.set_content('<html lang="vi"><body><main><img src="x.png"></main></body></html>')
        assert "image-alt" in {v["id"] for v in axe_violations(page)}
