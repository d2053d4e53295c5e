"""Admin entries: the delivery log per session (secretariat only) and workflow messages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from library.access import is_secretariat

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("thong-bao/", admin_views.SessionListView.as_view(), name="notifications_sessions"),
        path(
            "thong-bao/ky-hop/<int:session_id>/",
            admin_views.SessionLogView.as_view(),
            name="notifications_session_log",
        ),
        path(
            "thong-bao/thu/<int:notice_id>/gui-lai/",
            admin_views.ResendView.as_view(),
            name="notifications_resend",
        ),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def notifications_menu_item():
    return SecretariatMenuItem(
        _("Thông báo đại biểu"), reverse("notifications_sessions"), icon_name="mail", order=470
    )


@hooks.register("register_page_header_buttons")
def notification_log_button(page, user, view_name, next_url=None):
    """On a session's admin page: straight to who was told of its materials."""
    from wagtail.admin.widgets import Button

    from sessions.models import SessionPage

    if page.specific_class is SessionPage and is_secretariat(user):
        yield Button(
            _("Thông báo đại biểu"),
            reverse("notifications_session_log", args=[page.pk]),
            icon_name="mail",
            priority=80,
        )
