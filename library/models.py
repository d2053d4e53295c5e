"""The archive document (the site's Wagtail document model) and the e-library's pages."""

import hashlib
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.search import index

from core.text import fold

from . import numbers
from .access import AccessControlled, Level

SECRET_FILE_REFUSED = _(
    "Tài liệu mật (Mật trở lên) chỉ được lưu thông tin mô tả, không được tải tệp lên hệ thống. "
    "Hãy bỏ tệp đính kèm hoặc chọn mức truy cập khác."
)


def stored_file_name(instance, filename: str) -> str:
    """A random name under a dated folder: an uploaded file's name never becomes a path."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ""
    return f"documents/{uuid.uuid4().hex}{suffix}"


class DocumentKind(models.TextChoices):
    RESOLUTION_NORMATIVE = "nq_qppl", _("Nghị quyết (quy phạm pháp luật)")
    RESOLUTION = "nq", _("Nghị quyết")
    SUBMISSION = "tt", _("Tờ trình")
    REPORT = "bc", _("Báo cáo")
    VERIFICATION = "bctt", _("Báo cáo thẩm tra")
    DRAFT_RESOLUTION = "dtnq", _("Dự thảo nghị quyết")
    MINUTES = "bb", _("Biên bản")
    NOTICE = "tb", _("Thông báo, Kết luận")
    PLAN = "kh", _("Kế hoạch")
    DECISION = "qd", _("Quyết định")
    LETTER = "cv", _("Công văn")
    OTHER = "khac", _("Tài liệu khác")


class ArchiveDocument(AccessControlled, AbstractDocument):
    """One document of the archive: its record (số, ký hiệu, trích yếu…) and its current file.

    The title is the trích yếu. Secret documents keep their metadata only: the model refuses a file.
    """

    file = models.FileField(
        upload_to=stored_file_name, verbose_name=_("tệp"), blank=True, max_length=255
    )
    number = models.CharField(
        _("số, ký hiệu"), max_length=80, blank=True, help_text=_("Ví dụ: 15/2024/NQ-HĐND")
    )
    kind = models.CharField(
        _("loại văn bản"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được xem (mức hạn chế)"),
        blank=True,
        related_name="restricted_documents",
    )
    # Derived from `number` on save: the readable URL (/van-ban/15-2024-nq-hdnd/) and the
    # lookup key, unique per year and symbol ("2024:15/nq-hdnd").
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, editable=False, null=True)
    number_key = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    number_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, null=True)

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "number",
        "kind",
        "issuing_body",
        "signer",
        "issued_on",
        "effective_on",
        "access_level",
        "release_at",
        "public_at",
        "term",
        "readers",
        "tags",
    )

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("number", boost=8),
        index.SearchField("issuing_body"),
        index.SearchField("signer"),
        index.FilterField("kind"),
        index.FilterField("access_level"),
        index.FilterField("release_at"),
        index.FilterField("public_at"),
        index.FilterField("term"),
        index.FilterField("issued_on"),
    ]

    panels = [
        FieldPanel("title"),
        FieldPanel("file"),
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("kind"), FieldPanel("issuing_body"),
             FieldPanel("signer"), FieldPanel("issued_on"), FieldPanel("effective_on")],
            heading=_("Thông tin văn bản"),
        ),
        MultiFieldPanel(
            [FieldPanel("access_level"), FieldPanel("release_at"), FieldPanel("public_at"),
             FieldPanel("term"), FieldPanel("readers")],
            heading=_("Truy cập"),
        ),
    ]  # fmt: skip

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        permissions = [("view_nonpublic", "Xem mọi tài liệu, kể cả chưa phát hành")]
        constraints = [
            models.UniqueConstraint(
                fields=["number_key"],
                condition=~models.Q(number_key=""),
                name="document_unique_number_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}" if self.number else self.title

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.access_level == Level.SECRET and self.file:
            errors["file"] = [SECRET_FILE_REFUSED]
        number_errors = self._number_errors()
        if number_errors:
            errors.setdefault("number", []).extend(number_errors)
        if errors:
            raise ValidationError(errors)

    def _number_errors(self) -> list[str]:
        try:
            self._apply_number()
        except ValidationError as exc:
            return list(exc.messages)
        if self.number_key:
            clash = ArchiveDocument.objects.filter(number_key=self.number_key).exclude(pk=self.pk)
            if clash.exists():
                return [
                    _(
                        "Số, ký hiệu “%(number)s” đã được dùng cho một văn bản khác trong năm "
                        "%(year)s. Mỗi số, ký hiệu chỉ dùng một lần trong một năm: hãy kiểm tra "
                        "lại số văn bản."
                    )
                    % {"number": self.number, "year": self.number_year}
                ]
        return []

    def _apply_number(self) -> None:
        """Normalise `number` and derive year, key and slug; raise on a malformed number."""
        if not (self.number or "").strip():
            self.number = ""
            self.number_key = ""
            self.number_year = self.issued_on.year if self.issued_on else None
            if not self.slug or not self.slug.startswith(_draft_slug_prefix(self.kind)):
                self.slug = f"{_draft_slug_prefix(self.kind)}{uuid.uuid4().hex[:8]}"
            return
        parsed = numbers.parse(self.number)
        if parsed.year and self.issued_on and self.issued_on.year != parsed.year:
            raise ValidationError(
                _(
                    "Năm trong số, ký hiệu (%(number_year)s) khác năm của ngày ban hành "
                    "(%(issued_year)s). Hãy sửa số hoặc ngày ban hành cho khớp."
                ),
                params={"number_year": parsed.year, "issued_year": self.issued_on.year},
            )
        year = parsed.year or (self.issued_on.year if self.issued_on else None)
        if year is None:
            raise ValidationError(
                _(
                    "Số “%(number)s” không ghi năm: hãy nhập ngày ban hành để xác định năm "
                    "của số văn bản."
                ),
                params={"number": parsed.text},
            )
        self.number = parsed.text
        self.number_year = year
        self.number_key = parsed.key(year)
        self.slug = parsed.slug(year)
        if self.kind == DocumentKind.OTHER and parsed.guessed_kind:
            self.kind = parsed.guessed_kind

    def save(self, *args, **kwargs):
        if self.access_level == Level.SECRET and self.file:
            raise ValidationError({"file": [SECRET_FILE_REFUSED]})
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "number" in update_fields:
            # A partial save (Wagtail caching file_size, say) must not re-validate the number
            # from a form that may be holding rejected input.
            self._apply_number()
        file_changed = (self.file.name or "") != getattr(self, "_stored_file_name", None)
        if self.file and (not self.sha256 or file_changed):
            self.sha256 = file_sha256(self.file)
        super().save(*args, **kwargs)
        self._stored_file_name = self.file.name or ""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_file_name = instance.__dict__.get("file") or ""
        if hasattr(instance._stored_file_name, "name"):
            instance._stored_file_name = instance._stored_file_name.name or ""
        return instance

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("library:document", kwargs={"slug": self.slug})

    def latest_version(self):
        return self.versions.order_by("-number").first()

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.access_level != Level.SECRET

    @property
    def display_number(self) -> str:
        return self.number or str(_("(chưa có số)"))


def _draft_slug_prefix(kind: str) -> str:
    # URLs stay Vietnamese whatever the interface language of the person saving.
    with translation.override("vi"):
        label = str(dict(DocumentKind.choices).get(kind, "tai-lieu"))
    return slugify(fold(str(label)).replace(",", " ")).split("-ket-luan")[0] + "-"


class DocumentVersion(models.Model):
    """One uploaded file of a document. A revised draft adds a version; old ones stay.

    The document's own `file` is always the latest version's file, so Wagtail's serving view,
    choosers and search see the current text.
    """

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Chờ trích xuất")
        EXTRACTED = "extracted", _("Đã có văn bản")
        NEEDS_OCR = "needs_ocr", _("Bản quét, chờ nhận dạng (OCR)")
        OCR_DONE = "ocr_done", _("Đã nhận dạng (OCR)")
        FAILED = "failed", _("Lỗi trích xuất")

    document = models.ForeignKey(ArchiveDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản số"))
    file = models.FileField(_("tệp"), upload_to=stored_file_name, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    file_size = models.PositiveBigIntegerField(null=True, editable=False)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    change_note = models.CharField(_("nội dung sửa đổi"), max_length=500, blank=True)
    # The text layer (pdftotext) for diffs and search; empty for a scan until OCR.
    text = models.TextField(_("nội dung văn bản"), blank=True, editable=False)
    text_status = models.CharField(
        _("trạng thái văn bản"),
        max_length=12,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("phiên bản tài liệu")
        verbose_name_plural = _("phiên bản tài liệu")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return _("%(document)s – phiên bản %(number)s") % {
            "document": self.document,
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self.sha256 = file_sha256(self.file)
        super().save(*args, **kwargs)


def file_sha256(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    field_file.seek(0)
    for chunk in iter(lambda: field_file.read(1024 * 1024), b""):
        digest.update(chunk)
    field_file.seek(0)
    return digest.hexdigest()


class DownloadLog(models.Model):
    """One download of non-public material: who, what, which version, when, from where.

    Written by the checked download views and the Wagtail serving hook; read-only in the admin.
    """

    # The record outlives what it points at: labels are copied, links are cleared on delete.
    document = models.ForeignKey(
        ArchiveDocument,
        null=True,
        on_delete=models.SET_NULL,
        related_name="download_logs",
        verbose_name=_("tài liệu"),
    )
    document_label = models.CharField(_("tài liệu (lúc tải)"), max_length=300, blank=True)
    version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phiên bản"),
    )
    version_number = models.PositiveIntegerField(_("phiên bản số"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải"),
    )
    username = models.CharField(_("tài khoản (lúc tải)"), max_length=150, blank=True)
    access_level = models.CharField(_("mức truy cập lúc tải"), max_length=12)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    path = models.CharField(pgettext_lazy("request path", "đường dẫn"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("nhật ký tải tài liệu")
        verbose_name_plural = _("nhật ký tải tài liệu")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username or '—'} – {self.document_label}"


class ReadReceipt(models.Model):
    """That a signed-in reader opened a document (any version): the secretariat's read receipts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_receipts"
    )
    document = models.ForeignKey(
        ArchiveDocument, on_delete=models.CASCADE, related_name="read_receipts"
    )
    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_opened_at = models.DateTimeField(_("mở lần đầu"), auto_now_add=True)
    last_opened_at = models.DateTimeField(_("mở lần cuối"))
    count = models.PositiveIntegerField(_("số lần mở"), default=1)

    class Meta:
        verbose_name = _("xác nhận đã đọc")
        verbose_name_plural = _("xác nhận đã đọc")
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="receipt_unique_reader")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.document_id}"


# The e-library's pages live in their own module; imported here so Django registers them.
from .catalogue import (  # noqa: E402
    LibraryCollectionPage,
    LibraryIndexPage,
    LibraryItemPage,
    LibrarySubject,
)

__all__ = [
    "ArchiveDocument",
    "DocumentKind",
    "DocumentVersion",
    "LibraryCollectionPage",
    "LibraryIndexPage",
    "LibraryItemPage",
    "LibrarySubject",
]
