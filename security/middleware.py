"""Staff must prove a second factor before anything else: the admin, the public site, the API."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import confirmed_totp, is_verified, requires_second_factor

# Reachable before the second factor: the 2FA pages themselves, signing in and out, static files.
EXEMPT_PREFIXES = ("/static/", "/media/images/", "/i18n/", "/favicon.ico", "/healthz")
EXEMPT_URL_NAMES = ("login", "logout", "wagtailadmin_login", "wagtailadmin_logout")


class StaffTwoFactorMiddleware:
    """After OTPMiddleware: a staff session without a verified device goes to the 2FA page.

    Turned off only by `COUNCIL_STAFF_TWO_FACTOR = False` (the fast test settings; the 2FA
    tests turn it back on).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt_paths: tuple[str, ...] | None = None

    def exempt(self, path: str) -> bool:
        if self._exempt_paths is None:
            paths = [reverse("security:verify")]
            for name in EXEMPT_URL_NAMES:
                try:
                    paths.append(reverse(name))
                except Exception:  # an optional route that is not mounted
                    continue
            self._exempt_paths = tuple(paths)
        return path.startswith(EXEMPT_PREFIXES + self._exempt_paths)

    def __call__(self, request):
        if (
            getattr(settings, "COUNCIL_STAFF_TWO_FACTOR", True)
            and not self.exempt(request.path)
            and requires_second_factor(request.user)
            and not is_verified(request.user)
        ):
            enrolled = confirmed_totp(request.user) is not None
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Cần xác thực hai bước trước khi dùng API với tài khoản này.")},
                    status=403,
                )
            target = reverse("security:verify" if enrolled else "security:setup")
            if request.method in ("GET", "HEAD"):
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
