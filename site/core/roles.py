"""The secretariat's groups and what they may do; created by `ensure_roles`, never by hand."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CLERK = "Văn phòng – Chuyên viên"
HEAD = "Văn phòng – Lãnh đạo"

# (app_label, codename) pairs; model permissions use Django's add/change/delete/view.
_EDITOR_MODELS = {
    "library": ["archivedocument", "documentversion"],
    "delegates": ["term", "body", "constituency", "person", "membership", "correctionrequest"],
    "wagtailimages": ["image"],
}
_EXTRA = [
    ("wagtailadmin", "access_admin"),
    ("library", "view_nonpublic"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "choose_image"),
]

# The head of office also reads the audit log of non-public downloads.
_HEAD_ONLY = [("library", "view_downloadlog")]


def _permissions(extra_models: dict[str, list[str]] | None = None) -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, models in {**_EDITOR_MODELS, **(extra_models or {})}.items():
        for model in models:
            query |= Q(content_type__app_label=app_label, content_type__model=model)
    return list(Permission.objects.filter(query | _codenames(_EXTRA)))


def _codenames(pairs) -> Q:
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return query


def ensure_roles(extra_models: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Create or update the secretariat's groups; idempotent."""
    from wagtail.models import GroupPagePermission, Page

    permissions = _permissions(extra_models)
    groups = {}
    for name in (CLERK, HEAD):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
        groups[name] = group
    groups[HEAD].permissions.add(*Permission.objects.filter(_codenames(_HEAD_ONLY)))
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        wanted = {CLERK: ["add", "change"], HEAD: ["add", "change", "publish", "delete"]}
        for name, actions in wanted.items():
            for action in actions:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                )
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page=root, permission=permission
                )
    return groups
