"""OPDS 1.2 catalogue of the e-library (Atom feeds), so e-reader apps can browse and download.

Every feed lists only what the requesting user may see; an acquisition link appears only for a
file the user may download.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from core.text import fold

from . import access
from .catalogue import LibraryCollectionPage, LibraryItemPage, filter_items, visible_items

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
NSMAP = {None: ATOM, "dc": DC, "opds": OPDS, "opensearch": OPENSEARCH}
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
FEED_LIMIT = 100
FILE_TYPES = {"pdf": "application/pdf", "epub": "application/epub+zip"}


def _el(parent, tag, text=None, ns=ATOM, **attrs):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = str(text)
    return element


def _link(parent, rel, href, type_, title=None):
    return _el(parent, "link", rel=rel, href=href, type=type_, title=title)


def _stamp(value: datetime.datetime | None) -> str:
    return (value or timezone.now()).astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _feed(request, feed_id, title, self_url, kind, updated=None):
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap=NSMAP)
    _el(feed, "id", f"urn:council:opds:{feed_id}")
    _el(feed, "title", title)
    _el(feed, "updated", _stamp(updated))
    author = _el(feed, "author")
    _el(author, "name", _("Thư viện điện tử HĐND tỉnh"))
    _link(feed, "self", request.build_absolute_uri(self_url), kind)
    _link(feed, "start", request.build_absolute_uri(reverse("opds:root")), NAVIGATION)
    _link(
        feed,
        "search",
        request.build_absolute_uri(reverse("opds:opensearch")),
        "application/opensearchdescription+xml",
    )
    return feed


def _respond(feed, content_type):
    body = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return HttpResponse(body, content_type=f"{content_type};charset=utf-8")


def _item_entry(feed, request, item: LibraryItemPage):
    entry = _el(feed, "entry")
    _el(entry, "id", f"urn:council:library:{item.pk}")
    _el(entry, "title", item.title)
    _el(entry, "updated", _stamp(item.last_published_at))
    for name in [a.strip() for a in item.authors.split(",") if a.strip()]:
        _el(_el(entry, "author"), "name", name)
    if item.language:
        _el(entry, "language", item.language, ns=DC)
    if item.publisher:
        _el(entry, "publisher", item.publisher, ns=DC)
    if item.year:
        _el(entry, "issued", item.year, ns=DC)
    for identifier in (
        item.isbn and f"urn:isbn:{item.isbn}",
        item.issn and f"urn:issn:{item.issn}",
    ):
        if identifier:
            _el(entry, "identifier", identifier, ns=DC)
    for subject in item.subjects.all():
        _el(entry, "category", term=subject.slug, label=subject.name)
    if item.search_description:
        _el(entry, "summary", item.search_description)
    _link(entry, "alternate", request.build_absolute_uri(item.url), "text/html")
    if item.cover_id:
        rendition = item.cover.get_rendition("max-480x680")
        thumb = item.cover.get_rendition("max-120x170")
        _link(
            entry,
            "http://opds-spec.org/image",
            request.build_absolute_uri(rendition.url),
            "image/jpeg",
        )
        _link(
            entry,
            "http://opds-spec.org/image/thumbnail",
            request.build_absolute_uri(thumb.url),
            "image/jpeg",
        )
    for document in (item.pdf, item.epub):
        if document is None or not document.has_file:
            continue
        if not access.can_view(request.user, document):
            continue
        kind = FILE_TYPES.get(document.file_extension.lower())
        if kind:
            _link(
                entry,
                "http://opds-spec.org/acquisition",
                request.build_absolute_uri(document.url),
                kind,
            )
    return entry


def _acquisition(request, feed_id, title, self_url, items):
    items = list(items[:FEED_LIMIT])
    updated = max((i.last_published_at for i in items if i.last_published_at), default=None)
    feed = _feed(request, feed_id, title, self_url, ACQUISITION, updated)
    for item in items:
        _item_entry(feed, request, item)
    return _respond(feed, ACQUISITION)


def root(request):
    collections = LibraryCollectionPage.objects.live().public().order_by("path")
    feed = _feed(request, "root", _("Thư viện điện tử HĐND tỉnh"), reverse("opds:root"), NAVIGATION)
    entries = [("new", _("Sách mới"), reverse("opds:new"), _("Ấn phẩm mới được đưa lên thư viện."))]
    entries += [
        (
            f"collection:{c.pk}",
            c.title,
            reverse("opds:collection", args=[c.pk]),
            str(c.get_kind_display()),
        )
        for c in collections
    ]
    for entry_id, title, url, summary in entries:
        entry = _el(feed, "entry")
        _el(entry, "id", f"urn:council:opds:{entry_id}")
        _el(entry, "title", title)
        _el(entry, "updated", _stamp(None))
        _el(entry, "content", summary, type="text")
        rel = "http://opds-spec.org/sort/new" if entry_id == "new" else "subsection"
        _link(entry, rel, request.build_absolute_uri(url), ACQUISITION)
    return _respond(feed, NAVIGATION)


def new_arrivals(request):
    return _acquisition(
        request, "new", _("Sách mới"), reverse("opds:new"), visible_items(request.user)
    )


def collection(request, collection_id: int):
    page = get_object_or_404(LibraryCollectionPage.objects.live().public(), pk=collection_id)
    items = visible_items(request.user, LibraryItemPage.objects.descendant_of(page))
    return _acquisition(
        request,
        f"collection:{page.pk}",
        page.title,
        reverse("opds:collection", args=[page.pk]),
        items,
    )


def search(request):
    query = fold(request.GET.get("q", ""))[:200]
    if not query:
        raise Http404
    items = filter_items(visible_items(request.user), {"q": query})
    self_url = f"{reverse('opds:search')}?q={query}"
    title = _("Kết quả tìm: %(query)s") % {"query": query}
    return _acquisition(request, f"search:{query}", title, self_url, items)


def opensearch(request):
    ns = "http://a9.com/-/spec/opensearch/1.1/"
    root_el = etree.Element(f"{{{ns}}}OpenSearchDescription", nsmap={None: ns})
    etree.SubElement(root_el, f"{{{ns}}}ShortName").text = _("Thư viện HĐND")
    etree.SubElement(root_el, f"{{{ns}}}Description").text = _("Tìm sách trong thư viện điện tử")
    etree.SubElement(root_el, f"{{{ns}}}InputEncoding").text = "UTF-8"
    template = request.build_absolute_uri(reverse("opds:search")) + "?q={searchTerms}"
    etree.SubElement(root_el, f"{{{ns}}}Url", type=ACQUISITION, template=template)
    body = etree.tostring(root_el, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return HttpResponse(body, content_type="application/opensearchdescription+xml;charset=utf-8")
