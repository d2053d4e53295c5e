"""Search's own tables: the text of every page of every document file, and one entry per
searchable object (documents, sessions, agenda items, delegates…) with its access fields.

An entry copies the access fields of its object (level, release and public times, term,
named readers) in the same transaction as the object's save, so the access core's
`visible_q(SearchEntry, user)` filters results, counts and facets inside the query.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from library.access import AccessControlled


class PageText(models.Model):
    """The text of one page of one file: a document's own file (version empty) or a version's."""

    document = models.ForeignKey(
        "library.ArchiveDocument", on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        "library.DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pages",
    )
    page_number = models.PositiveIntegerField(_("trang"))
    text = models.TextField(blank=True)
    folded_text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "version", "page_number"]
        indexes = [
            models.Index(fields=["version", "page_number"], name="search_page_version"),
            models.Index(fields=["document", "page_number"], name="search_page_document"),
        ]
        verbose_name = _("văn bản một trang")
        verbose_name_plural = _("văn bản từng trang")

    def __str__(self) -> str:
        return f"{self.document_id} v{self.version_id or '-'} trang {self.page_number}"


class SearchEntry(AccessControlled):
    """One searchable object, as the archive search sees it."""

    class TextStatus(models.TextChoices):
        NONE = "none", _("Không có tệp")
        PENDING = "pending", _("Chờ trích xuất")
        EXTRACTED = "extracted", _("Đã có văn bản")
        NEEDS_OCR = "needs_ocr", _("Bản quét, chờ nhận dạng (OCR)")
        FAILED = "failed", _("Lỗi trích xuất")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    source = models.CharField(_("nguồn"), max_length=30, db_index=True)
    kind = models.CharField(_("loại"), max_length=30, blank=True, db_index=True)
    title = models.CharField(pgettext_lazy("search entry", "tiêu đề"), max_length=1000)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    file_url = models.CharField(max_length=500, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, db_index=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    session_key = models.CharField(max_length=100, blank=True, db_index=True)
    session_label = models.CharField(_("kỳ họp"), max_length=300, blank=True)
    doc_number = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    doc_year = models.PositiveSmallIntegerField(null=True, blank=True)
    doc_symbol = models.CharField(max_length=100, blank=True)
    static_score = models.FloatField(default=0)
    # Folded, tokenised text (search.normalize.terms): what both databases match on.
    title_terms = models.TextField(blank=True)
    title_exact = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    text_document = models.ForeignKey(
        "library.ArchiveDocument", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    text_version = models.ForeignKey(
        "library.DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    text_status = models.CharField(
        max_length=12, choices=TextStatus.choices, default=TextStatus.NONE
    )
    source_sha256 = models.CharField(max_length=64, blank=True)
    readers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_object"
            )
        ]
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")

    def __str__(self) -> str:
        return f"{self.source}: {self.title[:60]}"


class SavedSearch(models.Model):
    """A signed-in user's search, re-run periodically: new matching public documents are mailed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("tên"), max_length=200)
    query = models.CharField(_("từ khóa"), max_length=500)
    filters = models.JSONField(_("bộ lọc"), default=dict, blank=True)
    email_alerts = models.BooleanField(_("nhận thư báo"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tìm kiếm đã lưu")
        verbose_name_plural = _("tìm kiếm đã lưu")

    def __str__(self) -> str:
        return self.name

    def params(self) -> dict[str, str]:
        return {"q": self.query, **{k: str(v) for k, v in (self.filters or {}).items() if v}}


class AlertDelivery(models.Model):
    """A document already announced for a saved search: each is mailed once."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "entry"], name="search_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id} → {self.entry_id}"
