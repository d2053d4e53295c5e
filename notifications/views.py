"""The delegate's own notification settings and the signed unsubscribe link."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from library import access

from . import services
from .models import Mode


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=gettext_lazy("Nhận thư thông báo tài liệu kỳ họp"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Hãy chọn một cách nhận thông báo."),
            "invalid_choice": gettext_lazy(
                "Lựa chọn không hợp lệ; hãy chọn một trong ba cách nhận thông báo."
            ),
        },
    )


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.set_mode(user, form.cleaned_data["mode"])
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(initial={"mode": services.mode_of(user)})
    context = {
        "form": form,
        "is_delegate": access.viewer(user).is_delegate,
        "address": services.recipient_address(user),
        "window": int(services.digest_window().total_seconds() // 60),
        "daily_hour": services.daily_hour(),
    }
    return _no_store(render(request, "notifications/preferences.html", context))


# The signed token is the authority here (it is sent only to the delegate's address), and mail
# clients post one-click unsubscribes (RFC 8058) without a CSRF cookie.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user = services.user_from_token(token)
    except signing.SignatureExpired:
        return _no_store(
            render(request, "notifications/unsubscribe.html", {"state": "expired"}, status=410)
        )
    except (signing.BadSignature, ValueError, LookupError):
        return _no_store(
            render(request, "notifications/unsubscribe.html", {"state": "invalid"}, status=400)
        )
    if request.method == "POST":
        services.set_mode(user, Mode.NONE)
        return _no_store(render(request, "notifications/unsubscribe.html", {"state": "done"}))
    return _no_store(
        render(request, "notifications/unsubscribe.html", {"state": "confirm", "token": token})
    )
