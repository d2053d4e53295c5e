"""The actions of notifying delegates: queue an event, fan it out, group and send, retry.

Who may hear of what is decided only by the access core: `delegate_term_ids` for the session's
term and `can_view` for each document, checked when an event is fanned out and again right
before each e-mail is sent (a document withdrawn in between is left out).
"""

from __future__ import annotations

import datetime
import logging
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from library import access

from .models import (
    CANCELLED_ERROR,
    NO_ADDRESS_ERROR,
    Delivery,
    Event,
    Mode,
    Notice,
    Preference,
)

logger = logging.getLogger("council.notifications")

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


# ---------------------------------------------------------------------------------------------
# Settings


def digest_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "COUNCIL_NOTIFY_DIGEST_MINUTES", 15))


def daily_hour() -> int:
    return int(getattr(settings, "COUNCIL_NOTIFY_DAILY_HOUR", 7))


def max_attempts() -> int:
    return int(getattr(settings, "COUNCIL_NOTIFY_MAX_ATTEMPTS", 5))


def unsubscribe_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "COUNCIL_NOTIFY_UNSUBSCRIBE_DAYS", 30))


def retry_delay(attempts: int) -> datetime.timedelta:
    """Backoff after the n-th failed attempt: 2, 4, 8, 16… minutes, at most 6 hours."""
    return datetime.timedelta(minutes=min(2**attempts, 360))


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------------------------
# Queuing (called from signals; never raises into the request that published)


def queue_event(
    kind: str,
    session_id: int,
    *,
    document_id: int | None = None,
    version_number: int | None = None,
    build_number: int | None = None,
    dedupe_key: str | None = None,
    now: datetime.datetime | None = None,
) -> Event | None:
    if dedupe_key and Event.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            return Event.objects.create(
                kind=kind,
                session_id=session_id,
                document_id=document_id,
                version_number=version_number,
                build_number=build_number,
                dedupe_key=dedupe_key,
                created_at=now or timezone.now(),
            )
    except IntegrityError:  # the same change queued concurrently
        return None


def sessions_of_document(document_id: int) -> set[int]:
    from sessions.models import AgendaItemDocument, SessionDocument

    ids = set(
        AgendaItemDocument.objects.filter(document_id=document_id).values_list(
            "item__session_id", flat=True
        )
    )
    ids |= set(
        SessionDocument.objects.filter(document_id=document_id).values_list("session_id", flat=True)
    )
    return ids


def session_document_ids(session) -> list[int]:
    """The session's documents in reading order: agenda items first, then general documents."""
    from sessions.models import AgendaItemDocument, SessionDocument

    ids = list(
        AgendaItemDocument.objects.filter(item__session=session)
        .order_by("item__sort_order", "sort_order")
        .values_list("document_id", flat=True)
    )
    ids += list(
        SessionDocument.objects.filter(session=session)
        .order_by("sort_order")
        .values_list("document_id", flat=True)
    )
    return list(OrderedDict.fromkeys(ids))


def scan_releases(now: datetime.datetime | None = None) -> int:
    """Queue an event for session documents whose embargo lifted lately (no signal tells us)."""
    from library.models import ArchiveDocument

    now = now or timezone.now()
    since = now - max(datetime.timedelta(days=1), digest_window())
    queued = 0
    documents = ArchiveDocument.objects.filter(release_at__gt=since, release_at__lte=now)
    for document_id, release_at in documents.values_list("pk", "release_at"):
        for session_id in sessions_of_document(document_id):
            key = f"released:{document_id}:{session_id}:{release_at.isoformat()}"
            if queue_event(
                Event.Kind.DOCUMENT_RELEASED,
                session_id,
                document_id=document_id,
                dedupe_key=key,
                now=release_at,
            ):
                queued += 1
    return queued


# ---------------------------------------------------------------------------------------------
# Who receives


def mode_of(user) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.mode if preference else Mode.IMMEDIATE


def set_mode(user, mode: str) -> Preference:
    if mode not in Mode.values:
        raise ValueError(mode)
    preference, _ = Preference.objects.update_or_create(user=user, defaults={"mode": mode})
    return preference


def term_delegates(session, now: datetime.datetime | None = None) -> list:
    """Active accounts of people who sit on the session's term council today."""
    from delegates.models import Body

    now = now or timezone.now()
    candidates = (
        get_user_model()
        .objects.filter(
            is_active=True,
            person__memberships__body__term_id=session.term_id,
            person__memberships__body__kind=Body.Kind.COUNCIL,
        )
        .distinct()
        .order_by("pk")
    )
    return [user for user in candidates if session.term_id in access.delegate_term_ids(user, now)]


def may_receive(user, event: Event, now: datetime.datetime | None = None) -> bool:
    """May `user` be told of `event` now? Only a delegate of the session's term, only for a
    live session, and only for a document the access core lets them see."""
    who = access.viewer(user, now)
    session = event.session
    if session.term_id not in who.delegate_term_ids or not session.live:
        return False
    if event.document_id is not None:
        return access.can_view(who, event.document, who.at)
    return True


def dispatch(now: datetime.datetime | None = None) -> int:
    """Fan out waiting events into deliveries for the delegates who may see them."""
    now = now or timezone.now()
    made = 0
    pending = Event.objects.filter(dispatched_at__isnull=True).select_related("session", "document")
    for event in pending.order_by("created_at", "pk"):
        count = 0
        # A draft session announces nothing; its publication later covers what was added.
        if event.session.live:
            for user in term_delegates(event.session, now):
                if mode_of(user) == Mode.NONE or not may_receive(user, event, now):
                    continue
                _, created = Delivery.objects.get_or_create(
                    event=event, user=user, defaults={"created_at": event.created_at}
                )
                count += created
        Event.objects.filter(pk=event.pk).update(dispatched_at=now, recipient_count=count)
        made += count
    return made


# ---------------------------------------------------------------------------------------------
# Grouping into notices


def _last_daily_moment(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    moment = local.replace(hour=daily_hour(), minute=0, second=0, microsecond=0)
    if moment > local:
        moment -= datetime.timedelta(days=1)
    return moment


def _due(mode: str, oldest: datetime.datetime, now: datetime.datetime) -> bool:
    if mode == Mode.DAILY:
        return oldest <= _last_daily_moment(now)
    # Immediate: hold the first change for the window so the ones after it join one e-mail.
    return oldest <= now - digest_window()


def group_due(now: datetime.datetime | None = None) -> list[Notice]:
    """Turn each delegate's waiting deliveries that are due into one notice."""
    now = now or timezone.now()
    notices = []
    waiting = Delivery.objects.filter(notice__isnull=True)
    for user_id in waiting.values_list("user_id", flat=True).distinct().order_by("user_id"):
        user = get_user_model().objects.get(pk=user_id)
        mine = waiting.filter(user_id=user_id)
        mode = mode_of(user)
        if mode == Mode.NONE:
            mine.delete()  # unsubscribed after the event was fanned out
            continue
        oldest = min(mine.values_list("created_at", flat=True))
        if not _due(mode, oldest, now):
            continue
        with transaction.atomic():
            notice = Notice.objects.create(
                user=user, email=recipient_address(user), mode=mode, created_at=now
            )
            claimed = mine.filter(created_at__lte=now).update(notice=notice)
            if not claimed:
                notice.delete()
                continue
        notices.append(notice)
    return notices


def recipient_address(user) -> str:
    """The delegate's record address first (kept by the secretariat), else the account's."""
    person = getattr(user, "person", None)
    return ((person.email if person else "") or user.email or "").strip()


# ---------------------------------------------------------------------------------------------
# Rendering and sending


@dataclass
class Line:
    kind: str
    text: str
    url: str = ""
    note: str = ""
    html: str = ""  # the text for the HTML e-mail, content marked lang="vi"

    def __post_init__(self):
        if not self.html:
            self.html = conditional_escape(self.text)


@dataclass
class SessionBlock:
    session: object
    lines: list[Line] = field(default_factory=list)


LINE_ORDER = {Event.Kind.SESSION_PUBLISHED: 0, Event.Kind.PACKET_REBUILT: 2}


def _document_label(document) -> str:
    number = document.number or ""
    return f"{number} – {document.title}" if number else document.title


def _document_line(kind, message: str, document, url: str, note: str = "", **params) -> Line:
    """A line naming a document: `message` has a %(document)s placeholder (the document's
    number and title, content: marked as Vietnamese in the HTML e-mail)."""
    label = _document_label(document)
    marked = format_html('<span lang="vi">{}</span>', label)
    escaped = {key: conditional_escape(value) for key, value in params.items()}
    html = mark_safe(conditional_escape(message) % {"document": marked, **escaped})
    return Line(kind, message % {"document": label, **params}, url, note, html)


def _line(event: Event, user, now) -> Line:
    kind = event.kind
    document = event.document
    if kind == Event.Kind.SESSION_PUBLISHED:
        from library.models import ArchiveDocument

        ids = session_document_ids(event.session)
        visible = access.visible_to(ArchiveDocument.objects.filter(pk__in=ids), user, now).count()
        if not visible:
            return Line(
                kind,
                _(
                    "Trang kỳ họp đã được đăng; tài liệu sẽ được thông báo khi phát hành cho "
                    "đại biểu."
                ),
            )
        return Line(
            kind,
            ngettext(
                "Tài liệu kỳ họp đã được đăng trên Cổng thông tin: %(count)s tài liệu bạn được "
                "xem.",
                "Tài liệu kỳ họp đã được đăng trên Cổng thông tin: %(count)s tài liệu bạn được "
                "xem.",
                visible,
            )
            % {"count": visible},
        )
    if kind == Event.Kind.PACKET_REBUILT:
        return Line(
            kind,
            _("Bộ tài liệu (PDF, EPUB) của kỳ họp đã được cập nhật: bản số %(number)s.")
            % {"number": event.build_number},
        )
    url = absolute(document.get_absolute_url())
    if kind == Event.Kind.DOCUMENT_REVISED:
        version = document.versions.filter(number=event.version_number).first()
        note = version.change_note if version else ""
        message = _("Phiên bản mới (bản %(version)s): %(document)s")
        return _document_line(kind, message, document, url, note, version=event.version_number)
    if kind == Event.Kind.DOCUMENT_RELEASED:
        return _document_line(kind, _("Tài liệu đã được phát hành: %(document)s"), document, url)
    return _document_line(kind, _("Tài liệu mới: %(document)s"), document, url)


def unsubscribe_token(user) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def user_from_token(token: str):
    """The user of a valid unsubscribe token; raises signing.SignatureExpired / BadSignature."""
    value = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign(
        token, max_age=unsubscribe_max_age()
    )
    return get_user_model().objects.get(pk=int(value), is_active=True)


def render_notice(notice: Notice, now: datetime.datetime | None = None):
    """(subject, text, html) for the deliveries the delegate may still see; None if none."""
    now = now or timezone.now()
    user = notice.user
    who = access.viewer(user, now)
    blocks: dict[int, SessionBlock] = OrderedDict()
    deliveries = notice.deliveries.select_related("event__session__term", "event__document")
    for delivery in deliveries.order_by("event__session__start_date", "event__created_at"):
        event = delivery.event
        if not may_receive(who, event, now):
            continue
        block = blocks.setdefault(event.session_id, SessionBlock(event.session))
        block.lines.append(_line(event, who, now))
    if not blocks:
        return None
    for block in blocks.values():
        # The publication first, then documents in the order they came, the packet last.
        block.lines.sort(key=lambda line: LINE_ORDER.get(line.kind, 1))
    count = sum(len(block.lines) for block in blocks.values())
    site = getattr(settings, "WAGTAIL_SITE_NAME", "HĐND tỉnh")
    if len(blocks) == 1:
        heading = next(iter(blocks.values())).session.heading
        what = (
            _("tài liệu mới")
            if count == 1
            else ngettext("%(count)s cập nhật tài liệu", "%(count)s cập nhật tài liệu", count)
            % {"count": count}
        )
        subject = f"[{site}] {heading}: {what}"
    else:
        subject = f"[{site}] " + _("%(count)s cập nhật tài liệu của %(sessions)s kỳ họp") % {
            "count": count,
            "sessions": len(blocks),
        }
    context = {
        "user": user,
        "name": getattr(user, "full_name", "") or user.get_username(),
        "blocks": list(blocks.values()),
        "count": count,
        "digest": count > 1,
        "daily": notice.mode == Mode.DAILY,
        "portal_url": absolute(reverse("sessions:portal")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": absolute(
            reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])
        ),
        "unsubscribe_days": unsubscribe_max_age().days,
    }
    text = render_to_string("notifications/email/notice.txt", context)
    html = render_to_string("notifications/email/notice.html", context)
    return subject[:300], text, html, context["unsubscribe_url"]


def attempt(notice: Notice, now: datetime.datetime | None = None) -> Notice:
    """Try to send one notice once; record the outcome (never raises)."""
    now = now or timezone.now()
    rendered = render_notice(notice, now)
    if rendered is None:
        notice.status = Notice.Status.CANCELLED
        notice.error = CANCELLED_ERROR
        notice.save(update_fields=["status", "error"])
        return notice
    subject, text, html, unsubscribe_url = rendered
    notice.subject = subject
    notice.email = recipient_address(notice.user)
    if not notice.email:
        notice.status = Notice.Status.NO_ADDRESS
        notice.error = NO_ADDRESS_ERROR
        notice.next_attempt_at = None
        notice.save()
        logger.warning("notice %s: user %s has no e-mail address", notice.pk, notice.user_id)
        return notice
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [notice.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    notice.attempts += 1
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP refusals, timeouts, DNS: all are retried
        notice.error = f"{type(exc).__name__}: {exc}"[:2000]
        if notice.attempts >= max_attempts():
            notice.status = Notice.Status.FAILED
            notice.next_attempt_at = None
        else:
            notice.status = Notice.Status.RETRYING
            notice.next_attempt_at = now + retry_delay(notice.attempts)
        logger.warning("notice %s to %s failed: %s", notice.pk, notice.email, notice.error)
    else:
        notice.status = Notice.Status.SENT
        notice.sent_at = now
        notice.error = ""
        notice.next_attempt_at = None
    notice.save()
    return notice


def retry_due(now: datetime.datetime | None = None) -> list[Notice]:
    now = now or timezone.now()
    due = Notice.objects.filter(status=Notice.Status.RETRYING, next_attempt_at__lte=now)
    done = []
    for notice in due.select_related("user"):
        # Claim it first: a second worker running late must not send the same e-mail again.
        claimed = Notice.objects.filter(pk=notice.pk, status=Notice.Status.RETRYING).update(
            status=Notice.Status.PENDING
        )
        if claimed:
            done.append(attempt(notice, now))
    return done


def send_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """One round of the periodic task: scan releases, fan out, group, send, retry."""
    now = now or timezone.now()
    released = scan_releases(now)
    delivered = dispatch(now)
    fresh = [attempt(notice, now) for notice in group_due(now)]
    retried = retry_due(now)
    outcome = {
        "released": released,
        "deliveries": delivered,
        "sent": sum(n.status == Notice.Status.SENT for n in fresh + retried),
        "failed": sum(n.status != Notice.Status.SENT for n in fresh + retried),
    }
    if fresh or retried:
        logger.info("notifications: %s", outcome)
    return outcome


def resend(notice: Notice, now: datetime.datetime | None = None) -> Notice:
    """The secretariat asks again for a notice that failed (e.g. after fixing an address)."""
    notice.attempts = 0
    notice.status = Notice.Status.PENDING
    notice.save(update_fields=["attempts", "status"])
    return attempt(notice, now)


# ---------------------------------------------------------------------------------------------
# The secretariat's view


@dataclass
class SessionStats:
    delegates: int
    addressed: int
    received: int
    failed: int
    waiting: int
    opted_out: int

    @property
    def summary(self) -> str:
        text = _("%(received)s/%(addressed)s đại biểu đã nhận, %(failed)s lỗi") % {
            "received": self.received,
            "addressed": self.addressed,
            "failed": self.failed,
        }
        if self.waiting:
            text += _(", %(waiting)s đang chờ gửi") % {"waiting": self.waiting}
        return text


def session_stats(session, now: datetime.datetime | None = None, delegates=None) -> SessionStats:
    """Counts for the secretariat; `delegates` (the term's, from `term_delegates`) may be passed
    in when listing many sessions of one term."""
    deliveries = Delivery.objects.filter(event__session=session)
    addressed = set(deliveries.values_list("user_id", flat=True))
    received = set(
        deliveries.filter(notice__status=Notice.Status.SENT).values_list("user_id", flat=True)
    )
    # A delegate counts as failed while their latest notice for this session has not arrived,
    # even if an earlier one did: that is what the secretariat has to act on.
    latest: dict[int, str] = {}
    rows = deliveries.filter(notice__isnull=False).order_by("notice__created_at", "notice_id")
    for user_id, status in rows.values_list("user_id", "notice__status"):
        latest[user_id] = status
    failed = {user for user, status in latest.items() if status in Notice.FAILED_STATUSES}
    waiting = set(
        deliveries.filter(
            Q(notice__isnull=True) | Q(notice__status=Notice.Status.PENDING)
        ).values_list("user_id", flat=True)
    )
    if delegates is None:
        delegates = term_delegates(session, now)
    opted_out = Preference.objects.filter(user__in=delegates, mode=Mode.NONE).count()
    return SessionStats(
        delegates=len(delegates),
        addressed=len(addressed),
        received=len(received),
        failed=len(failed),
        waiting=len(waiting - failed),
        opted_out=opted_out,
    )


def session_notices(session):
    return (
        Notice.objects.filter(deliveries__event__session=session)
        .distinct()
        .select_related("user")
        .order_by("-created_at", "-pk")
    )
