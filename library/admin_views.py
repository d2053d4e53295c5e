"""Admin view for the secretariat: upload a revised file as a new version with a change note."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ingest.services import check_and_add_version

from .models import ArchiveDocument


class NewVersionForm(forms.Form):
    file = forms.FileField(label=_("Tệp mới (PDF hoặc DOCX)"))
    change_note = forms.CharField(
        label=_("Nội dung sửa đổi"),
        max_length=500,
        # The note is content of the (Vietnamese) archive, whatever the interface language.
        widget=forms.Textarea(attrs={"rows": 3, "lang": "vi"}),
        help_text=_("Ví dụ: Tiếp thu ý kiến thẩm tra của Ban Kinh tế – Ngân sách."),
    )


def new_version(request, document_id):
    if not request.user.has_perm("library.change_archivedocument"):
        raise PermissionDenied
    document = get_object_or_404(ArchiveDocument, pk=document_id)
    form = NewVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            # The hostile-file check runs first (type by content, PDF structure, active content).
            version = check_and_add_version(
                document, upload, upload.name, form.cleaned_data["change_note"], request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                format_html(
                    _("Đã thêm phiên bản {number} cho “{title}”; đây là bản hiện hành."),
                    number=version.number,
                    title=format_html('<span lang="vi">{}</span>', document.title),
                ),
            )
            return redirect("library_new_version", document_id=document.pk)
    return TemplateResponse(
        request,
        "library/admin/new_version.html",
        {
            "form": form,
            "document": document,
            "versions": document.versions.order_by("-number"),
            "header_title": _("Thêm phiên bản mới"),
            # The title is content: marked Vietnamese inside the (possibly English) admin.
            "header_subtitle": format_html('<span lang="vi">{}</span>', document.title),
        },
    )
