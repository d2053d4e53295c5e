"""The site's foundation: accounts, the home page and the council's site-wide settings."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class User(AbstractUser):
    """An account: a delegate, a named reader, or a member of the secretariat."""

    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def __str__(self) -> str:
        return self.get_full_name()


@register_setting(icon="site")
class CouncilSettings(BaseSiteSetting):
    """Who runs this site: printed on pages, packets and e-books."""

    council_name = models.CharField(
        _("tên cơ quan"), max_length=200, default="Hội đồng nhân dân tỉnh"
    )
    province = models.CharField(_("tỉnh"), max_length=100, default="")
    office_name = models.CharField(
        _("văn phòng"),
        max_length=200,
        default="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    panels = [
        FieldPanel("council_name"),
        FieldPanel("province"),
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("thông tin cơ quan")

    @property
    def full_council_name(self) -> str:
        return f"{self.council_name} {self.province}".strip()


class HomePage(Page):
    """The front page: what the council is, and the way into sessions, library and delegates."""

    intro = RichTextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        context.update(front_page_lists())
        return context


def front_page_lists() -> dict:
    """What the front page shows: public material only, the same for every visitor."""
    from django.contrib.auth.models import AnonymousUser
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from library import access
    from library.catalogue import council_documents, visible_items
    from library.models import ArchiveDocument
    from sessions.models import SessionPage

    now = timezone.now()
    documents = (
        council_documents(ArchiveDocument.objects.filter(access.public_q(now)))
        .annotate(released=Coalesce("public_at", "release_at", "created_at"))
        .order_by("-released", "-pk")[:6]
    )
    return {
        "latest_sessions": SessionPage.objects.live().public().order_by("-start_date")[:3],
        "latest_documents": documents,
        "new_books": visible_items(AnonymousUser())[:4],
    }


class WorkerHeartbeat(models.Model):
    """A task worker's lease: a running task whose worker stopped beating is requeued."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("tiến trình nền")
        verbose_name_plural = _("tiến trình nền")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class PeriodicRun(models.Model):
    """When a periodic job was last queued, so several workers queue it once."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("công việc định kỳ")
        verbose_name_plural = _("công việc định kỳ")

    def __str__(self) -> str:
        return self.name
