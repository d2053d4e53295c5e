"""The secretariat's admin: delegate records as snippets (with history), import, invitations."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Body, Constituency, CorrectionRequest, Membership, Person, Term


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = pgettext_lazy("menu", "Đại biểu")
    list_display = ["full_name", "key", "birth_year", "ethnicity", "workplace"]
    list_filter = ["gender", "ethnicity"]
    search_fields = ["full_name", "folded_name", "key"]
    ordering = ["folded_name"]


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "date"
    menu_label = pgettext_lazy("menu", "Nhiệm kỳ")
    list_display = ["__str__", "start_date", "end_date"]


class BodyViewSet(SnippetViewSet):
    model = Body
    icon = "group"
    menu_label = _("Cơ quan, tổ, ban")
    list_display = ["name", "kind", "term"]
    list_filter = ["term", "kind"]


class ConstituencyViewSet(SnippetViewSet):
    model = Constituency
    icon = "site"
    menu_label = _("Đơn vị bầu cử")
    list_display = ["number", "name", "seats", "term"]
    list_filter = ["term"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "tag"
    menu_label = _("Chức danh, nhiệm vụ")
    list_display = ["person", "role", "body", "start_date", "end_date", "full_time"]
    list_filter = ["body__term", "body__kind", "role", "full_time"]
    search_fields = ["person__full_name", "person__folded_name"]


class CorrectionRequestViewSet(SnippetViewSet):
    model = CorrectionRequest
    icon = "comment"
    menu_label = _("Đề nghị đính chính")
    list_display = ["person", "field_label", "created_at", "status"]
    list_filter = ["status"]


class DelegatesGroup(SnippetViewSetGroup):
    menu_label = pgettext_lazy("menu", "Đại biểu")
    menu_icon = "group"
    menu_order = 210
    items = (
        PersonViewSet,
        TermViewSet,
        BodyViewSet,
        ConstituencyViewSet,
        MembershipViewSet,
        CorrectionRequestViewSet,
    )


register_snippet(DelegatesGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "dai-bieu/nhap/",
            admin_views.ImportView.as_view(),
            name="delegates_import",
        ),
        path(
            "dai-bieu/<int:person_id>/moi/",
            admin_views.InviteView.as_view(),
            name="delegates_invite",
        ),
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return request.user.has_perms(self.permissions)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _PermissionMenuItem(
        _("Nhập danh sách đại biểu"),
        reverse("delegates_import"),
        icon_name="upload",
        order=211,
        permissions=admin_views.IMPORT_PERMISSIONS,
    )


@hooks.register("register_snippet_listing_buttons")
def invite_button(snippet, user, next_url=None):
    if isinstance(snippet, Person) and user.has_perm("delegates.change_person"):
        yield Button(
            _("Mời tạo tài khoản"),
            reverse("delegates_invite", args=[snippet.pk]),
            icon_name="mail",
            priority=50,
        )
