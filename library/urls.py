"""Document pages: /van-ban/15-2024-nq-hdnd/, its downloads and version comparisons."""

from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("van-ban/", views.document_list, name="documents"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("van-ban/<slug:slug>/tai-ve/", views.document_download, name="download"),
    path(
        "van-ban/<slug:slug>/phien-ban/<int:number>/tai-ve/",
        views.version_download,
        name="version_download",
    ),
    path(
        "van-ban/<slug:slug>/so-sanh/<int:old>/<int:new>/",
        views.version_compare,
        name="compare",
    ),
]
