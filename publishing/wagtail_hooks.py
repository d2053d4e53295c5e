"""The secretariat sees every build in the admin: number, status, its log and its failure."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from library.access import is_secretariat

from .models import Build


class SecretariatReadOnlyPolicy(BasePermissionPolicy):
    """The secretariat may look at builds; nobody edits one by hand (the worker makes them)."""

    def user_has_permission(self, user, action):
        return action == "view" and is_secretariat(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return [u for u in users if is_secretariat(u)]


register_permission_policy(Build, SecretariatReadOnlyPolicy(Build))


class BuildViewSet(ModelViewSet):
    model = Build
    icon = "doc-full-inverse"
    menu_label = _("Tập tài liệu kỳ họp")
    menu_order = 450
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "session", "edition", "number", "status", "finished_at", "page_count", "error_display",
    ]  # fmt: skip
    list_filter = ["edition", "status"]
    inspect_view_fields = [
        "session", "edition", "number", "status", "since", "fingerprint", "started_at",
        "finished_at", "page_count", "document_count", "log", "error", "pdf", "epub",
    ]  # fmt: skip
    # Builds are made by the worker, never typed in: the policy grants no add/change, but
    # ModelViewSet needs a form declared.
    form_fields = ["status"]


build_viewset = BuildViewSet("publishing_builds")


@hooks.register("register_admin_viewset")
def register_build_viewset():
    return build_viewset


@require_POST
def rebuild(request, session_id: int):
    from sessions.models import SessionPage

    from .services import schedule_rebuild

    if not is_secretariat(request.user):
        raise PermissionDenied
    session = get_object_or_404(SessionPage, pk=session_id)
    schedule_rebuild(session.pk)
    messages.success(request, _("Đã xếp hàng tạo lại tài liệu của %(s)s.") % {"s": session.title})
    return redirect(reverse(build_viewset.get_url_name("index")))


@hooks.register("register_admin_urls")
def register_rebuild_url():
    return [path("tap-tai-lieu/tao-lai/<int:session_id>/", rebuild, name="publishing_rebuild")]
