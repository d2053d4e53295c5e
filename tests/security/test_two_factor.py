"""Staff reach the admin (and everything else) only after a second factor; delegates do not."""

import re

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TermFactory, UserFactory, delegate_user, secretariat_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]

ADMIN = "/quan-tri/"
VERIFY = "/xac-thuc-hai-buoc/"
SETUP = "/xac-thuc-hai-buoc/dang-ky/"
BACKUP = "/xac-thuc-hai-buoc/ma-du-phong/"


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (or `offset_steps` periods later)."""
    t0 = device.t0 - offset_steps * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code_for(device), "next": ADMIN})
    assert response.status_code == 302 and response["Location"] == BACKUP
    page = client.get(BACKUP).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_staff_without_device_is_sent_to_enrol_before_the_admin(client):
    client.force_login(secretariat_user())
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đăng ký xác thực hai bước" in body
    assert "<svg" in body and "<path" in body  # QR drawn here, no external image
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_enrolment_with_a_real_code_opens_the_admin_and_shows_backup_codes_once(client):
    user = secretariat_user()
    device, codes = enrol(client, user)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(ADMIN).status_code == 200
    # Shown once: the page does not show them again.
    again = client.get(BACKUP).content.decode()
    assert not any(code in again for code in codes)
    assert "10 mã dự phòng" in again


def test_wrong_enrolment_code_is_refused_with_a_vietnamese_message(client):
    client.force_login(secretariat_user())
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "Mã không khớp" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get(ADMIN).status_code == 302


def test_enrolled_staff_signing_in_again_must_enter_a_current_code(client):
    user = secretariat_user()
    device, _ = enrol(client, user)
    client.logout()
    client.force_login(user)
    response = client.get(ADMIN)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "123456", "next": ADMIN})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302
    # The code of the next period (within the app's tolerance); the enrolment code is spent.
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(VERIFY, {"code": code_for(device, 1), "next": ADMIN})
    assert ok.status_code == 302 and ok["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_code_cannot_be_replayed_in_another_session(client, django_user_model):
    from django.test import Client

    user = secretariat_user()
    device, _ = enrol(client, user)
    used = code_for(device)  # the enrolment code
    other = Client()
    other.force_login(user)
    response = other.post(VERIFY, {"code": used})
    assert response.status_code == 200
    assert other.get(ADMIN).status_code == 302


def test_backup_code_works_once(client):
    user = secretariat_user()
    _, codes = enrol(client, user)
    client.logout()
    client.force_login(user)
    ok = client.post(VERIFY, {"code": codes[0].upper(), "next": ADMIN})
    assert ok.status_code == 302 and ok["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.logout()
    client.force_login(user)
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "Mã không đúng" in again.content.decode()


def test_new_backup_codes_replace_the_old_ones(client):
    user = secretariat_user()
    _, old = enrol(client, user)
    response = client.post(BACKUP)
    assert response.status_code == 302
    page = client.get(BACKUP).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_too_many_wrong_codes_are_throttled(client):
    user = secretariat_user()
    device, _ = enrol(client, user)
    client.logout()
    client.force_login(user)
    for _ in range(5):
        client.post(VERIFY, {"code": "000000"})
    device.refresh_from_db()
    # Even the right code is refused while throttled (16 s after the fifth failure).
    response = client.post(VERIFY, {"code": code_for(device, 1)})
    assert response.status_code == 200
    assert "quá nhiều lần" in response.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_unverified_staff_is_also_kept_from_the_public_site_and_the_api(client):
    user = secretariat_user()
    enrol(client, user)
    client.logout()
    client.force_login(user)
    assert client.get("/").status_code == 302
    api = client.get("/api/v1/")
    assert api.status_code == 403
    assert "xác thực hai bước" in api.json()["detail"]


def test_superuser_is_asked_too(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(ADMIN)["Location"].startswith(SETUP)


def test_admin_access_permission_without_staff_flag_is_asked_too(client):
    user = UserFactory(username="editor")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    assert client.get(ADMIN).status_code == 302


def test_delegates_are_not_asked(client):
    client.force_login(delegate_user(TermFactory()))
    assert client.get("/").status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to do there: back home
    assert not TOTPDevice.objects.exists()


def test_signing_in_through_the_login_form_then_the_code(client):
    user = secretariat_user()
    device, _ = enrol(client, user)
    client.logout()
    response = client.post("/dang-nhap/", {"username": user.username, "password": "pw"})
    assert response.status_code == 302
    assert client.get(ADMIN).status_code == 302
    device.refresh_from_db()
    ok = client.post(VERIFY, {"code": code_for(device, 1), "next": ADMIN})
    assert ok["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_next_is_never_an_outside_address(client):
    user = secretariat_user()
    device, _ = enrol(client, user)
    client.logout()
    client.force_login(user)
    device.refresh_from_db()
    response = client.post(VERIFY, {"code": code_for(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == ADMIN


def test_reenrolling_needs_the_current_factor_and_retires_the_old_phone(client):
    user = secretariat_user()
    old, _ = enrol(client, user)
    response = client.get(SETUP)
    assert response.status_code == 200 and "điện thoại mới" in response.content.decode()
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SETUP, {"code": code_for(new)})
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [new.pk]
    assert TOTPDevice.objects.get(pk=new.pk).confirmed


def test_reset_command_removes_devices_and_ends_sessions(client):
    from django.core.management import call_command

    user = secretariat_user()
    enrol(client, user)
    call_command("reset_two_factor", user.username)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(ADMIN).status_code == 302  # signed out
    client.force_login(user)
    assert client.get(ADMIN)["Location"].startswith(SETUP)


def test_gate_can_be_switched_off_only_by_setting(client, settings):
    settings.COUNCIL_STAFF_TWO_FACTOR = False
    client.force_login(secretariat_user())
    assert client.get(ADMIN).status_code == 200


def test_the_admin_account_page_links_to_the_two_factor_settings(client):
    user = secretariat_user()
    enrol(client, user)
    response = client.get("/quan-tri/account/")
    assert response.status_code == 200
    assert BACKUP in response.content.decode()
