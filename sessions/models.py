"""The council's proceedings: terms' session indexes, sessions and their agendas, votes,
interpellations and voters' petitions.

Pages: ProceedingsIndexPage (/ky-hop/) → SessionIndexPage per term (/ky-hop/khoa-xvi/) →
SessionPage (/ky-hop/khoa-xvi/ky-hop-thu-12/). The agenda is a list of items on the session
(ordered, nested by `code` "2" → "2.1"), each linking ordered archive documents.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from library.access import AccessControlled, Level


def _public_by_default():
    # Records of what happened in session are public unless the secretariat limits them.
    return models.CharField(
        _("mức độ truy cập"), max_length=12, choices=Level.choices, default=Level.PUBLIC
    )


class ProceedingsIndexPage(Page):
    """`/ky-hop/`: every term's sessions."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["council_sessions.SessionIndexPage"]
    max_count = 1
    template = "sessions/proceedings_index_page.html"

    class Meta:
        verbose_name = _("trang kỳ họp")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["indexes"] = (
            SessionIndexPage.objects.child_of(self)
            .live()
            .select_related("term")
            .order_by("-term__number")
        )
        return context


class SessionIndexPage(Page):
    """One term's sessions: `/ky-hop/khoa-xvi/`."""

    term = models.OneToOneField(
        "delegates.Term",
        verbose_name=_("nhiệm kỳ"),
        on_delete=models.PROTECT,
        related_name="session_index",
    )
    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("term"), FieldPanel("intro")]
    parent_page_types = ["council_sessions.ProceedingsIndexPage", "core.HomePage"]
    subpage_types = ["council_sessions.SessionPage"]
    template = "sessions/session_index_page.html"

    class Meta:
        verbose_name = _("danh sách kỳ họp của nhiệm kỳ")

    def save(self, *args, **kwargs):
        if self.term_id and not self.slug:
            self.slug = self.term.slug
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = (
            SessionPage.objects.child_of(self).live().order_by("-start_date", "-number")
        )
        return context


class SessionPage(Page):
    """A session (kỳ họp) of the council: `/ky-hop/khoa-xvi/ky-hop-thu-12/`."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Kỳ họp thường lệ")
        THEMATIC = "thematic", _("Kỳ họp chuyên đề")
        EXTRAORDINARY = "extraordinary", _("Kỳ họp bất thường")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Sắp diễn ra")
        ONGOING = "ongoing", _("Đang diễn ra")
        CLOSED = "closed", _("Đã bế mạc")

    term = models.ForeignKey(
        "delegates.Term",
        verbose_name=_("nhiệm kỳ"),
        on_delete=models.PROTECT,
        related_name="sessions",
        editable=False,
    )
    number = models.PositiveSmallIntegerField(_("kỳ họp thứ"))
    kind = models.CharField(_("loại kỳ họp"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("ngày khai mạc"))
    end_date = models.DateField(_("ngày bế mạc"))
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    summary = RichTextField(_("tóm tắt"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
            ],
            heading=_("Thông tin kỳ họp"),
        ),
        FieldPanel("summary"),
        InlinePanel("agenda_items", heading=_("Chương trình kỳ họp"), label=_("nội dung")),
        InlinePanel("session_documents", heading=_("Tài liệu chung"), label=_("tài liệu")),
    ]
    parent_page_types = ["council_sessions.SessionIndexPage"]
    subpage_types: list[str] = []
    template = "sessions/session_page.html"
    search_fields = [
        *Page.search_fields,
        index.SearchField("venue"),
        index.FilterField("start_date"),
        index.FilterField("term"),
    ]

    class Meta:
        verbose_name = _("kỳ họp")
        verbose_name_plural = _("kỳ họp")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"],
                name="session_unique_number_in_term",
                violation_error_message=_("Nhiệm kỳ này đã có kỳ họp số này."),
            )
        ]

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.number and errors.get("slug") and self.slug == f"ky-hop-thu-{self.number}":
            # The slug comes from the number: say what to fix in the editor's terms.
            del errors["slug"]
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày bế mạc phải cùng hoặc sau ngày khai mạc.")
        parent = self.get_parent() if self.path else None
        term = self._term_from(parent) or (self.term if self.term_id else None)
        if term and self.number:
            clash = SessionPage.objects.filter(term=term, number=self.number).exclude(pk=self.pk)
            if clash.exists():
                errors["number"] = _(
                    "Nhiệm kỳ này đã có kỳ họp thứ %(number)s. Hãy kiểm tra lại số kỳ họp."
                ) % {"number": self.number}
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _term_from(parent):
        parent = parent.specific if parent is not None else None
        return getattr(parent, "term", None)

    def full_clean(self, *args, **kwargs):
        # Wagtail validates before the page is placed in the tree: derive the slug first.
        if self.number and not self.slug:
            self.slug = f"ky-hop-thu-{self.number}"
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.number and not self.slug:
            self.slug = f"ky-hop-thu-{self.number}"
        if not self.term_id:
            parent = self.get_parent() if self.path else None
            term = self._term_from(parent)
            if term is not None:
                self.term = term
        super().save(*args, **kwargs)

    @property
    def heading(self) -> str:
        return f"Kỳ họp thứ {self.number}, HĐND tỉnh khóa {self.term.roman}"

    @property
    def date_range(self) -> str:
        if self.start_date == self.end_date:
            return f"{self.start_date:%d/%m/%Y}"
        if self.start_date.year == self.end_date.year:
            return f"{self.start_date:%d/%m} – {self.end_date:%d/%m/%Y}"
        return f"{self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y}"

    def is_upcoming_or_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.end_date >= today

    def get_context(self, request, *args, **kwargs):
        from library.access import is_secretariat

        from .services import session_view
        from .views import packet_url

        context = super().get_context(request, *args, **kwargs)
        context["view"] = session_view(self, request.user)
        context["packets_url"] = packet_url(self)
        context["is_secretariat"] = is_secretariat(request.user)
        return context


class AgendaItem(ClusterableModel, Orderable):
    """One item of a session's agenda. `code` nests items: "2" holds "2.1" and "2.2"."""

    session = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="agenda_items")
    code = models.CharField(
        _("mục số"), max_length=20, help_text=_("Ví dụ: 1, 2, 2.1 – mục con viết 2.1, 2.2…")
    )
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("cơ quan, người trình bày"), max_length=300, blank=True)
    scheduled_on = models.DateField(_("ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("scheduled_on")]),
        FieldPanel("title"),
        FieldPanel("presenter"),
        FieldPanel("note"),
        InlinePanel("documents", heading=_("Tài liệu của mục"), label=_("tài liệu")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("mục chương trình")
        verbose_name_plural = _("chương trình kỳ họp")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def depth(self) -> int:
        return self.code.strip(".").count(".") + 1

    @property
    def parent_code(self) -> str | None:
        code = self.code.strip(".")
        return code.rsplit(".", 1)[0] if "." in code else None


class AgendaItemDocument(Orderable):
    """A document under an agenda item, in the order the delegates should read it."""

    item = ParentalKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("tài liệu"),
        on_delete=models.PROTECT,
        related_name="agenda_links",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu của mục chương trình")


class SessionDocument(Orderable):
    """A document of the session as a whole: invitation, agenda, minutes, closing notice."""

    session = ParentalKey(SessionPage, on_delete=models.CASCADE, related_name="session_documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("tài liệu"),
        on_delete=models.PROTECT,
        related_name="session_links",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu chung của kỳ họp")


class Ballot(AccessControlled, ClusterableModel):
    """A vote of the council on one question (usually a draft resolution), with each delegate's
    choice. Public by default: votes in session are public record once released."""

    access_level = _public_by_default()

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("Thông qua")
        REJECTED = "rejected", _("Không thông qua")

    session = models.ForeignKey(SessionPage, on_delete=models.CASCADE, related_name="ballots")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="ballots"
    )
    subject = models.CharField(_("nội dung biểu quyết"), max_length=500)
    draft = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("dự thảo được biểu quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("nghị quyết được thông qua"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ballots",
    )
    held_at = models.DateTimeField(_("thời điểm biểu quyết"))
    result = models.CharField(_("kết quả"), max_length=10, choices=Result.choices, blank=True)

    panels = [
        FieldPanel("session"),
        FieldPanel("agenda_item"),
        FieldPanel("subject"),
        FieldPanel("draft"),
        FieldPanel("resolution"),
        FieldPanel("held_at"),
        FieldPanel("result"),
        FieldPanel("access_level"),
        FieldPanel("release_at"),
        InlinePanel("votes", heading=_("Phiếu của từng đại biểu"), label=_("phiếu")),
    ]

    def clean(self):
        super().clean()
        if (
            self.agenda_item_id
            and self.session_id
            and self.agenda_item.session_id != self.session_id
        ):
            raise ValidationError({"agenda_item": _("Mục chương trình này thuộc một kỳ họp khác.")})

    class Meta:
        ordering = ["held_at", "pk"]
        verbose_name = _("biểu quyết")
        verbose_name_plural = _("biểu quyết")

    def __str__(self) -> str:
        return self.subject

    def save(self, *args, **kwargs):
        if not self.term_id and self.session_id:
            self.term_id = self.session.term_id
        super().save(*args, **kwargs)

    def totals(self) -> dict[str, int]:
        counts = dict.fromkeys(VoteChoice.values, 0)
        for choice in self.votes.values_list("choice", flat=True):
            counts[choice] += 1
        return counts


class VoteChoice(models.TextChoices):
    FOR = "for", _("Tán thành")
    AGAINST = "against", _("Không tán thành")
    ABSTAIN = "abstain", _("Không biểu quyết")
    ABSENT = "absent", _("Vắng mặt")


class Vote(models.Model):
    """One delegate's vote in a ballot."""

    ballot = ParentalKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey("delegates.Person", on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("lựa chọn"), max_length=10, choices=VoteChoice.choices)

    class Meta:
        ordering = ["ballot", "person__folded_name"]
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "person"], name="vote_unique_person")
        ]

    panels = [FieldPanel("person"), FieldPanel("choice")]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"

    def clean(self):
        super().clean()
        from .services import term_members

        session = self.ballot.session if self.ballot_id or getattr(self, "ballot", None) else None
        if session is None or not self.person_id:
            return
        if not term_members(session.term, session.start_date).filter(pk=self.person_id).exists():
            raise ValidationError(
                {
                    "person": _(
                        "%(name)s không phải đại biểu HĐND khóa %(term)s tại kỳ họp này; "
                        "không thể ghi phiếu."
                    )
                    % {"name": self.person, "term": session.term.roman}
                }
            )


class Interpellation(AccessControlled):
    """A question put to an official in session (chất vấn) and the answer given."""

    access_level = _public_by_default()

    session = models.ForeignKey(
        SessionPage, on_delete=models.CASCADE, related_name="interpellations"
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    asker = models.ForeignKey(
        "delegates.Person",
        verbose_name=_("đại biểu chất vấn"),
        on_delete=models.PROTECT,
        related_name="interpellations",
    )
    respondent = models.CharField(_("người trả lời"), max_length=200)
    respondent_title = models.CharField(_("chức vụ người trả lời"), max_length=300, blank=True)
    question = models.TextField(_("nội dung chất vấn"))
    answer_summary = models.TextField(_("tóm tắt trả lời"), blank=True)
    documents = models.ManyToManyField(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("tài liệu liên quan"),
        blank=True,
        related_name="interpellations",
    )

    class Meta:
        ordering = ["session", "sort_order", "pk"]
        verbose_name = _("chất vấn")
        verbose_name_plural = _("chất vấn")

    def __str__(self) -> str:
        return f"{self.asker} – {self.respondent}"

    def save(self, *args, **kwargs):
        if not self.term_id and self.session_id:
            self.term_id = self.session.term_id
        super().save(*args, **kwargs)


class Petition(AccessControlled):
    """A voters' petition (kiến nghị cử tri) from a voter meeting, and its answer."""

    access_level = _public_by_default()

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
        ANSWERED = "answered", _("Đã trả lời")
        RESOLVED = "resolved", _("Đã giải quyết xong")

    session = models.ForeignKey(
        SessionPage,
        verbose_name=_("tổng hợp cho kỳ họp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    meeting = models.CharField(_("hội nghị tiếp xúc cử tri"), max_length=300)
    meeting_date = models.DateField(_("ngày tiếp xúc"), null=True, blank=True)
    topic = models.CharField(_("lĩnh vực"), max_length=200)
    content = models.TextField(_("nội dung kiến nghị"))
    responsible_agency = models.CharField(_("cơ quan trả lời"), max_length=300, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )

    class Meta:
        ordering = ["-meeting_date", "pk"]
        verbose_name = _("kiến nghị cử tri")
        verbose_name_plural = _("kiến nghị cử tri")

    def __str__(self) -> str:
        return f"{self.topic}: {self.content[:60]}"


class PortalVisit(models.Model):
    """When a delegate last opened a session in the portal: what is new is what came after."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_visits"
    )
    session = models.ForeignKey(SessionPage, on_delete=models.CASCADE, related_name="+")
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="portal_visit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session_id}"
