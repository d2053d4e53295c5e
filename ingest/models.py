"""What ingestion records beside the archive's documents: files derived from a version (the
untouched original of a cleaned upload, the OCR copy, the PDF of an office file), OCR jobs,
signature checks, import batches and fixity runs."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def derived_file_name(instance, filename: str) -> str:
    """A random name: neither the uploaded name nor the document's number reaches a path."""
    extension = {
        DerivedFile.Kind.ORIGINAL: "bin",
        DerivedFile.Kind.OCR: "pdf",
        DerivedFile.Kind.PDF: "pdf",
    }.get(instance.kind, "bin")
    if instance.kind == DerivedFile.Kind.ORIGINAL and filename.lower().endswith(".pdf"):
        extension = "pdf"
    return f"derived/{instance.kind}/{uuid.uuid4().hex}.{extension}"


class DerivedFile(models.Model):
    """A file kept beside a version's own file."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Bản gốc trước khi làm sạch (chỉ Văn phòng)")
        OCR = "ocr", _("Bản PDF tìm kiếm được (OCR)")
        PDF = "pdf", _("Bản PDF chuyển từ tệp văn phòng")

    version = models.ForeignKey(
        "library.DocumentVersion", on_delete=models.CASCADE, related_name="derived_files"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to=derived_file_name, max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp dẫn xuất")
        verbose_name_plural = _("tệp dẫn xuất")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="ingest_derived_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.kind}"


class OcrJob(models.Model):
    """The OCR state of one version (a scan without a text layer)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ nhận dạng")
        RUNNING = "running", _("Đang nhận dạng")
        DONE = "done", _("Đã nhận dạng")
        FAILED = "failed", _("Nhận dạng lỗi")

    version = models.OneToOneField(
        "library.DocumentVersion", on_delete=models.CASCADE, related_name="ocr_job"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=0)
    queued_at = models.DateTimeField(_("xếp hàng lúc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    char_count = models.PositiveIntegerField(_("số ký tự nhận được"), null=True, blank=True)
    output_type = models.CharField(_("định dạng bản OCR"), max_length=10, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nhận dạng OCR")
        verbose_name_plural = _("nhận dạng OCR")

    def __str__(self) -> str:
        return f"OCR {self.version_id}: {self.status}"


class SignatureCheck(models.Model):
    """One digital signature found in a version's original file, as verified at upload."""

    class Status(models.TextChoices):
        VALID = "valid", _("Chữ ký hợp lệ")
        MODIFIED = "modified", _("Tệp đã bị sửa sau khi ký")
        UNTRUSTED = "untrusted", _("Chứng thư không thuộc danh sách tin cậy")
        INVALID = "invalid", _("Chữ ký không hợp lệ")

    version = models.ForeignKey(
        "library.DocumentVersion", on_delete=models.CASCADE, related_name="signature_checks"
    )
    position = models.PositiveSmallIntegerField(default=1)
    field_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("kết quả"), max_length=10, choices=Status.choices)
    signer = models.CharField(_("người ký"), max_length=300, blank=True)
    signer_subject = models.CharField(max_length=500, blank=True)
    issuer = models.CharField(_("nơi cấp chứng thư"), max_length=500, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    intact = models.BooleanField(_("nội dung còn nguyên vẹn"), default=False)
    covers_whole_file = models.BooleanField(default=False)
    trusted = models.BooleanField(_("chứng thư tin cậy"), default=False)
    summary = models.TextField(blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("kiểm tra chữ ký số")
        verbose_name_plural = _("kiểm tra chữ ký số")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="ingest_signature_pos")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} #{self.position}: {self.status}"


def pending_batch_name(instance, filename: str) -> str:
    return f"ingest/pending/{uuid.uuid4().hex}.zip"


class ImportBatch(models.Model):
    """A batch written to the archive, with its report (a refused batch writes nothing).

    An admin upload is validated in the request, then written by the worker: the validated ZIP
    (which by then holds no confidential file) waits in `pending_file`, deleted once written."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ ghi")
        DONE = "done", _("Đã nhập")
        FAILED = "failed", _("Bị từ chối khi ghi")

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    pending_file = models.FileField(upload_to=pending_batch_name, blank=True, max_length=255)
    source_name = models.CharField(_("nguồn"), max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    skipped = models.PositiveIntegerField(_("bỏ qua"), default=0)
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lô nhập tài liệu")
        verbose_name_plural = _("lô nhập tài liệu")

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%d/%m/%Y %H:%M})"


class FixityRun(models.Model):
    """One pass of `verify_fixity` over storage."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    checked = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("kiểm tra toàn vẹn")
        verbose_name_plural = _("kiểm tra toàn vẹn")

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y %H:%M}: {len(self.problems)}"
