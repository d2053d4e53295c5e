"""Sitemap of public, released document pages: asked of the access core like every surface."""

from django.contrib.sitemaps import Sitemap
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import access
from .models import ArchiveDocument


class PublicDocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            ArchiveDocument.objects.filter(access.public_q(timezone.now()))
            .exclude(slug__isnull=True)
            .annotate(released=Coalesce("public_at", "release_at", "created_at"))
            .order_by("-released", "pk")
        )

    def lastmod(self, document):
        return document.updated_at or document.released


sitemaps = {"van-ban": PublicDocumentSitemap}
