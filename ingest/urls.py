from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path(
        "van-ban/<slug:slug>/phien-ban/<int:number>/ban-ocr/",
        views.ocr_copy,
        name="ocr_copy",
    ),
    path(
        "van-ban/<slug:slug>/phien-ban/<int:number>/ban-goc-chua-lam-sach/",
        views.original_upload,
        name="original_upload",
    ),
]
