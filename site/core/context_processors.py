"""Template context every page needs: the main navigation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page, Site

# Sections that are views, not pages: (url name, label), shown after the page sections.
VIEW_SECTIONS = [
    ("delegates:index", pgettext_lazy("menu", "Đại biểu")),
    ("search:page", pgettext_lazy("menu", "Tra cứu")),
]


def navigation(request):
    """Menu items: page titles are content (lang="vi"); view labels are interface text."""
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        pages = Page.objects.child_of(site.root_page).live().in_menu().public().specific()
        items = [{"url": page.url, "title": page.title, "lang": "vi"} for page in pages]
    items += [{"url": reverse(name), "title": label, "lang": ""} for name, label in VIEW_SECTIONS]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(user, "person"):
        items.append({"url": reverse("sessions:portal"), "title": _("Kỳ họp của tôi"), "lang": ""})
    return {"council_nav": items}
