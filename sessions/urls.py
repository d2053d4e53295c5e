"""Public URLs of the sessions app: the delegate portal, read receipts, feeds and calendars.

Session pages themselves are Wagtail pages (/ky-hop/khoa-xvi/ky-hop-thu-12/).
"""

from django.urls import path

from . import views

app_name = "sessions"
urlpatterns = [
    path("ky-hop-cua-toi/", views.portal, name="portal"),
    path("ky-hop/lich.ics", views.calendar, name="ical"),
    path("van-ban/rss.xml", views.documents_feed, {"fmt": "rss"}, name="documents_rss"),
    path("van-ban/atom.xml", views.documents_feed, {"fmt": "atom"}, name="documents_atom"),
    path("ky-hop/<slug:term>/<slug:session>/rss.xml", views.session_feed, name="session_feed"),
    path("ky-hop/<slug:term>/<slug:session>/lich.ics", views.session_calendar, name="session_ical"),
    path("ky-hop/<slug:term>/<slug:session>/da-doc/", views.receipts, name="receipts"),
]
