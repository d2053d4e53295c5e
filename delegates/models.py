"""Who sits on the council: terms, bodies, constituencies, people and their posts over time."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index

from core.text import fold, to_roman

# Paths under /dai-bieu/ that belong to the system, never to a person.
RESERVED_SLUGS = {"ho-so-cua-toi", "kich-hoat", "tai-khoan", "xuat", "popolo", "khoa"}


class Term(models.Model):
    """A five-year term of the council (khóa), e.g. khóa XVI, 2021–2026."""

    number = models.PositiveSmallIntegerField(_("khóa số"), unique=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=40, unique=True, editable=False)

    panels = [FieldPanel("number"), FieldPanel("start_date"), FieldPanel("end_date")]

    class Meta:
        ordering = ["-number"]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")

    def save(self, *args, **kwargs):
        self.slug = f"khoa-{to_roman(self.number).lower()}"
        super().save(*args, **kwargs)

    @property
    def roman(self) -> str:
        return to_roman(self.number)

    @property
    def years(self) -> str:
        end = self.end_date.year if self.end_date else self.start_date.year + 5
        return f"{self.start_date.year}–{end}"

    def __str__(self) -> str:
        return gettext("Khóa %(roman)s (%(years)s)") % {"roman": self.roman, "years": self.years}

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)


class Body(models.Model):
    """An organisation within a term: the council, its standing committee, a committee, a group."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Hội đồng nhân dân")
        STANDING = "standing", _("Thường trực HĐND")
        COMMITTEE = "committee", _("Ban của HĐND")
        GROUP = "group", _("Tổ đại biểu")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="bodies")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    abbreviation = models.CharField(_("viết tắt"), max_length=30, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldPanel("term"),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("abbreviation"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["term", "sort_order", "name"]
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="body_unique_name_in_term")
        ]

    def __str__(self) -> str:
        return gettext("%(name)s (khóa %(roman)s)") % {"name": self.name, "roman": self.term.roman}


class Constituency(models.Model):
    """An electoral unit (đơn vị bầu cử) of a term."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="constituencies")
    number = models.PositiveSmallIntegerField(_("số"))
    name = models.CharField(_("tên"), max_length=200)
    area = models.TextField(_("gồm các địa bàn"), blank=True)
    seats = models.PositiveSmallIntegerField(_("số đại biểu được bầu"), default=1)

    class Meta:
        ordering = ["term", "number"]
        verbose_name = _("đơn vị bầu cử")
        verbose_name_plural = _("đơn vị bầu cử")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="constituency_unique_number")
        ]

    def __str__(self) -> str:
        return gettext("Đơn vị bầu cử số %(number)s: %(name)s") % {
            "number": self.number,
            "name": self.name,
        }


class Person(RevisionMixin, index.Indexed, models.Model):
    """A delegate. Public profile fields first; the private record is for the secretariat only."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    # A stable key (e.g. the secretariat's record number) so re-imports update, never duplicate.
    key = models.CharField(_("mã đại biểu"), max_length=50, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    folded_name = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Để trống: tự tạo từ họ và tên (ví dụ nguyen-van-an)."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    education = models.CharField(_("trình độ chuyên môn"), max_length=200, blank=True)
    political_theory = models.CharField(_("trình độ lý luận chính trị"), max_length=100, blank=True)
    occupation = models.CharField(_("chức vụ, nghề nghiệp"), max_length=300, blank=True)
    workplace = models.CharField(_("nơi công tác"), max_length=300, blank=True)

    # Private record: never on a public surface (pages, API, export, search index, sitemap).
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    home_address = models.CharField(_("địa chỉ nơi ở"), max_length=300, blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=20, blank=True)
    record_notes = models.TextField(_("ghi chú hồ sơ"), blank=True)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    PRIVATE_FIELDS = ("phone", "email", "home_address", "id_number", "record_notes")

    search_fields = [
        index.SearchField("full_name", boost=5),
        index.SearchField("folded_name", boost=4),
        index.AutocompleteField("full_name"),
        index.SearchField("occupation"),
        index.SearchField("workplace"),
        index.FilterField("gender"),
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("key"),
                FieldPanel("full_name"),
                FieldPanel("slug"),
                FieldPanel("photo"),
                FieldPanel("birth_year"),
                FieldPanel("gender"),
                FieldPanel("ethnicity"),
                FieldPanel("education"),
                FieldPanel("political_theory"),
                FieldPanel("occupation"),
                FieldPanel("workplace"),
            ],
            heading=_("Thông tin công khai"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("home_address"),
                FieldPanel("id_number"),
                FieldPanel("record_notes"),
            ],
            heading=_("Hồ sơ riêng: chỉ Văn phòng và chính đại biểu xem"),
        ),
        FieldPanel("user"),
    ]

    class Meta:
        ordering = ["folded_name"]
        verbose_name = _("đại biểu")
        verbose_name_plural = _("đại biểu")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS or self.slug.startswith("khoa-"):
            raise ValidationError(
                {
                    "slug": _(
                        "Đường dẫn này trùng với một trang của hệ thống; hãy chọn đường dẫn khác."
                    )
                }
            )

    def save(self, *args, **kwargs):
        self.folded_name = fold(self.full_name)
        if not self.slug:
            from .services import unique_slug

            self.slug = unique_slug(self.full_name, self.key, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    """A person's post in a body, with dates: posts change within a term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
        HEAD = "head", _("Trưởng ban")
        DEPUTY_HEAD = "deputy_head", _("Phó Trưởng ban")
        GROUP_LEADER = "group_leader", _("Tổ trưởng")
        GROUP_DEPUTY = "group_deputy", _("Tổ phó")
        MEMBER = "member", _("Ủy viên, thành viên")
        DELEGATE = "delegate", pgettext_lazy("role", "Đại biểu")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("chức danh"), max_length=20, choices=Role.choices)
    full_time = models.BooleanField(_("chuyên trách"), default=False)
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("đơn vị bầu cử"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["body__term", "body__sort_order", "start_date"]
        verbose_name = _("chức danh, nhiệm vụ")
        verbose_name_plural = _("chức danh, nhiệm vụ")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body.name}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)

    @property
    def title(self) -> str:
        """The post as people say it: 'Trưởng Ban Pháp chế', 'Phó Chủ tịch HĐND tỉnh'."""
        kind, role, name = self.body.kind, self.role, self.body.name
        if kind == Body.Kind.COUNCIL:
            return f"Đại biểu {name}"
        if kind == Body.Kind.STANDING:
            return {
                self.Role.CHAIR: "Chủ tịch HĐND tỉnh",
                self.Role.VICE_CHAIR: "Phó Chủ tịch HĐND tỉnh",
            }.get(role, f"Ủy viên {name}")
        prefix = {
            self.Role.HEAD: "Trưởng",
            self.Role.DEPUTY_HEAD: "Phó Trưởng",
            self.Role.GROUP_LEADER: "Tổ trưởng",
            self.Role.GROUP_DEPUTY: "Tổ phó",
            self.Role.CHAIR: "Chủ tịch",
            self.Role.VICE_CHAIR: "Phó Chủ tịch",
        }.get(role, "Thành viên" if kind == Body.Kind.GROUP else "Ủy viên")
        if kind == Body.Kind.GROUP:
            return f"{prefix} {name[:1].lower()}{name[1:]}"
        return f"{prefix} {name}"


class CorrectionRequest(models.Model):
    """A delegate's request to correct their own record; the secretariat handles it in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ xử lý")
        DONE = "done", _("Đã đính chính")
        REJECTED = "rejected", _("Không đính chính")

    person = models.ForeignKey(
        Person,
        verbose_name=_("đại biểu"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field_name = models.CharField(_("thông tin cần đính chính"), max_length=40)
    message = models.TextField(_("nội dung đề nghị"), max_length=2000)
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("trả lời của Văn phòng"), blank=True)
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    panels = [
        FieldPanel("person", read_only=True),
        FieldPanel("field_name", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("status"),
        FieldPanel("response"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đề nghị đính chính hồ sơ")
        verbose_name_plural = _("đề nghị đính chính hồ sơ")

    def __str__(self) -> str:
        return f"{self.person} – {self.field_label} ({self.created_at:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self.status != self.Status.OPEN and self.handled_at is None:
            self.handled_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def field_label(self) -> str:
        try:
            return str(Person._meta.get_field(self.field_name).verbose_name)
        except Exception:
            return self.field_name
