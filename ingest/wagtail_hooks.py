"""Admin entries of ingestion: batch import and OCR status (secretariat only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from library.access import is_secretariat

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("tiep-nhan/nhap-lo/", admin_views.ImportView.as_view(), name="ingest_import"),
        path("tiep-nhan/ocr/", admin_views.OcrListView.as_view(), name="ingest_ocr"),
        path(
            "tiep-nhan/ocr/<int:version_id>/chay-lai/",
            admin_views.OcrRerunView.as_view(),
            name="ingest_ocr_rerun",
        ),
    ]


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return SecretariatMenuItem(
        _("Nhập lô văn bản"), reverse("ingest_import"), icon_name="upload", order=260
    )


@hooks.register("register_admin_menu_item")
def ocr_menu_item():
    return SecretariatMenuItem(
        _("Nhận dạng OCR"), reverse("ingest_ocr"), icon_name="doc-full", order=261
    )
