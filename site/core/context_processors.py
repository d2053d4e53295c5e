"""Template context every page needs: the main navigation."""

from wagtail.models import Page, Site


def navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"council_nav": []}
    items = Page.objects.child_of(site.root_page).live().in_menu().public().specific()
    return {"council_nav": list(items)}
