"""Account security actions: second-factor enrolment and checks, backup codes, ending sessions.

Views, middleware and management commands call these; nothing else touches OTP devices.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from library.access import is_secretariat

logger = logging.getLogger("council.security")

TOTP_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"
BACKUP_CODE_COUNT = 10


def requires_second_factor(user) -> bool:
    """Staff, administrators and the secretariat; never an ordinary delegate or reader."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or is_secretariat(user)
        or user.has_perm("wagtailadmin.access_admin")
    )


def is_verified(user) -> bool:
    return bool(getattr(user, "otp_device", None) is not None)


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_totp(user) -> TOTPDevice:
    """The not-yet-confirmed device being enrolled: the same key until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def normalise(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm `device` with a current `code`; on success the session is verified.

    Returns the new backup codes (to be shown once) or None when the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or device.user_id != request.user.pk:
        return None
    if not device.verify_token(normalise(code)):
        logger.warning("2fa enrolment code refused: user=%s", request.user.pk)
        return None
    # Only one authenticator per account: an older one stops working when a new one is confirmed.
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_backup_codes(request.user)
    mark_verified(request, device)
    logger.info("2fa enrolled: user=%s", request.user.pk)
    return codes


def new_backup_codes(user) -> list[str]:
    """Replace the account's backup codes; the plain codes are returned once, for display."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


class Throttled(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def verify_code(request, code: str):
    """Check a code from the authenticator or a backup code; verify the session on success.

    Raises Throttled while too many wrong codes have been entered recently.
    """
    user = request.user
    code = normalise(code)
    devices = [d for d in [confirmed_totp(user)] if d is not None]
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    wait = 0
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            wait = max(wait, int((until - timezone.now()).total_seconds()) + 1 if until else 60)
            continue
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(code):
                mark_verified(request, locked)
                logger.info("2fa verified: user=%s device=%s", user.pk, locked.persistent_id)
                return locked
    logger.warning("2fa code refused: user=%s", user.pk)
    if wait and len(devices) and all(not d.verify_is_allowed()[0] for d in devices):
        raise Throttled(wait)
    return None


def mark_verified(request, device) -> None:
    # A new session key once the second factor is proven: a key seen before it is useless.
    request.session.cycle_key()
    otp_login(request, device)


def reset_second_factor(user) -> None:
    """For a lost phone: remove every device; the next sign-in enrols again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(user)
    logger.warning("2fa reset: user=%s", user.pk)


def end_sessions(user) -> int:
    """End every session of `user` (database-backed session engines: db and cached_db)."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        try:
            data = session.get_decoded()
        except Exception:  # a corrupt session is no one's
            continue
        if str(data.get(SESSION_KEY)) == str(user.pk):
            # Through the engine, so a cached copy (cached_db) goes too.
            engine.SessionStore(session.session_key).delete()
            ended += 1
    if ended:
        logger.info("sessions ended: user=%s count=%s", user.pk, ended)
    return ended
