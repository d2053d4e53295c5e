"""Sitemap of the public delegate pages: term directories and profiles (URLs only)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import services
from .models import Term


class TermDirectorySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(Term.objects.order_by("-number"))

    def location(self, term):
        return reverse("delegates:directory", args=[term.slug])


class DelegateSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return list(services.public_people().order_by("slug").values_list("slug", flat=True))

    def location(self, slug):
        return reverse("delegates:profile", args=[slug])


sitemaps = {"dai-bieu-khoa": TermDirectorySitemap, "dai-bieu": DelegateSitemap}
