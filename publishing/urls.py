"""Public URLs of the publishing app, under the session's own address."""

from django.urls import path

from . import views

app_name = "publishing"
prefix = "ky-hop/<slug:term>/<slug:session>/"
urlpatterns = [
    path(f"{prefix}tai-lieu/", views.publications, name="publications"),
    path(f"{prefix}tai-lieu/tap-tai-lieu.pdf", views.packet_pdf, name="packet_pdf"),
    path(f"{prefix}tai-lieu/sach-dien-tu.epub", views.packet_epub, name="packet_epub"),
    path(f"{prefix}tai-lieu/bo-sung.pdf", views.supplement_pdf, name="supplement_pdf"),
    path(f"{prefix}tai-lieu/ngoai-tuyen.zip", views.offline_bundle, name="offline_bundle"),
    path(f"{prefix}ky-yeu.pdf", views.proceedings, {"kind": "pdf"}, name="proceedings_pdf"),
    path(f"{prefix}ky-yeu.epub", views.proceedings, {"kind": "epub"}, name="proceedings_epub"),
]
