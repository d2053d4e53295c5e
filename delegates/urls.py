"""Public URLs of the delegates app: /dai-bieu/… and the account pages under /tai-khoan/."""

from django.urls import path, re_path

from . import accounts, views

app_name = "delegates"

TERM = r"(?P<term_slug>khoa-[ivxlcdm]+)"

urlpatterns = [
    path("dai-bieu/", views.index, name="index"),
    path("dai-bieu/ho-so-cua-toi/", views.my_record, name="my_record"),
    path(
        "dai-bieu/kich-hoat/<uidb64>/<token>/",
        accounts.ActivateView.as_view(),
        name="activate",
    ),
    re_path(rf"^dai-bieu/{TERM}/$", views.directory, name="directory"),
    re_path(rf"^dai-bieu/{TERM}/popolo\.json$", views.popolo, name="popolo"),
    re_path(rf"^dai-bieu/{TERM}/danh-sach\.csv$", views.csv_export, name="csv"),
    path("dai-bieu/<slug:slug>/", views.profile, name="profile"),
    *accounts.password_reset_urls,
]
