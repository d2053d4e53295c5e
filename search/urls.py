"""Public URLs of the search app: /tim-kiem/ and saved searches."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("tim-kiem/", views.search_page, name="page"),
    path("tim-kiem/da-luu/", views.saved_searches, name="saved"),
    path("tim-kiem/da-luu/<int:pk>/xoa/", views.delete_saved, name="delete_saved"),
    path("tim-kiem/huy-nhan-thu/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
