"""Template context every page needs: the main navigation."""

from django.urls import reverse
from wagtail.models import Page, Site

# Sections that are views, not pages: (url name, label), shown after the page sections.
VIEW_SECTIONS = [("delegates:index", "Đại biểu"), ("search:page", "Tra cứu")]


def navigation(request):
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        pages = Page.objects.child_of(site.root_page).live().in_menu().public().specific()
        items = [{"url": page.url, "title": page.title} for page in pages]
    items += [{"url": reverse(name), "title": label} for name, label in VIEW_SECTIONS]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(user, "person"):
        items.append({"url": reverse("sessions:portal"), "title": "Kỳ họp của tôi"})
    return {"council_nav": items}
