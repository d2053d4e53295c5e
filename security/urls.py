"""Two-factor pages under /xac-thuc-hai-buoc/ (reachable before the second factor)."""

from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("xac-thuc-hai-buoc/", views.verify, name="verify"),
    path("xac-thuc-hai-buoc/dang-ky/", views.setup, name="setup"),
    path("xac-thuc-hai-buoc/ma-du-phong/", views.backup_codes, name="backup_codes"),
]
