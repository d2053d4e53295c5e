"""Two-factor pages: enrol an authenticator app, enter a code, see backup codes once."""

from base64 import b32encode
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import qr, services
from .forms import CodeForm

BACKUP_SESSION_KEY = "security_backup_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/quan-tri/" if services.requires_second_factor(request.user) else "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if not services.requires_second_factor(request.user):
        return redirect("/")
    if services.confirmed_totp(request.user) is None:
        return redirect(f"{_setup_url()}?{urlencode({'next': _next(request)})}")
    if services.is_verified(request.user):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_code(request, form.cleaned_data["code"])
        except services.Throttled as throttled:
            form.add_error(
                "code",
                _("Đã nhập sai quá nhiều lần. Hãy chờ %(seconds)s giây rồi nhập mã mới.")
                % {"seconds": throttled.seconds},
            )
        else:
            if device is not None:
                if services.backup_codes_left(request.user) <= 2:
                    messages.warning(
                        request,
                        _("Chỉ còn ít mã dự phòng; hãy tạo bộ mã mới ở trang Mã dự phòng."),
                    )
                return redirect(_next(request))
            form.add_error(
                "code",
                _(
                    "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng "
                    "(đổi sau mỗi 30 giây) hoặc một mã dự phòng chưa dùng."
                ),
            )
    return render(request, "security/verify.html", {"form": form, "next": _next(request)})


def _setup_url() -> str:
    from django.urls import reverse

    return reverse("security:setup")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    if not services.requires_second_factor(request.user):
        return redirect("/")
    enrolled = services.confirmed_totp(request.user) is not None
    # Re-enrolling (a new phone) needs the current second factor first.
    if enrolled and not services.is_verified(request.user):
        return redirect("security:verify")
    device = services.pending_totp(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            request.session[BACKUP_SESSION_KEY] = codes
            request.session["security_after_codes"] = _next(request)
            return redirect("security:backup_codes")
        form.add_error(
            "code",
            _(
                "Mã không khớp. Hãy kiểm tra giờ trên điện thoại và nhập mã 6 chữ số đang "
                "hiện trên ứng dụng."
            ),
        )
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg(device.config_url)),  # drawn by us from our own data
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "reenrol": enrolled,
        "next": _next(request),
    }
    return render(request, "security/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    if not services.requires_second_factor(request.user):
        return redirect("/")
    if not services.is_verified(request.user):
        return redirect("security:verify")
    if request.method == "POST":
        request.session[BACKUP_SESSION_KEY] = services.new_backup_codes(request.user)
        return redirect("security:backup_codes")
    # Shown once: taken out of the session as they are displayed.
    codes = request.session.pop(BACKUP_SESSION_KEY, None)
    after = request.session.pop("security_after_codes", None) or "/quan-tri/"
    return render(
        request,
        "security/backup_codes.html",
        {"codes": codes, "left": services.backup_codes_left(request.user), "after": after},
    )
