"""The secretariat's delivery log in the Wagtail admin: per session, who was told of what,
when, and whether it arrived ("42/55 đại biểu đã nhận, 3 lỗi")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.access import is_secretariat

from . import services
from .models import Notice


class SecretariatOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SessionListView(SecretariatOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "notifications/admin/sessions.html"
    page_title = gettext_lazy("Thông báo cho đại biểu")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        from sessions.models import SessionPage

        context = super().get_context_data(**kwargs)
        sessions = SessionPage.objects.select_related("term").order_by("-start_date")[:30]
        by_term: dict[int, list] = {}
        rows = []
        for session in sessions:
            if session.term_id not in by_term:
                by_term[session.term_id] = services.term_delegates(session)
            stats = services.session_stats(session, delegates=by_term[session.term_id])
            rows.append((session, stats))
        context["rows"] = rows
        return context


class SessionLogView(SecretariatOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "notifications/admin/session_log.html"
    # The session's name (content, in Vietnamese) heads the page body with lang="vi".
    page_title = gettext_lazy("Nhật ký thư thông báo của kỳ họp")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("notifications_sessions"), "label": SessionListView.page_title},
        ]

    def dispatch(self, request, session_id, *args, **kwargs):
        from sessions.models import SessionPage

        self.session = get_object_or_404(SessionPage.objects.select_related("term"), pk=session_id)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notices = services.session_notices(self.session).prefetch_related("deliveries__event")
        status = self.request.GET.get("trang_thai", "")
        if status == "loi":
            notices = notices.filter(status__in=Notice.FAILED_STATUSES)
        page = Paginator(notices, 100).get_page(self.request.GET.get("p"))
        for notice in page:
            notice.session_events = [
                d.event for d in notice.deliveries.all() if d.event.session_id == self.session.pk
            ]
        context.update(
            session=self.session,
            stats=services.session_stats(self.session),
            page=page,
            status=status,
            events=self.session.notification_events.order_by("-created_at")[:50],
        )
        return context


class ResendView(SecretariatOnly, View):
    def post(self, request, notice_id):
        notice = get_object_or_404(Notice, pk=notice_id)
        session_id = request.POST.get("session")
        if notice.status not in Notice.FAILED_STATUSES:
            messages.error(request, _("Chỉ gửi lại được thư đang lỗi."))
        else:
            notice = services.resend(notice)
            if notice.status == Notice.Status.SENT:
                messages.success(request, _("Đã gửi lại thư cho %(name)s.") % {"name": notice.user})
            else:
                messages.error(
                    request,
                    _("Gửi lại cho %(name)s chưa được: %(status)s.")
                    % {"name": notice.user, "status": notice.get_status_display()},
                )
        if session_id and session_id.isdigit():
            return redirect("notifications_session_log", int(session_id))
        return redirect("notifications_sessions")
