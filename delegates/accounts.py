"""Delegate accounts: the secretariat's invitation, activation by a signed link, password reset.

An invited account stays inactive, without a usable password, until the delegate follows the
link and chooses a password; the link is signed and stops working once used.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views import View

from .models import Person


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "delegates.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{timestamp}{user.email}"


activation_token = ActivationTokenGenerator()


class InvitationError(Exception):
    """Why an invitation cannot be sent, in words the secretariat can act on."""


def _free_username(base: str) -> str:
    User = get_user_model()
    candidate, n = base, 2
    while User.objects.filter(username=candidate).exists():
        candidate = f"{base}{n}"
        n += 1
    return candidate


def activation_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("delegates:activate", args=[uid, activation_token.make_token(user)])


@transaction.atomic
def invite_delegate(person: Person, *, base_url: str, email: str = "", invited_by=None):
    """Create (or reuse) the person's inactive account and e-mail them an activation link."""
    email = (email or person.email or "").strip()
    if not email:
        raise InvitationError(
            _("Hồ sơ đại biểu chưa có địa chỉ thư điện tử. Hãy nhập địa chỉ vào hồ sơ rồi mời lại.")
        )
    user = person.user
    if user is not None and user.is_active and user.has_usable_password():
        raise InvitationError(
            _(
                "Đại biểu đã có tài khoản đang hoạt động (%(username)s); "
                "nếu quên mật khẩu, đại biểu dùng chức năng “Quên mật khẩu”."
            )
            % {"username": user.username}
        )
    if user is None:
        User = get_user_model()
        user = User(
            username=_free_username(person.slug.replace("-", ".")[:140]),
            full_name=person.full_name,
            email=email,
            is_active=False,
        )
        user.set_unusable_password()
        user.save()
        person.user = user
        person.save(update_fields=["user"])
    elif user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    link = base_url.rstrip("/") + activation_path(user)
    context = {"person": person, "user": user, "link": link}
    send_mail(
        subject=_("Mời kích hoạt tài khoản đại biểu HĐND tỉnh"),
        message=render_to_string("delegates/account/invitation_email.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return user


class ActivateView(View):
    template_name = "delegates/account/activate.html"

    def _user(self, uidb64, token):
        User = get_user_model()
        try:
            user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
        except (TypeError, ValueError, OverflowError, User.DoesNotExist):
            return None
        if user.is_active or not activation_token.check_token(user, token):
            return None
        return user

    def get(self, request, uidb64, token):
        user = self._user(uidb64, token)
        if user is None:
            return render(request, "delegates/account/activate_invalid.html", status=400)
        return render(request, self.template_name, {"form": SetPasswordForm(user), "account": user})

    def post(self, request, uidb64, token):
        user = self._user(uidb64, token)
        if user is None:
            return render(request, "delegates/account/activate_invalid.html", status=400)
        form = SetPasswordForm(user, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "account": user})
        user = form.save(commit=False)
        user.is_active = True
        user.save()
        messages.success(
            request, _("Tài khoản đã được kích hoạt. Mời bạn đăng nhập bằng mật khẩu vừa đặt.")
        )
        return redirect("login")


password_reset_urls = [
    path(
        "tai-khoan/quen-mat-khau/",
        auth_views.PasswordResetView.as_view(
            template_name="delegates/account/password_reset_form.html",
            email_template_name="delegates/account/password_reset_email.txt",
            subject_template_name="delegates/account/password_reset_subject.txt",
            success_url=reverse_lazy("delegates:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "tai-khoan/quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="delegates/account/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="delegates/account/password_reset_confirm.html",
            success_url=reverse_lazy("delegates:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="delegates/account/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
