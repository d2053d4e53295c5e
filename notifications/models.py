"""Notices to delegates of new and revised materials, with digests and a delivery log.

An `Event` is something that happened to a session's materials (queued by signals, never sent in
the request). The periodic task fans each event out to the delegates who may see it as
`Delivery` rows, then groups a delegate's waiting deliveries into one `Notice` (one e-mail, a
digest when several arrived within the window). The notice is the log: who, what, when,
delivered or failed, and the error.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import GroupApprovalTask

from .workflow import COMMENT_REQUIRED, WorkflowRefused


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Ngay khi có tài liệu mới (gộp các thay đổi gần nhau)")
    DAILY = "daily", _("Một thư tổng hợp mỗi ngày")
    NONE = "none", _("Không nhận thư thông báo")


class Preference(models.Model):
    """How a delegate wants to hear of new material; no row means immediate."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    mode = models.CharField(
        _("nhận thông báo"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn nhận thông báo")
        verbose_name_plural = _("tùy chọn nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_mode_display()}"


class Event(models.Model):
    """A change to a session's materials, waiting to be told to the delegates who may see it."""

    class Kind(models.TextChoices):
        SESSION_PUBLISHED = "session_published", _("Đăng tài liệu kỳ họp")
        DOCUMENT_ADDED = "document_added", _("Tài liệu mới")
        DOCUMENT_REVISED = "document_revised", _("Phiên bản mới của tài liệu")
        DOCUMENT_RELEASED = "document_released", _("Tài liệu được phát hành cho đại biểu")
        PACKET_REBUILT = "packet_rebuilt", _("Bộ tài liệu được cập nhật")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    session = models.ForeignKey(
        "council_sessions.SessionPage",
        verbose_name=_("kỳ họp"),
        on_delete=models.CASCADE,
        related_name="notification_events",
    )
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("tài liệu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    version_number = models.PositiveIntegerField(_("phiên bản"), null=True, blank=True)
    build_number = models.PositiveIntegerField(_("bản số"), null=True, blank=True)
    # Signals may fire twice for one change (a page published again, a scan repeated): the key
    # makes queuing idempotent.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("đã phân phát lúc"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("số người nhận"), default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sự kiện thông báo")
        verbose_name_plural = _("sự kiện thông báo")
        indexes = [models.Index(fields=["dispatched_at"], name="notif_event_pending")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.session_id}"


# Reasons the service writes into `Notice.error` (kept in Vietnamese in the log, shown in the
# reader's language); anything else there is the mail server's own message.
CANCELLED_ERROR = gettext_noop("Không còn tài liệu nào đại biểu được xem trong thư này; không gửi.")
NO_ADDRESS_ERROR = gettext_noop(
    "Đại biểu chưa có địa chỉ e-mail (hồ sơ đại biểu và tài khoản đều trống); "
    "hãy bổ sung địa chỉ để gửi được thông báo."
)


class Notice(models.Model):
    """One e-mail to one delegate (or the record of why it could not be sent)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        RETRYING = "retrying", _("Gửi lỗi, sẽ thử lại")
        FAILED = "failed", _("Gửi lỗi")
        NO_ADDRESS = "no_address", _("Không có địa chỉ e-mail")
        CANCELLED = "cancelled", _("Đã hủy (không còn tài liệu được xem)")

    FAILED_STATUSES = (Status.FAILED, Status.NO_ADDRESS, Status.RETRYING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("đại biểu"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    email = models.EmailField(_("địa chỉ"), blank=True)
    mode = models.CharField(_("cách nhận"), max_length=10, choices=Mode.choices)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_notice_due")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_status_display()}"

    @property
    def error_display(self) -> str:
        if self.error in (CANCELLED_ERROR, NO_ADDRESS_ERROR):
            return gettext(self.error)
        return self.error


class Delivery(models.Model):
    """An event owed to one delegate; waiting until grouped into a notice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_deliveries"
    )
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="notif_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user}"


class RejectionForm(TaskStateCommentForm):
    """Wagtail's "Request changes" dialog, with the reason required."""

    comment = forms.CharField(
        label=_("Lý do trả lại"),
        help_text=_("Chuyên viên Văn phòng sẽ nhận được nội dung này qua e-mail."),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": COMMENT_REQUIRED},
    )


class HeadApprovalTask(GroupApprovalTask):
    """The head of office's approval: Wagtail's group approval task, where a rejection always
    carries a comment back to the clerk (in the admin dialog and in any other path)."""

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectionForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        # The editor's action menu passes the dialog's data on without checking it again.
        if action_name == "reject" and not (kwargs.get("comment") or "").strip():
            raise WorkflowRefused(str(COMMENT_REQUIRED))
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Thành viên các nhóm được chọn duyệt bước này; trả lại thì phải ghi lý do cho "
            "Chuyên viên."
        )

    class Meta:
        verbose_name = _("bước duyệt của Lãnh đạo Văn phòng")
        verbose_name_plural = _("bước duyệt của Lãnh đạo Văn phòng")
