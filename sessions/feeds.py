"""Feed and calendar builders: plain inputs (already filtered lists) in, bytes out.

They know nothing of HTTP or access; the views hand them only public, released items.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    summary: str
    published: datetime.datetime


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: datetime.date
    end: datetime.date
    location: str
    url: str
    description: str
    status: str  # TENTATIVE, CONFIRMED


def build_feed(
    *,
    title: str,
    link: str,
    self_link: str,
    description: str,
    entries: Iterable[FeedEntry],
    fmt: str = "rss",
    language: str = "vi",
) -> bytes:
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(link)
    generator.title(title)
    generator.link(href=link, rel="alternate")
    generator.link(href=self_link, rel="self")
    generator.description(description)
    generator.language(language)
    latest = None
    for entry in entries:
        item = generator.add_entry(order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link)
        item.description(entry.summary or entry.title)
        published = entry.published.astimezone(TZ)
        item.published(published)
        item.updated(published)
        latest = max(latest, published) if latest else published
    generator.updated(latest or datetime.datetime(2021, 1, 1, tzinfo=TZ))
    return generator.atom_str(pretty=True) if fmt == "atom" else generator.rss_str(pretty=True)


def build_calendar(
    *, name: str, events: Iterable[CalendarEvent], stamp: datetime.datetime
) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//HĐND tỉnh//Lịch kỳ họp//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        # All-day events: DTEND is exclusive.
        event.add("dtend", item.end + datetime.timedelta(days=1))
        event.add("dtstamp", stamp)
        if item.location:
            event.add("location", item.location)
        event.add("url", item.url)
        event.add("description", item.description)
        event.add("status", item.status)
        calendar.add_component(event)
    return calendar.to_ical()
