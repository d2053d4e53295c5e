"""The secretariat's ingest screens in the Wagtail admin: batch upload with its report, and the
OCR status of every scan with a button to run it again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from library.access import is_secretariat

from . import services
from .importer import import_batch, queue_batch
from .models import ImportBatch, OcrJob


class SecretariatOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class BatchForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Lô văn bản (tệp ZIP)"),
        help_text=gettext_lazy(
            "Tệp ZIP gồm các văn bản (PDF, DOCX, ODT) và danh mục manifest.csv hoặc manifest.json."
        ),
        error_messages={"required": gettext_lazy("Hãy chọn tệp ZIP của lô văn bản.")},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False,
        help_text=gettext_lazy(
            "Đánh dấu để xem báo cáo trước; bỏ đánh dấu để nhập khi không có lỗi."
        ),
    )  # fmt: skip


class ImportView(SecretariatOnly, WagtailAdminTemplateMixin, FormView):
    form_class = BatchForm
    template_name = "ingest/admin/import.html"
    page_title = gettext_lazy("Nhập lô văn bản")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent"] = ImportBatch.objects.select_related("created_by")[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        # Read into memory: the batch (a confidential file included) is never copied anywhere;
        # Django's own temporary upload file is removed when the request ends.
        data = upload.read()
        # Checked here, in full; written by the worker (a large batch outlasts a request).
        report = import_batch(data, name=upload.name, user=self.request.user, dry_run=True)
        queued = None
        if report.ok and not form.cleaned_data["dry_run"]:
            queued = queue_batch(data, upload.name, self.request.user)
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), report=report.as_dict(), queued=queued)
        )


class OcrListView(SecretariatOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "ingest/admin/ocr.html"
    page_title = gettext_lazy("Nhận dạng văn bản quét (OCR)")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        from library.models import DocumentVersion

        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("trang_thai", "")
        versions = (
            DocumentVersion.objects.filter(
                Q(text_status__in=["needs_ocr", "ocr_done"]) | Q(ocr_job__isnull=False)
            )
            .select_related("document", "ocr_job")
            .order_by("-created_at")
        )
        if status == "chua":
            versions = versions.filter(Q(ocr_job__isnull=True) | ~Q(ocr_job__status="done"))
        elif status == "loi":
            versions = versions.filter(ocr_job__status="failed")
        page = Paginator(versions, 50).get_page(self.request.GET.get("p"))
        context.update(page=page, status=status, statuses=OcrJob.Status)
        return context


class OcrRerunView(SecretariatOnly, View):
    def post(self, request, version_id):
        from library.models import DocumentVersion

        version = get_object_or_404(DocumentVersion, pk=version_id)
        if version.document.access_level == "secret":
            raise PermissionDenied
        services.queue_ocr(version, user=request.user, force=True)
        messages.success(
            request,
            format_html(
                _("Đã xếp hàng nhận dạng lại “{document}” (phiên bản {number})."),
                document=format_html('<span lang="vi">{}</span>', version.document),
                number=version.number,
            ),
        )
        return redirect("ingest_ocr")
