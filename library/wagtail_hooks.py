"""Wagtail hooks: every document download is asked of the access core first."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .files import presigned_redirect
from .models import DownloadLog
from .services import check_document_download


@hooks.register("before_serve_document")
def guard_document(document, request):
    # The access check raises (404/403) before anything is signed or streamed.
    return check_document_download(document, request) or presigned_redirect(document, request)


class AuditLogPolicy(ModelPermissionPolicy):
    """The download log is evidence: administrators may read it, nobody may change it."""

    def user_has_permission(self, user, action):
        return action == "view" and (
            user.is_active and (user.is_superuser or user.has_perm("library.view_downloadlog"))
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(DownloadLog, AuditLogPolicy(DownloadLog))


class DownloadLogViewSet(ModelViewSet):
    model = DownloadLog
    icon = "history"
    menu_label = _("Nhật ký tải tài liệu")
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "nhat-ky-tai"
    list_display = [
        "at",
        "username",
        "document_label",
        "version_number",
        "access_level",
        "ip_address",
    ]
    list_filter = ["access_level", "at"]
    search_fields = ["document_label", "username", "ip_address"]
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    form_fields = ["document"]  # required by ModelViewSet; the policy forbids add and edit


@hooks.register("register_admin_viewset")
def register_download_log():
    return DownloadLogViewSet("download_log")


@hooks.register("register_admin_urls")
def register_version_upload():
    from .admin_views import new_version

    return [
        path("van-ban/<int:document_id>/phien-ban-moi/", new_version, name="library_new_version")
    ]
