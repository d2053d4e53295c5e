"""/sitemap.xml: live public Wagtail pages plus each app's `sitemaps` dict (public items only)."""

import importlib

from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap

# Modules exposing `sitemaps = {name: Sitemap class}`; every one filters through the access core.
SITEMAP_MODULES = ["delegates.sitemaps", "library.sitemaps", "sessions.sitemaps"]


def all_sitemaps() -> dict:
    found = {"trang": PageSitemap}
    for name in SITEMAP_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.update(module.sitemaps)
    return found


def sitemap_view(request):
    return sitemap(request, sitemaps=all_sitemaps())
