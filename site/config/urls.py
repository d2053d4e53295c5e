"""URL map: public site (Wagtail pages), accounts, documents through the checked view, admin."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api
from config.sitemaps import sitemap_view
from core import views as core_views
from library.files import serve_document

urlpatterns = [
    path("quan-tri/", include(wagtailadmin_urls)),
    # Same name as Wagtail's route, listed first: every document link goes through our wrapper.
    path(
        "tai-lieu/<int:document_id>/<str:document_filename>",
        serve_document,
        name="wagtaildocs_serve",
    ),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("", include("library.reader_urls")),
    path("", include("library.opds_urls")),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("delegates.urls")),
    path("", include("sessions.urls")),
    path("", include("search.urls")),
    path("", include("publishing.urls")),
    path("", include("ingest.urls")),
    path("", include("library.urls")),
    path("", include("notifications.urls")),
    path("", include("security.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/favicon.svg", permanent=True)),
    path("sitemap.xml", sitemap_view, name="sitemap"),
]

if settings.DEBUG:
    from pathlib import Path

    from django.conf.urls.static import static

    # Image renditions only: document files never bypass the checked serving view.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=Path(settings.MEDIA_ROOT) / "images"
    )

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "core.views.not_found"
handler403 = "core.views.forbidden"
handler500 = "core.views.server_error"
