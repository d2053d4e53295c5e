"""Builds of session packets and e-books: numbered, fingerprinted and kept."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .builders.text import vn_datetime


def build_file_name(instance, filename: str) -> str:
    """A fresh random name per file: a new build never overwrites what is being served."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"publishing/{instance.session_id}/{uuid.uuid4().hex}.{suffix}"


def copy_file_name(instance, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"publishing/{instance.build.session_id}/copies/{uuid.uuid4().hex}.{suffix}"


# The one failure the service itself writes into `Build.error` (kept in Vietnamese, shown in the
# reader's language); anything else there is the builder's own exception text.
STALE_ERROR = gettext_noop("Bị gián đoạn (quá thời gian), đã bỏ.")


class Edition(models.TextChoices):
    DELEGATES = "delegates", _("Bản dành cho đại biểu")
    PUBLIC = "public", _("Bản công khai")
    SUPPLEMENT = "supplement", _("Tài liệu bổ sung")
    PROCEEDINGS = "proceedings", _("Kỷ yếu kỳ họp")


class Build(models.Model):
    """One numbered build of one edition of a session's publication."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    session = models.ForeignKey(
        "council_sessions.SessionPage",
        verbose_name=_("kỳ họp"),
        on_delete=models.CASCADE,
        related_name="publishing_builds",
    )
    edition = models.CharField(_("ấn bản"), max_length=12, choices=Edition.choices)
    number = models.PositiveIntegerField(_("bản số"))
    since = models.ForeignKey(
        "self",
        verbose_name=_("bổ sung kể từ bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fingerprint = models.CharField(_("dấu vân tay đầu vào"), max_length=64, db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("bắt đầu"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=build_file_name, blank=True, max_length=255)
    epub = models.FileField(_("tệp EPUB"), upload_to=build_file_name, blank=True, max_length=255)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    document_count = models.PositiveIntegerField(_("số tài liệu"), default=0)
    # What went in: [{"id", "sha256", "title", "number", "public", "version"}] in order.
    manifest = models.JSONField(_("danh sách tài liệu"), default=list, blank=True)
    log = models.TextField(_("nhật ký"), blank=True)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("bản tạo tài liệu kỳ họp")
        verbose_name_plural = _("bản tạo tài liệu kỳ họp")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "edition", "number"], name="publishing_build_unique_number"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(session)s – %(edition)s – bản số %(number)s") % {
            "session": self.session,
            "edition": self.get_edition_display(),
            "number": self.number,
        }

    @property
    def label(self) -> str:
        """bản số 3, cập nhật 14:05 ngày 2/12/2025 – always Vietnamese: it goes into the packets."""
        when = timezone.localtime(self.finished_at or self.started_at)
        return f"bản số {self.number}, cập nhật {vn_datetime(when)}"

    @property
    def display_label(self) -> str:
        """The label in the interface language: "bản số 3, cập nhật 14:05 02/12/2025"."""
        when = timezone.localtime(self.finished_at or self.started_at)
        return gettext("bản số %(number)s, cập nhật %(when)s") % {
            "number": self.number,
            "when": formats.date_format(when, "SHORT_DATETIME_FORMAT"),
        }

    def error_display(self) -> str:
        return gettext(self.error) if self.error == STALE_ERROR else self.error

    error_display.short_description = _("lỗi")
    error_display = property(error_display)

    @property
    def document_ids(self) -> list[int]:
        return [entry["id"] for entry in self.manifest if entry.get("id")]


class PersonalCopy(models.Model):
    """A reader's stamped copy of a build, kept so a repeat download is instant and so the portal
    can tell the reader whether what they downloaded is out of date."""

    build = models.ForeignKey(Build, on_delete=models.CASCADE, related_name="copies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="packet_copies"
    )
    kind = models.CharField(max_length=8, default="pdf")  # pdf, epub
    file = models.FileField(upload_to=copy_file_name, max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản cá nhân")
        verbose_name_plural = _("bản cá nhân")
        constraints = [
            models.UniqueConstraint(
                fields=["build", "user", "kind"], name="publishing_copy_unique_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.build} – {self.user}"
