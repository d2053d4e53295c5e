"""The one place that decides who may see what, evaluated at read time.

Every surface (pages, lists, file serving, search, feeds, sitemap, API, packets, e-books, OPDS)
asks `can_view` for one object or `visible_to` for a queryset; nothing else writes an access rule.

Rules, for an object with `access_level`, `release_at`, `public_at`, `term` and (optionally)
`readers`:
- the secretariat (permission `library.view_nonpublic`, active accounts only) sees everything,
  before release too; secret items are metadata only and never have a file;
- before `release_at` nobody else sees the object at all;
- public: everyone; delegates: active delegates of the object's term (any current term when
  the object has none), and everyone once `public_at` has passed; restricted: the named readers;
  secret: nobody else.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

logger = logging.getLogger("council.access")

SECRETARIAT_PERMISSION = "library.view_nonpublic"


class Level(models.TextChoices):
    # A context of their own: "Đại biểu HĐND" elsewhere names the delegates themselves.
    PUBLIC = "public", pgettext_lazy("access level", "Công khai")
    DELEGATES = "delegates", pgettext_lazy("access level", "Đại biểu HĐND")
    RESTRICTED = "restricted", pgettext_lazy("access level", "Hạn chế (người được chỉ định)")
    SECRET = "secret", pgettext_lazy("access level", "Mật (chỉ lưu thông tin)")


class AccessControlled(models.Model):
    """Fields the access core reads. Mixed into every model whose visibility can be limited."""

    access_level = models.CharField(
        _("mức độ truy cập"), max_length=12, choices=Level.choices, default=Level.DELEGATES
    )
    release_at = models.DateTimeField(
        _("thời điểm phát hành"),
        null=True,
        blank=True,
        help_text=_("Trước thời điểm này chỉ Văn phòng thấy tài liệu. Để trống: phát hành ngay."),
    )
    public_at = models.DateTimeField(
        _("công khai từ"),
        null=True,
        blank=True,
        help_text=_("Chỉ cho mức Đại biểu: từ thời điểm này tài liệu trở thành công khai."),
    )
    term = models.ForeignKey(
        "delegates.Term",
        verbose_name=_("nhiệm kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đại biểu của nhiệm kỳ này được xem tài liệu mức Đại biểu."),
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_release_at = getattr(instance, "release_at", None)
        return instance

    def clean(self):
        super().clean()
        errors = validate_access_fields(self)
        if errors:
            raise ValidationError(errors)

    def is_public(self, now: datetime.datetime | None = None) -> bool:
        return is_public(self, now)


def validate_access_fields(obj) -> dict[str, str]:
    errors: dict[str, str] = {}
    now = timezone.now()
    if obj.public_at and obj.access_level != Level.DELEGATES:
        errors["public_at"] = _(
            "Chỉ tài liệu mức Đại biểu mới đặt được thời điểm công khai; hãy để trống ô này "
            "hoặc chọn mức Đại biểu."
        )
    if obj.public_at and obj.release_at and obj.public_at < obj.release_at:
        errors["public_at"] = _("Thời điểm công khai phải sau thời điểm phát hành.")
    release_changed = obj.release_at != getattr(obj, "_stored_release_at", None)
    if obj.release_at and release_changed and obj.release_at < now - datetime.timedelta(minutes=1):
        errors["release_at"] = _(
            "Thời điểm phát hành đã qua. Hãy chọn một thời điểm trong tương lai, "
            "hoặc để trống để phát hành ngay."
        )
    return errors


@dataclass(frozen=True)
class Viewer:
    """Who is asking, resolved once: the facts every rule needs, nothing else."""

    user_id: int | None
    secretariat: bool
    delegate_term_ids: frozenset[int]
    at: datetime.datetime

    @property
    def is_delegate(self) -> bool:
        return bool(self.delegate_term_ids)


def viewer(user, now: datetime.datetime | None = None) -> Viewer:
    if isinstance(user, Viewer):
        return user
    now = now or timezone.now()
    if user is None or not user.is_authenticated or not user.is_active:
        return Viewer(None, False, frozenset(), now)
    return Viewer(
        user_id=user.pk,
        secretariat=is_secretariat(user),
        delegate_term_ids=delegate_term_ids(user, now),
        at=now,
    )


def is_secretariat(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm(SECRETARIAT_PERMISSION)
    )


def delegate_term_ids(user, now: datetime.datetime | None = None) -> frozenset[int]:
    """Terms in which `user` sits on the council today: an ended term or post gives nothing."""
    from delegates.models import Body, Membership

    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    today = timezone.localdate(now or timezone.now())
    cache_key = ("_council_delegate_terms", today)
    cached = getattr(user, "_council_delegate_terms", None)
    if cached and cached[0] == cache_key:
        return cached[1]
    ids = frozenset(
        Membership.objects.filter(
            person__user=user,
            body__kind=Body.Kind.COUNCIL,
            start_date__lte=today,
            body__term__start_date__lte=today,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(Q(body__term__end_date__isnull=True) | Q(body__term__end_date__gte=today))
        .values_list("body__term_id", flat=True)
    )
    user._council_delegate_terms = (cache_key, ids)
    return ids


def _released(obj, now: datetime.datetime) -> bool:
    return obj.release_at is None or obj.release_at <= now


def is_public(obj, now: datetime.datetime | None = None) -> bool:
    """Visible to anyone at all, right now: the test for feeds, sitemap and public editions."""
    now = now or timezone.now()
    if not _released(obj, now):
        return False
    if obj.access_level == Level.PUBLIC:
        return True
    return (
        obj.access_level == Level.DELEGATES and obj.public_at is not None and obj.public_at <= now
    )


def can_view(user, obj, now: datetime.datetime | None = None) -> bool:
    """May `user` see `obj` (its title, number, text and files) at `now`?"""
    who = viewer(user, now)
    now = who.at
    if who.secretariat:
        return True
    if is_public(obj, now):
        return True
    if not _released(obj, now) or who.user_id is None:
        return False
    if obj.access_level == Level.DELEGATES:
        if obj.term_id is None:
            return who.is_delegate
        return obj.term_id in who.delegate_term_ids
    if obj.access_level == Level.RESTRICTED and hasattr(obj, "readers"):
        return obj.readers.filter(pk=who.user_id).exists()
    return False


def public_q(now: datetime.datetime, prefix: str = "") -> Q:
    p = prefix
    released = Q(**{f"{p}release_at__isnull": True}) | Q(**{f"{p}release_at__lte": now})
    public_level = Q(**{f"{p}access_level": Level.PUBLIC}) | Q(
        **{f"{p}access_level": Level.DELEGATES, f"{p}public_at__lte": now}
    )
    return released & public_level


def visible_q(model, user, now: datetime.datetime | None = None, prefix: str = "") -> Q | None:
    """The rule as a Q on `model`'s fields (under `prefix`); None means no restriction."""
    who = viewer(user, now)
    now = who.at
    if who.secretariat:
        return None
    p = prefix
    condition = public_q(now, p)
    if who.user_id is not None:
        released = Q(**{f"{p}release_at__isnull": True}) | Q(**{f"{p}release_at__lte": now})
        if who.is_delegate:
            condition |= (
                released
                & Q(**{f"{p}access_level": Level.DELEGATES})
                & (
                    Q(**{f"{p}term__isnull": True})
                    | Q(**{f"{p}term_id__in": who.delegate_term_ids})
                )
            )
        readers = getattr(model, "readers", None)
        if readers is not None:
            through = readers.through
            source = readers.field.m2m_field_name()
            target = readers.field.m2m_reverse_field_name()
            named = Exists(
                through.objects.filter(
                    **{f"{source}_id": OuterRef(f"{p}pk"), f"{target}_id": who.user_id}
                )
            )
            condition |= released & Q(**{f"{p}access_level": Level.RESTRICTED}) & Q(named)
    return condition


def visible_to(queryset, user, now: datetime.datetime | None = None):
    """`queryset` narrowed to what `user` may see at `now`: the filter every list uses."""
    condition = visible_q(queryset.model, user, now)
    return queryset if condition is None else queryset.filter(condition)


def require_view(request, obj, now: datetime.datetime | None = None) -> None:
    """Raise the refusal that leaks nothing: 404 to the anonymous, 403 to a signed-in user."""
    if can_view(request.user, obj, now):
        return
    logger.warning(
        "access denied: user=%s object=%s.%s",
        getattr(request.user, "pk", None),
        obj._meta.label,
        obj.pk,
    )
    if request.user.is_authenticated:
        raise PermissionDenied
    raise Http404
