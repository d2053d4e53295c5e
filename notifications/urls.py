"""Delegate-facing URLs: notification settings and the unsubscribe link from each e-mail."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("thong-bao/cai-dat/", views.preferences, name="preferences"),
    path("thong-bao/huy-nhan/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
