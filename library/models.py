"""The archive document (the site's Wagtail document model) and the e-library's pages."""

import hashlib
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.search import index

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

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.access_level == Level.SECRET and self.file:
            errors["file"] = [SECRET_FILE_REFUSED]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.access_level == Level.SECRET and self.file:
            raise ValidationError({"file": [SECRET_FILE_REFUSED]})
        if self.file and not self.sha256:
            self.sha256 = file_sha256(self.file)
        super().save(*args, **kwargs)

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.access_level != Level.SECRET

    @property
    def display_number(self) -> str:
        return self.number or str(_("(chưa có số)"))


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
        return f"{self.document} – phiên bản {self.number}"

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
