"""Two-step verification pages in English: enrol, verify, backup codes, with their errors."""

import pytest

from tests.factories import secretariat_user
from tests.i18n import assert_english, use_english
from tests.security.test_two_factor import ADMIN, BACKUP, SETUP, VERIFY, code_for, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


def test_setup_page_and_wrong_code_in_english(client):
    client.force_login(secretariat_user())
    use_english(client)
    page = client.get(SETUP)
    assert_english(page)
    html = page.content.decode()
    assert "Set up two-step verification" in html and "6-digit code from the app" in html
    wrong = client.post(SETUP, {"code": "000000"})
    assert_english(wrong)
    assert "The code does not match." in wrong.content.decode()
    empty = client.post(SETUP, {"code": ""})
    assert_english(empty)
    assert "Enter the 6-digit code shown in your authenticator app." in empty.content.decode()


def test_backup_codes_pages_in_english(client):
    user = secretariat_user()
    use_english(client)
    client.force_login(user)
    client.get(SETUP)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": ADMIN})
    assert response["Location"] == BACKUP
    shown = client.get(BACKUP)
    assert_english(shown)
    assert "This is the only time these codes are shown." in shown.content.decode()
    again = client.get(BACKUP)
    assert_english(again)
    assert "The account has 10 unused backup codes left." in again.content.decode()


def test_verify_page_and_wrong_code_in_english(client):
    user = secretariat_user()
    enrol(client, user)
    client.logout()
    client.force_login(user)
    use_english(client)
    response = client.get(ADMIN)
    assert response["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assert_english(page)
    assert "Two-step verification" in page.content.decode()
    wrong = client.post(VERIFY, {"code": "000000", "next": ADMIN})
    assert_english(wrong)
    assert "The code is wrong or has expired." in wrong.content.decode()


def test_api_refusal_in_english(client):
    client.force_login(secretariat_user())
    response = use_english(client).get("/api/v1/dai-bieu/khoa")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Two-step verification is required before using the API with this account."
    }


def test_two_step_pages_stay_vietnamese_by_default(client):
    client.force_login(secretariat_user())
    html = client.get(SETUP).content.decode()
    assert '<html lang="vi"' in html and "Đăng ký xác thực hai bước" in html
