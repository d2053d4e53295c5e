"""The e-library's pages: a library index, collections, and items (books, yearbooks, issues).

An item's visibility comes from the access core like everything else; its files are archive
documents served through the checked view, so a file can be stricter than its catalogue entry.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from core.text import fold

from . import access
from .access import AccessControlled

PAGE_SIZE = 24


def council_documents(queryset):
    """Archive documents without the e-library's book files: the books have their own
    catalogue, so the document list, its feeds and the API list leave them out."""
    books = LibraryItemPage.objects.filter(
        models.Q(pdf=models.OuterRef("pk")) | models.Q(epub=models.OuterRef("pk"))
    )
    return queryset.exclude(models.Exists(books))


def visible_items(user, queryset=None):
    """Live library items `user` may see, newest first: the one list every surface starts from."""
    queryset = queryset if queryset is not None else LibraryItemPage.objects.all()
    queryset = queryset.live().select_related("cover", "pdf", "epub")
    return access.visible_to(queryset, user).order_by(
        Coalesce("first_published_at", "latest_revision_created_at").desc(), "pk"
    )


def filter_items(queryset, params):
    """Browse filters from a query string: chu-de (subject), nam (year), q (folded text)."""
    subject = (params.get("chu-de") or "").strip()[:100]
    if subject:
        queryset = queryset.filter(subjects__slug=subject)
    year = (params.get("nam") or "").strip()
    if year.isdigit() and len(year) == 4:
        queryset = queryset.filter(year=int(year))
    text = fold(params.get("q") or "")[:200]
    if text:
        queryset = queryset.filter(folded_text__contains=text)
    return queryset.distinct()


def paginate(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    raw = request.GET.get("trang", "1")
    number = int(raw) if raw.isdigit() else 1
    return paginator.get_page(min(max(number, 1), paginator.num_pages or 1))


class LibraryIndexPage(Page):
    """Thư viện điện tử: collections, new arrivals, browse by subject and year."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["library.LibraryCollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("thư viện điện tử")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = visible_items(request.user, LibraryItemPage.objects.descendant_of(self))
        context["collections"] = self.get_children().live().specific()
        context["new_arrivals"] = items[:8]
        context["page_obj"] = paginate(request, filter_items(items, request.GET))
        context["filtering"] = any(request.GET.get(k) for k in ("chu-de", "nam", "q"))
        context["subjects"] = subject_facets(items)
        context["years"] = sorted(
            {year for year in items.values_list("year", flat=True) if year}, reverse=True
        )
        return context


class LibraryCollectionPage(Page):
    """A collection: collected resolutions, yearbooks, reference books or periodicals."""

    class Kind(models.TextChoices):
        RESOLUTIONS = "resolutions", _("Tuyển tập nghị quyết")
        YEARBOOKS = "yearbooks", _("Kỷ yếu")
        REFERENCE = "reference", _("Sách tham khảo")
        PERIODICALS = "periodicals", _("Ấn phẩm định kỳ")

    kind = models.CharField(_("loại bộ sưu tập"), max_length=20, choices=Kind.choices)
    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = ["library.LibraryItemPage"]

    class Meta:
        verbose_name = _("bộ sưu tập")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = visible_items(request.user, LibraryItemPage.objects.descendant_of(self))
        context["page_obj"] = paginate(request, filter_items(items, request.GET))
        context["subjects"] = subject_facets(items)
        return context


class LibrarySubject(TaggedItemBase):
    content_object = ParentalKey(
        "library.LibraryItemPage", on_delete=models.CASCADE, related_name="subject_items"
    )


def subject_facets(items):
    """Subjects with the number of items the viewer may see under each (counts are filtered)."""
    return list(
        LibrarySubject.objects.filter(content_object__in=items.values("pk"))
        .values("tag__name", "tag__slug")
        .annotate(count=models.Count("content_object", distinct=True))
        .order_by("-count", "tag__name")[:30]
    )


class LibraryItemPage(AccessControlled, Page):
    """A book, yearbook, reference work, or a periodical (whose issues are its child items)."""

    authors = models.CharField(_("tác giả"), max_length=300, blank=True)
    publisher = models.CharField(_("nhà xuất bản"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("năm xuất bản"), null=True, blank=True)
    isbn = models.CharField("ISBN", max_length=20, blank=True)
    issn = models.CharField("ISSN", max_length=9, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    subjects = ClusterTaggableManager(through=LibrarySubject, blank=True, verbose_name=_("chủ đề"))
    description = RichTextField(_("mô tả"), blank=True)
    volume = models.CharField(_("tập / số"), max_length=50, blank=True)
    issue_date = models.DateField(_("ngày phát hành số"), null=True, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh bìa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống: ảnh bìa được tạo từ trang đầu của tệp PDF hoặc bìa của EPUB."),
    )
    pdf = models.ForeignKey(
        "library.ArchiveDocument",
        verbose_name=_("tệp PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    epub = models.ForeignKey(
        "library.ArchiveDocument",
        verbose_name=_("tệp EPUB"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    folded_text = models.TextField(editable=False, blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("publisher"),
                FieldPanel("year"),
                FieldPanel("isbn"),
                FieldPanel("issn"),
                FieldPanel("language"),
                FieldPanel("subjects"),
                FieldPanel("volume"),
                FieldPanel("issue_date"),
            ],
            heading=_("Thông tin xuất bản"),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("pdf"), FieldPanel("epub"), FieldPanel("cover")],
            heading=pgettext_lazy("panel heading", "Tệp"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("access_level"),
                FieldPanel("release_at"),
                FieldPanel("public_at"),
                FieldPanel("term"),
            ],
            heading=_("Truy cập"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("authors"),
        index.SearchField("publisher"),
        index.SearchField("folded_text"),
        index.FilterField("access_level"),
        index.FilterField("release_at"),
        index.FilterField("public_at"),
        index.FilterField("term"),
        index.FilterField("year"),
    ]
    parent_page_types = ["library.LibraryCollectionPage", "library.LibraryItemPage"]
    subpage_types = ["library.LibraryItemPage"]

    class Meta:
        verbose_name = _("sách, ấn phẩm")
        verbose_name_plural = _("sách, ấn phẩm")

    def clean(self):
        super().clean()
        errors = {}
        for field, extension in (("pdf", "pdf"), ("epub", "epub")):
            document = getattr(self, field)
            if document is not None and (
                not document.has_file or document.file_extension.lower() != extension
            ):
                errors[field] = _("Hãy chọn một tài liệu có tệp .%(ext)s.") % {"ext": extension}
        if self.isbn and not valid_isbn(self.isbn):
            errors["isbn"] = _("ISBN không hợp lệ: kiểm tra lại 10 hoặc 13 chữ số và số kiểm tra.")
        if self.issn and not valid_issn(self.issn):
            errors["issn"] = _("ISSN không hợp lệ: dạng 1234-567X, số kiểm tra đúng.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.folded_text = fold(" ".join([self.title, self.authors, self.publisher, self.isbn]))
        super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        access.require_view(request, self)
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        # A sitemap is public: only items anyone may see right now.
        return super().get_sitemap_urls(request) if access.is_public(self) else []

    def get_context(self, request, *args, **kwargs):
        from .readers import reader_url

        context = super().get_context(request, *args, **kwargs)
        files = []
        for document in (self.pdf, self.epub):
            if (
                document is not None
                and document.has_file
                and access.can_view(request.user, document)
            ):
                files.append({"document": document, "reader": reader_url(document)})
        context["files"] = files
        context["issues"] = visible_items(request.user, LibraryItemPage.objects.child_of(self))
        return context

    @property
    def is_periodical(self) -> bool:
        return bool(self.issn)


def valid_isbn(raw: str) -> bool:
    digits = raw.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def valid_issn(raw: str) -> bool:
    digits = raw.replace("-", "").upper()
    if (
        len(digits) != 8
        or not digits[:7].isdigit()
        or not (digits[7].isdigit() or digits[7] == "X")
    ):
        return False
    total = sum((8 - i) * int(c) for i, c in enumerate(digits[:7]))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def _queue_cover(sender, instance, **kwargs):
    from django.db import transaction

    from .covers import generate_cover

    if not instance.cover_id and (instance.pdf_id or instance.epub_id):
        transaction.on_commit(lambda: generate_cover.enqueue(instance.pk))


page_published.connect(_queue_cover, sender=LibraryItemPage)
