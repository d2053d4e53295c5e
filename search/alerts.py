"""Saved searches and their e-mail alerts: new public documents that match, each sent once.

What "new" means: a document matching the search that is public now and was not yet announced
for it. Everything already matching when the search is saved is recorded as announced, so the
first alert is not the whole archive.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .engine import base_queryset, clean_filters
from .models import AlertDelivery, SavedSearch
from .query import parse

logger = logging.getLogger("council.search")
SALT = "search.saved.unsubscribe"
MAX_SAVED_PER_USER = 20
MAX_PER_ALERT = 50


def _public_matches(saved: SavedSearch, now=None):
    from library.access import viewer

    who = viewer(AnonymousUser(), now)
    filters, _messages = clean_filters(saved.filters or {}, who)
    filters.pop("access_level", None)
    return base_queryset(parse(saved.query), who, filters, who.at).filter(source="document")


def save_search(user, *, query: str, filters: dict, name: str = "") -> SavedSearch | str:
    """Save a search for `user`, or return the Vietnamese reason it cannot be saved."""
    parsed = parse(query)
    clean = {k: v for k, v in (filters or {}).items() if v and k != "access_level"}
    if parsed.empty and not clean:
        return _("Hãy nhập từ khóa hoặc chọn bộ lọc trước khi lưu tìm kiếm.")
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_PER_USER:
        return _("Bạn đã lưu %(n)s tìm kiếm, mức tối đa; hãy xóa bớt một tìm kiếm cũ.") % {
            "n": MAX_SAVED_PER_USER
        }
    if not user.email:
        return _("Tài khoản chưa có địa chỉ thư điện tử để nhận thư báo.")
    saved = SavedSearch.objects.create(
        user=user,
        name=(name or parsed.text or _("Tìm kiếm của tôi"))[:200],
        query=parsed.text,
        filters=clean,
        last_checked_at=timezone.now(),
    )
    baseline = _public_matches(saved).values_list("pk", flat=True)
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(saved_search=saved, entry_id=pk) for pk in baseline.iterator()],
        batch_size=500,
        ignore_conflicts=True,
    )
    return saved


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps({"s": saved.pk, "u": saved.user_id}, salt=SALT)


def saved_search_from_token(token: str) -> SavedSearch | None:
    data = signing.loads(token, salt=SALT)
    return SavedSearch.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


def _absolute(path: str) -> str:
    if path.startswith("http"):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_alert(saved: SavedSearch, now=None) -> int:
    now = now or timezone.now()
    new = list(
        _public_matches(saved, now)
        .exclude(pk__in=AlertDelivery.objects.filter(saved_search=saved).values("entry_id"))
        .defer("title_terms", "title_exact", "body_terms")
        .order_by("-date", "-pk")[:MAX_PER_ALERT]
    )
    SavedSearch.objects.filter(pk=saved.pk).update(last_checked_at=now)
    if not new:
        return 0
    unsubscribe_url = _absolute(
        reverse("search:unsubscribe", kwargs={"token": unsubscribe_token(saved)})
    )
    context = {
        "saved": saved,
        "entries": [(e, _absolute(e.url or e.file_url)) for e in new],
        "search_url": _absolute(reverse("search:page")) + "?" + _querystring(saved),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=_("Tài liệu mới cho tìm kiếm “%(name)s”") % {"name": saved.name},
        body=render_to_string("search/email/alert.txt", context),
        to=[saved.user.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>"},
    )
    message.attach_alternative(render_to_string("search/email/alert.html", context), "text/html")
    message.send()
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(saved_search=saved, entry=e) for e in new], ignore_conflicts=True
    )
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now)
    return len(new)


def _querystring(saved: SavedSearch) -> str:
    from django.utils.http import urlencode

    return urlencode(saved.params())


def send_all_alerts(now=None) -> int:
    sent = 0
    queryset = SavedSearch.objects.filter(email_alerts=True, user__is_active=True).select_related(
        "user"
    )
    for saved in queryset.exclude(user__email=""):
        try:
            sent += 1 if send_alert(saved, now) else 0
        except Exception:  # one bad search must not stop the others
            logger.exception("saved search %s: alert failed", saved.pk)
    return sent
