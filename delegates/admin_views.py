"""Secretariat views in the Wagtail admin: upload a list of delegates, invite a delegate."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import importers
from .accounts import InvitationError, invite_delegate
from .models import Person

IMPORT_PERMISSIONS = ("delegates.add_person", "delegates.change_person")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách đại biểu (.csv hoặc .xlsx)"),
        help_text=gettext_lazy("Cột theo mẫu docs/delegates-sample.csv; tối đa 5 MB."),
        error_messages={"required": gettext_lazy("Hãy chọn tệp cần nhập.")},
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Bảng mã (chỉ với CSV)"),
        required=False,
        choices=[
            ("", gettext_lazy("Tự nhận biết")),
            ("utf-8", "UTF-8"),
            ("cp1258", gettext_lazy("Windows-1258 (tiếng Việt)")),
            ("cp1252", "Windows-1252"),
        ],
    )
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False)


class _AdminPage(WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ImportView(_AdminPage, FormView):
    form_class = ImportForm
    template_name = "delegates/admin/import.html"
    page_title = gettext_lazy("Nhập danh sách đại biểu")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > importers.MAX_FILE_BYTES:
            form.add_error("file", _("Tệp quá lớn; giới hạn 5 MB."))
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
                    (str(labels.get(kind, kind)), counts)
                    for kind, counts in report.changes.counts.items()
                ],
            )
        )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Thư điện tử nhận thư mời"),
        error_messages={
            "required": gettext_lazy("Hãy nhập địa chỉ thư điện tử."),
            "invalid": gettext_lazy("Địa chỉ thư điện tử không hợp lệ."),
        },
    )


class InviteView(_AdminPage, FormView):
    form_class = InviteForm
    template_name = "delegates/admin/invite.html"
    page_title = gettext_lazy("Mời đại biểu tạo tài khoản")
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
            _("Đã gửi thư mời kích hoạt tài khoản “%(username)s” tới %(email)s.")
            % {"username": user.username, "email": user.email},
        )
        return redirect("wagtailsnippets_delegates_person:list")
