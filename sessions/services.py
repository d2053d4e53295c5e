"""Read models and actions of the proceedings: what a user sees of a session, the delegate
portal, votes and their CSV import. Every list is narrowed by the access core.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from library import access
from library.models import ArchiveDocument

from .models import (
    AgendaItem,
    AgendaItemDocument,
    Ballot,
    Interpellation,
    Petition,
    PortalVisit,
    SessionDocument,
    SessionPage,
    Vote,
    VoteChoice,
)

HIDDEN_LABEL = "Tài liệu chưa công khai"


@dataclass
class DocEntry:
    """One slot in the agenda: the document if the viewer may see it, else a placeholder."""

    document: ArchiveDocument | None
    position: int = 0
    public: bool = False
    is_new: bool = False
    is_changed: bool = False
    latest_version_at: datetime.datetime | None = None

    @property
    def visible(self) -> bool:
        return self.document is not None


@dataclass
class ItemNode:
    item: AgendaItem
    entries: list[DocEntry] = field(default_factory=list)
    children: list[ItemNode] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.item.depth

    @property
    def hidden_count(self) -> int:
        return sum(1 for entry in self.entries if not entry.visible)


@dataclass
class SessionView:
    session: SessionPage
    agenda: list[ItemNode]
    flat_items: list[ItemNode]
    general: list[DocEntry]
    ballots: list[Ballot]
    interpellations: list[Interpellation]
    petitions: list[Petition]
    visible_documents: list[ArchiveDocument]
    hidden_count: int


def _visible_ids(document_ids, who) -> set[int]:
    ids = set(document_ids)
    if not ids:
        return set()
    if who.secretariat:
        return ids
    queryset = access.visible_to(ArchiveDocument.objects.filter(pk__in=ids), who)
    return set(queryset.values_list("pk", flat=True))


def session_view(session: SessionPage, user, now: datetime.datetime | None = None) -> SessionView:
    """Everything the session page shows, in a constant number of queries."""
    who = access.viewer(user, now)
    items = list(AgendaItem.objects.filter(session=session).order_by("sort_order", "pk"))
    links = list(
        AgendaItemDocument.objects.filter(item__session=session)
        .select_related("document")
        .order_by("item__sort_order", "sort_order", "pk")
    )
    general_links = list(
        SessionDocument.objects.filter(session=session)
        .select_related("document")
        .order_by("sort_order", "pk")
    )
    all_docs = [link.document for link in links + general_links]
    visible = _visible_ids((d.pk for d in all_docs), who)

    nodes = {item.pk: ItemNode(item) for item in items}
    by_code = {item.code.strip("."): nodes[item.pk] for item in items}
    agenda: list[ItemNode] = []
    for item in items:
        parent = by_code.get(item.parent_code or "")
        (parent.children if parent and parent is not nodes[item.pk] else agenda).append(
            nodes[item.pk]
        )
    seen: set[int] = set()
    ordered_visible: list[ArchiveDocument] = []
    position = 0

    def entry_for(document) -> DocEntry:
        nonlocal position
        if document.pk not in visible:
            return DocEntry(None)
        position += 1
        if document.pk not in seen:
            seen.add(document.pk)
            ordered_visible.append(document)
        return DocEntry(document, position, public=access.is_public(document, who.at))

    for link in links:
        nodes[link.item_id].entries.append(entry_for(link.document))
    general = [entry_for(link.document) for link in general_links]

    ballots = list(
        access.visible_to(Ballot.objects.filter(session=session), who)
        .select_related("resolution", "draft", "agenda_item")
        .annotate(**_vote_counts())
        .order_by("held_at", "pk")
    )
    _mask_ballot_documents(ballots, who)
    visible_docs_qs = access.visible_to(ArchiveDocument.objects.all(), who)
    interpellations = list(
        access.visible_to(Interpellation.objects.filter(session=session), who)
        .select_related("asker")
        .prefetch_related(
            Prefetch("documents", queryset=visible_docs_qs, to_attr="visible_documents")
        )
        .order_by("sort_order", "pk")
    )
    petitions = list(
        access.visible_to(Petition.objects.filter(session=session), who).order_by(
            "topic", "meeting_date", "pk"
        )
    )
    hidden = sum(1 for node in nodes.values() for e in node.entries if not e.visible)
    hidden += sum(1 for e in general if not e.visible)
    return SessionView(
        session=session,
        agenda=agenda,
        flat_items=[nodes[item.pk] for item in items],
        general=general,
        ballots=ballots,
        interpellations=interpellations,
        petitions=petitions,
        visible_documents=ordered_visible,
        hidden_count=hidden,
    )


def _vote_counts() -> dict:
    return {
        f"count_{choice}": Count("votes", filter=Q(votes__choice=choice))
        for choice in VoteChoice.values
    }


def _mask_ballot_documents(ballots, who) -> None:
    """A public ballot may point at a draft the viewer may not open: drop the link only."""
    ids = {b.draft_id for b in ballots if b.draft_id} | {
        b.resolution_id for b in ballots if b.resolution_id
    }
    visible = _visible_ids(ids, who)
    for ballot in ballots:
        if ballot.draft_id and ballot.draft_id not in visible:
            ballot.draft = None
        if ballot.resolution_id and ballot.resolution_id not in visible:
            ballot.resolution = None


def document_context(document: ArchiveDocument, user) -> dict:
    """What the document page shows around a document: its sessions, votes, interpellations."""
    who = access.viewer(user)
    session_ids = set(
        AgendaItemDocument.objects.filter(document=document).values_list(
            "item__session_id", flat=True
        )
    ) | set(SessionDocument.objects.filter(document=document).values_list("session_id", flat=True))
    sessions = list(
        SessionPage.objects.filter(pk__in=session_ids).live().public().select_related("term")
    )
    ballots = list(
        access.visible_to(Ballot.objects.filter(Q(resolution=document) | Q(draft=document)), who)
        .select_related("session", "session__term")
        .annotate(**_vote_counts())
        .prefetch_related(
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("person").order_by("person__folded_name"),
            )
        )
    )
    interpellations = list(
        access.visible_to(Interpellation.objects.filter(documents=document), who).select_related(
            "asker", "session"
        )
    )
    return {"sessions": sessions, "ballots": ballots, "interpellations": interpellations}


# --- the delegate portal ------------------------------------------------------------------------


@dataclass
class PortalSession:
    view: SessionView
    last_seen_at: datetime.datetime | None
    new_count: int
    changed_count: int


def portal_sessions(user, today: datetime.date | None = None) -> list[SessionPage]:
    """Upcoming and current sessions of the terms the user sits in (all terms for the office)."""
    who = access.viewer(user)
    today = today or timezone.localdate()
    sessions = SessionPage.objects.live().filter(end_date__gte=today).select_related("term")
    if not who.secretariat:
        sessions = sessions.filter(term_id__in=who.delegate_term_ids)
    return list(sessions.order_by("start_date", "number"))


def portal_view(user, session: SessionPage, *, mark_seen: bool = True) -> PortalSession:
    """The session as the delegate sees it, with what is new or changed since the last visit."""
    from library.services import latest_version_times

    view = session_view(session, user)
    visit = PortalVisit.objects.filter(user=user, session=session).first()
    last_seen = visit.last_seen_at if visit else None
    latest = latest_version_times(d.pk for d in view.visible_documents)
    new_count = changed_count = 0
    entries = [e for node in view.flat_items for e in node.entries] + view.general
    for entry in entries:
        if not entry.visible:
            continue
        doc = entry.document
        entry.latest_version_at = latest.get(doc.pk)
        if last_seen is None:
            continue
        # A document "arrives" for the delegate when it is created or released to them.
        arrived = max(filter(None, [doc.created_at, doc.release_at]))
        if arrived > last_seen:
            entry.is_new = True
        elif entry.latest_version_at and entry.latest_version_at > last_seen:
            entry.is_changed = True
    new_count = len({e.document.pk for e in entries if e.visible and e.is_new})
    changed_count = len({e.document.pk for e in entries if e.visible and e.is_changed})
    if mark_seen and user.is_authenticated:
        PortalVisit.objects.update_or_create(
            user=user, session=session, defaults={"last_seen_at": timezone.now()}
        )
    return PortalSession(view, last_seen, new_count, changed_count)


def read_receipts(session: SessionPage) -> dict:
    """For the secretariat: which delegates of the session's term opened which materials."""
    from delegates.models import Body, Person
    from library.models import ReadReceipt

    view = session_view(session, access.Viewer(None, True, frozenset(), timezone.now()))
    documents = view.visible_documents
    today = timezone.localdate()
    delegates = list(
        Person.objects.filter(
            memberships__body__term=session.term,
            memberships__body__kind=Body.Kind.COUNCIL,
        )
        .filter(
            Q(memberships__end_date__isnull=True)
            | Q(memberships__end_date__gte=min(today, session.start_date))
        )
        .distinct()
        .order_by("folded_name")
    )
    user_ids = [p.user_id for p in delegates if p.user_id]
    receipts = {
        (r.user_id, r.document_id): r
        for r in ReadReceipt.objects.filter(user_id__in=user_ids, document__in=documents)
    }
    rows = []
    for person in delegates:
        opened = [receipts.get((person.user_id, d.pk)) for d in documents]
        rows.append(
            {
                "person": person,
                "has_account": bool(person.user_id),
                "cells": opened,
                "opened": sum(1 for r in opened if r),
            }
        )
    return {"documents": documents, "rows": rows}


# --- votes --------------------------------------------------------------------------------------

# Folded spellings accepted in forms and CSV files.
CHOICE_ALIASES = {
    "for": VoteChoice.FOR,
    "tan thanh": VoteChoice.FOR,
    "against": VoteChoice.AGAINST,
    "khong tan thanh": VoteChoice.AGAINST,
    "abstain": VoteChoice.ABSTAIN,
    "khong bieu quyet": VoteChoice.ABSTAIN,
    "absent": VoteChoice.ABSENT,
    "vang mat": VoteChoice.ABSENT,
}


def term_members(term, on: datetime.date | None = None):
    """People who sat on the council of `term` (on a date, when given)."""
    from delegates.models import Body, Person

    people = Person.objects.filter(
        memberships__body__term=term, memberships__body__kind=Body.Kind.COUNCIL
    )
    if on is not None:
        people = people.filter(memberships__start_date__lte=on).filter(
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=on)
        )
    return people.distinct()


def set_votes(ballot: Ballot, votes: dict, *, complete_absent: bool = False) -> dict[str, int]:
    """Record each person's vote (person → choice), all or nothing; a person who did not sit on
    the council of the session's term is an error. Returns the totals."""
    from core.text import fold

    session = ballot.session
    members = {p.pk: p for p in term_members(session.term, session.start_date)}
    errors = []
    clean: dict[int, str] = {}
    for person, choice in votes.items():
        pk = getattr(person, "pk", person)
        name = getattr(person, "full_name", str(person))
        if pk not in members:
            errors.append(
                _(
                    "%(name)s không phải đại biểu HĐND khóa %(term)s tại kỳ họp này; "
                    "không thể ghi phiếu."
                )
                % {"name": name, "term": session.term.roman}
            )
            continue
        value = CHOICE_ALIASES.get(fold(str(choice)))
        if value is None:
            errors.append(
                _(
                    "Lựa chọn “%(choice)s” của %(name)s không hợp lệ: dùng tán thành, "
                    "không tán thành, không biểu quyết hoặc vắng mặt."
                )
                % {"choice": choice, "name": name}
            )
            continue
        clean[pk] = value
    if errors:
        raise ValidationError(errors)
    if complete_absent:
        for pk in members:
            clean.setdefault(pk, VoteChoice.ABSENT)
    with transaction.atomic():
        for pk, value in clean.items():
            Vote.objects.update_or_create(ballot=ballot, person_id=pk, defaults={"choice": value})
    return ballot.totals()


VOTE_CSV_HEADER = ["ma_dai_bieu", "ho_ten", "lua_chon"]


def import_votes_csv(ballot: Ballot, data: bytes | str) -> dict[str, int]:
    """Import a ballot's votes from CSV (ma_dai_bieu, ho_ten, lua_chon), all or nothing.

    Every row is checked first; one bad row and nothing is saved, with every error listed by line.
    """
    from core.text import fold

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("Tệp CSV không ở mã UTF-8. Hãy lưu lại tệp với mã hóa UTF-8 rồi nhập lại.")
            ) from exc
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "ma_dai_bieu" not in header or "lua_chon" not in header:
        raise ValidationError(
            _("Tệp CSV phải có dòng tiêu đề gồm các cột: ma_dai_bieu, ho_ten, lua_chon.")
        )
    session = ballot.session
    members = {p.key: p for p in term_members(session.term, session.start_date)}
    errors: list[str] = []
    votes: dict[int, str] = {}
    seen: set[str] = set()
    rows = list(reader)
    if not rows:
        raise ValidationError(_("Tệp CSV không có dòng dữ liệu nào."))
    for line, row in enumerate(rows, start=2):
        key = (row.get("ma_dai_bieu") or "").strip()
        choice = (row.get("lua_chon") or "").strip()
        name = (row.get("ho_ten") or "").strip() or key
        if not key:
            errors.append(_("Dòng %(line)s: thiếu mã đại biểu.") % {"line": line})
            continue
        if key in seen:
            errors.append(
                _("Dòng %(line)s: đại biểu %(key)s xuất hiện hai lần.") % {"line": line, "key": key}
            )
            continue
        seen.add(key)
        person = members.get(key)
        if person is None:
            errors.append(
                _(
                    "Dòng %(line)s: %(name)s (mã %(key)s) không phải đại biểu HĐND khóa %(term)s "
                    "tại kỳ họp này."
                )
                % {"line": line, "name": name, "key": key, "term": session.term.roman}
            )
            continue
        value = CHOICE_ALIASES.get(fold(choice))
        if value is None:
            errors.append(
                _(
                    "Dòng %(line)s: lựa chọn “%(choice)s” không hợp lệ (tán thành, không tán "
                    "thành, không biểu quyết, vắng mặt)."
                )
                % {"line": line, "choice": choice}
            )
            continue
        votes[person.pk] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Vote.objects.filter(ballot=ballot).delete()
        Vote.objects.bulk_create(
            [Vote(ballot=ballot, person_id=pk, choice=value) for pk, value in votes.items()]
        )
    return ballot.totals()


def person_votes(person, user) -> list[Vote]:
    """A delegate's votes for their profile: only ballots the viewer may see, newest first."""
    ballots = access.visible_to(Ballot.objects.all(), user)
    return list(
        Vote.objects.filter(person=person, ballot__in=ballots)
        .select_related("ballot", "ballot__session", "ballot__resolution")
        .order_by("-ballot__held_at")
    )
