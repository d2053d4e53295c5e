"""What the archive search indexes: one `Source` per model, each turning an object into the
fields of its `SearchEntry`. New models plug in with `register(Source(...))` or by being
listed in OPTIONAL_SOURCES (indexed through their Wagtail `search_fields`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from library.access import Level

from .normalize import exact_terms, terms
from .numbers import parse_stored

ACCESS_FIELDS = ("access_level", "release_at", "public_at", "term_id")

KIND_WEIGHT = {
    "nq_qppl": 1.0, "nq": 0.9, "bctt": 0.6, "tt": 0.6, "bc": 0.5, "dtnq": 0.5,
    "bb": 0.5, "tb": 0.5, "qd": 0.5, "kh": 0.4, "cv": 0.3, "khac": 0.2,
}  # fmt: skip

# Functions (document) -> (key, label) | None, registered by the proceedings app.
session_resolvers: list[Callable] = []


def recency(date: datetime.date | None) -> float:
    if not date:
        return 0.0
    return min(max((date.year - 1995) / 35, 0.0), 1.0)


def _url(obj, getter: str) -> str:
    """The object's URL, or "" while the app that serves it is not wired up."""
    from django.urls import NoReverseMatch

    method = getattr(obj, getter, None)
    if method is None:
        return ""
    try:
        return method() or ""
    except (NoReverseMatch, AttributeError, ValueError):
        return ""


def _reverse(name: str, **kwargs) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def _plain(html_text: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html_text or "")


class Source:
    """Turns objects of one model into search entries."""

    name = ""
    label = ""
    model_label = ""

    def __init__(self, name: str = "", label: str = "", model_label: str = ""):
        self.name = name or self.name
        self.label = label or self.label
        self.model_label = model_label or self.model_label

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def get_queryset(self):
        return self.model._default_manager.all()

    def build(self, obj) -> dict | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def readers(self, obj) -> list[int]:
        return []

    def access_of(self, obj) -> dict:
        holder = obj
        if hasattr(obj, "search_access_holder"):
            holder = obj.search_access_holder()
        if holder is None or not hasattr(holder, "access_level"):
            return {"access_level": Level.PUBLIC, "release_at": None, "public_at": None,
                    "term_id": None}  # fmt: skip
        return {name: getattr(holder, name) for name in ACCESS_FIELDS}


class DocumentSource(Source):
    name = "document"
    label = _("Tài liệu")
    model_label = "library.ArchiveDocument"

    def build(self, doc) -> dict:
        kind_label = str(doc.get_kind_display())
        parsed = parse_stored(doc.number)
        session = None
        for resolver in session_resolvers:
            session = resolver(doc)
            if session:
                break
        description = " · ".join(filter(None, [kind_label, doc.issuing_body, doc.signer]))
        url = doc.url if doc.has_file else ""
        return {
            **self.access_of(doc),
            "kind": doc.kind,
            "title": doc.title[:1000],
            "number": doc.number,
            "description": description,
            "url": _url(doc, "get_absolute_url") or url,
            "file_url": url,
            "date": doc.issued_on,
            "year": doc.issued_on.year if doc.issued_on else None,
            "issuing_body": doc.issuing_body[:200],
            "session_key": session[0] if session else "",
            "session_label": session[1] if session else "",
            "doc_number": parsed.number if parsed else None,
            "doc_year": parsed.year if parsed else None,
            "doc_symbol": parsed.symbol_key if parsed else "",
            "static_score": 0.5 * KIND_WEIGHT.get(doc.kind, 0.2) + 0.5 * recency(doc.issued_on),
            "title_terms": terms(f"{doc.title} {doc.number} {kind_label} {doc.issuing_body} "
                                 f"{doc.signer}"),
            "title_exact": exact_terms(f"{doc.title} {doc.number}"),
        }  # fmt: skip

    def readers(self, doc) -> list[int]:
        if doc.access_level != Level.RESTRICTED:
            return []
        return list(doc.readers.values_list("pk", flat=True))


class PersonSource(Source):
    """Delegates: public profile fields only (never the private record)."""

    name = "delegate"
    label = pgettext_lazy("search source", "Đại biểu")
    model_label = "delegates.Person"

    def build(self, person) -> dict | None:
        from delegates.models import Body

        # The same rule as the public profile page: people who sat on the council.
        if not person.memberships.filter(body__kind=Body.Kind.COUNCIL).exists():
            return None
        public = [person.occupation, person.workplace]
        url = _url(person, "get_absolute_url") or _reverse("delegates:profile", slug=person.slug)
        return {
            **self.access_of(None),
            "kind": "delegate",
            "title": person.full_name,
            "description": " · ".join(filter(None, public)),
            "url": url,
            "static_score": 0.6,
            "title_terms": terms(f"{person.full_name} {' '.join(public)}"),
            "title_exact": exact_terms(person.full_name),
        }


class IndexedModelSource(Source):
    """Any Wagtail-indexed model: title from `title`/`__str__`, text from its SearchFields.

    A model can refine its entry with `search_entry_fields()` (a dict of SearchEntry fields)
    and name the object holding its access fields with `search_access_holder()`. Pages are
    indexed only while live.
    """

    def build(self, obj) -> dict | None:
        if getattr(obj, "live", True) is False:
            return None
        private = set(getattr(obj, "PRIVATE_FIELDS", ()))
        texts = []
        for field in getattr(obj, "search_fields", []):
            name = getattr(field, "field_name", "")
            if type(field).__name__ != "SearchField" or name in private:
                continue
            value = getattr(obj, name, "")
            if callable(value):
                value = value()
            if value:
                texts.append(str(value))
        title = str(getattr(obj, "title", "") or obj)
        date = None
        for name in ("date", "start_date", "issued_on", "first_published_at"):
            value = getattr(obj, name, None)
            if value:
                date = value.date() if isinstance(value, datetime.datetime) else value
                break
        url = _url(obj, "get_url") or _url(obj, "get_absolute_url")
        fields = {
            **self.access_of(obj),
            "kind": self.name,
            "title": title[:1000],
            "description": "",
            "url": url,
            "date": date,
            "year": date.year if date else None,
            "static_score": 0.4 + 0.4 * recency(date),
            "title_terms": terms(title),
            "title_exact": exact_terms(title),
            "body_terms": terms(" ".join(texts)),
        }
        if hasattr(obj, "get_view_restrictions") and page_restricted(obj):
            fields.update(secretariat_only(getattr(obj, "term_id", None)))
        if hasattr(obj, "search_entry_fields"):
            fields.update(obj.search_entry_fields())
        return fields


def page_restricted(page) -> bool:
    """A Wagtail view restriction (login, groups, password) on the page or an ancestor."""
    try:
        return page.get_view_restrictions().exists()
    except Exception:  # an unsaved page has no path yet
        return False


def secretariat_only(term_id=None) -> dict:
    """Access fields that only the secretariat passes: restricted, with no named reader."""
    return {"access_level": Level.RESTRICTED, "release_at": None, "public_at": None,
            "term_id": term_id}  # fmt: skip


class SessionSource(Source):
    """Sessions (kỳ họp): live pages only, public like the page itself."""

    name = "session"
    label = _("Kỳ họp")
    model_label = "council_sessions.SessionPage"

    def build(self, page) -> dict | None:
        if not page.live:
            return None
        heading = page.heading
        agenda = " ".join(f"{i.code} {i.title} {i.presenter}" for i in page.agenda_items.all())
        access = secretariat_only() if page_restricted(page) else self.access_of(None)
        return {
            **access,
            "term_id": page.term_id,  # public either way; the term is the facet
            "kind": "session",
            "title": page.title if page.title != heading else heading,
            "description": " · ".join(filter(None, [heading, page.date_range, page.venue])),
            "url": page.get_url() or "",
            "date": page.start_date,
            "year": page.start_date.year,
            "session_key": str(page.pk),
            "session_label": heading,
            "static_score": 0.7 + 0.3 * recency(page.start_date),
            "title_terms": terms(f"{page.title} {heading} {page.venue}"),
            "title_exact": exact_terms(f"{page.title} {heading}"),
            "body_terms": terms(f"{_plain(page.summary)} {agenda}"),
        }


def _session_fields(session) -> dict:
    if session is None or not session.live:
        return {}
    return {
        "session_key": str(session.pk),
        "session_label": session.heading,
        "date": session.start_date,
        "year": session.start_date.year,
    }


class AgendaItemSource(Source):
    """Agenda items: shown on their session's page, so visible while it is live."""

    name = "agenda_item"
    label = _("Nội dung chương trình")
    model_label = "council_sessions.AgendaItem"

    def get_queryset(self):
        return super().get_queryset().select_related("session")

    def build(self, item) -> dict | None:
        session = item.session
        if session is None or not session.live:
            return None
        title = f"{item.code}. {item.title}"
        return {
            **(secretariat_only() if page_restricted(session) else self.access_of(None)),
            "term_id": session.term_id,
            "kind": "agenda_item",
            "title": title[:1000],
            "description": " · ".join(filter(None, [item.presenter, session.heading])),
            "url": session.get_url() or "",
            **_session_fields(session),
            "date": item.scheduled_on or session.start_date,
            "year": (item.scheduled_on or session.start_date).year,
            "static_score": 0.5 + 0.3 * recency(session.start_date),
            "title_terms": terms(f"{item.title} {item.presenter}"),
            "title_exact": exact_terms(item.title),
            "body_terms": terms(item.note),
        }


class InterpellationSource(Source):
    name = "interpellation"
    label = _("Chất vấn")
    model_label = "council_sessions.Interpellation"

    def get_queryset(self):
        return super().get_queryset().select_related("session", "asker")

    def build(self, item) -> dict | None:
        session = item.session
        if session is None or not session.live:
            return None
        title = f"Chất vấn của đại biểu {item.asker.full_name} – trả lời: {item.respondent}"
        url = session.get_url() or ""
        access = (
            secretariat_only(item.term_id) if page_restricted(session) else self.access_of(item)
        )
        return {
            **access,
            "kind": "interpellation",
            "title": title[:1000],
            "description": " · ".join(filter(None, [item.respondent_title, session.heading])),
            "url": f"{url}#chat-van" if url else "",
            **_session_fields(session),
            "static_score": 0.5 + 0.3 * recency(session.start_date),
            "title_terms": terms(f"{title} {item.respondent_title}"),
            "title_exact": exact_terms(title),
            "body_terms": terms(f"{item.question} {item.answer_summary}"),
        }


class PetitionSource(Source):
    name = "petition"
    label = _("Kiến nghị cử tri")
    model_label = "council_sessions.Petition"

    def build(self, item) -> dict | None:
        session = item.session
        title = f"Kiến nghị cử tri: {item.topic}"
        fields = {
            **self.access_of(item),
            "kind": "petition",
            "title": title[:1000],
            "description": " · ".join(filter(None, [item.meeting, item.responsible_agency])),
            "url": (session.get_url() or "") if session is not None and session.live else "",
            "date": item.meeting_date,
            "year": item.meeting_date.year if item.meeting_date else None,
            "static_score": 0.4 + 0.3 * recency(item.meeting_date),
            "title_terms": terms(f"{title} {item.meeting} {item.responsible_agency}"),
            "title_exact": exact_terms(title),
            "body_terms": terms(f"{item.content} {item.answer}"),
        }
        fields.update(_session_fields(session))
        if session is not None and page_restricted(session):
            fields.update(secretariat_only(item.term_id))
        if item.meeting_date:
            fields["date"], fields["year"] = item.meeting_date, item.meeting_date.year
        return fields


def document_session(document):
    """The session a document belongs to (agenda item first, then session-wide documents)."""
    for relation, path in (("agenda_links", "item__session"), ("session_links", "session")):
        manager = getattr(document, relation, None)
        if manager is None:
            continue
        link = manager.select_related(path).order_by("pk").first()
        if link is None:
            continue
        session = link.item.session if relation == "agenda_links" else link.session
        if session is not None and session.live:
            return str(session.pk), session.heading
    return None


_registry: dict[str, Source] = {}

# Models of other apps indexed when they exist: (model label, source name, label).
OPTIONAL_SOURCES = [
    ("library.LibraryItemPage", "library_item", _("Thư viện điện tử")),
    ("library.BookPage", "library_item", _("Thư viện điện tử")),
    ("library.Publication", "library_item", _("Thư viện điện tử")),
]


def register(source: Source) -> None:
    _registry[source.model_label.lower()] = source


def registered() -> list[Source]:
    return list(_registry.values())


def source_for_model(model) -> Source | None:
    return _registry.get(model._meta.label_lower)


def source_labels() -> dict[str, str]:
    labels = {}
    for source in _registry.values():
        labels.setdefault(source.name, str(source.label))
    return labels


SESSION_SOURCES = (SessionSource, AgendaItemSource, InterpellationSource, PetitionSource)


def autodiscover() -> None:
    register(DocumentSource())
    register(PersonSource())
    for source_class in SESSION_SOURCES:
        try:
            apps.get_model(source_class.model_label)
        except LookupError:
            continue
        register(source_class())
    if "council_sessions" in apps.app_configs and document_session not in session_resolvers:
        session_resolvers.append(document_session)
    for label, name, verbose in OPTIONAL_SOURCES:
        try:
            apps.get_model(label)
        except LookupError:
            continue
        register(IndexedModelSource(name, verbose, label))
