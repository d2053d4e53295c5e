"""Secretariat views in the Wagtail admin: upload a list of delegates, invite a delegate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import importers
from .accounts import InvitationError, invite_delegate
from .models import Person

IMPORT_PERMISSIONS = ("delegates.add_person", "delegates.change_person")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách đại biểu (.csv hoặc .xlsx)",
        help_text="Cột theo mẫu docs/delegates-sample.csv; tối đa 5 MB.",
        error_messages={"required": "Hãy chọn tệp cần nhập."},
    )
    encoding = forms.ChoiceField(
        label="Bảng mã (chỉ với CSV)",
        required=False,
        choices=[
            ("", "Tự nhận biết"),
            ("utf-8", "UTF-8"),
            ("cp1258", "Windows-1258 (tiếng Việt)"),
            ("cp1252", "Windows-1252"),
        ],
    )
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, chưa ghi", required=False)


class _AdminPage(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ImportView(_AdminPage, FormView):
    form_class = ImportForm
    template_name = "delegates/admin/import.html"
    page_title = "Nhập danh sách đại biểu"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > importers.MAX_FILE_BYTES:
            form.add_error("file", "Tệp quá lớn; giới hạn 5 MB.")
            return self.form_invalid(form)
        report = importers.import_file(
            upload.read(),
            upload.name,
            form.cleaned_data["encoding"] or None,
            dry_run=form.cleaned_data["dry_run"],
        )
        labels = importers.KIND_LABELS
        return self.render_to_response(
            self.get_context_data(
                form=self.form_class(),
                report=report,
                filename=upload.name,
                summary=[
                    (labels.get(kind, kind), counts)
                    for kind, counts in report.changes.counts.items()
                ],
            )
        )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Thư điện tử nhận thư mời",
        error_messages={
            "required": "Hãy nhập địa chỉ thư điện tử.",
            "invalid": "Địa chỉ thư điện tử không hợp lệ.",
        },
    )


class InviteView(_AdminPage, FormView):
    form_class = InviteForm
    template_name = "delegates/admin/invite.html"
    page_title = "Mời đại biểu tạo tài khoản"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("delegates.change_person"):
            raise PermissionDenied
        self.person = get_object_or_404(Person, pk=kwargs["person_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"email": self.person.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        try:
            user = invite_delegate(
                self.person,
                base_url=self.request.build_absolute_uri("/"),
                email=form.cleaned_data["email"],
                invited_by=self.request.user,
            )
        except InvitationError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Đã gửi thư mời kích hoạt tài khoản “{user.username}” tới {user.email}.",
        )
        return redirect("wagtailsnippets_delegates_person:list")
