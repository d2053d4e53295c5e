"""Open-data API for the proceedings: sessions, agenda items, votes, interpellations and
voters' petitions. The same visibility as the site for the same user; lists are paginated."""

import datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from library import access
from library.api import DocumentOut
from library.models import ArchiveDocument

from . import services
from .models import Ballot, Interpellation, Petition, SessionPage, Vote

router = Router(tags=["Kỳ họp"])


class SessionOut(Schema):
    id: int
    term: int
    number: int
    title: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date
    venue: str
    status: str
    url: str

    @staticmethod
    def resolve_term(obj) -> int:
        return obj["term"] if isinstance(obj, dict) else obj.term.number

    @staticmethod
    def resolve_url(obj) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.url


class AgendaItemOut(Schema):
    code: str
    depth: int
    parent_code: str | None
    title: str
    presenter: str
    documents: list[DocumentOut]
    hidden_documents: int


class BallotOut(Schema):
    id: int
    session_id: int
    subject: str
    agenda_code: str | None
    held_at: datetime.datetime
    result: str
    draft: str | None
    resolution: str | None
    totals: dict[str, int]


class VoteOut(Schema):
    person: str
    full_name: str
    choice: str


class BallotDetailOut(BallotOut):
    votes: list[VoteOut]


class InterpellationOut(Schema):
    id: int
    session_id: int
    asker: str
    asker_name: str
    respondent: str
    respondent_title: str
    question: str
    answer_summary: str
    documents: list[str]


class PetitionOut(Schema):
    id: int
    session_id: int | None
    meeting: str
    meeting_date: datetime.date | None
    topic: str
    content: str
    responsible_agency: str
    answer: str
    status: str


class SessionDetailOut(SessionOut):
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    hidden_documents: int
    ballots: list[BallotOut]


def _sessions():
    return SessionPage.objects.live().public().select_related("term")


def _session_or_404(session_id: int) -> SessionPage:
    page = _sessions().filter(pk=session_id).first()
    if page is None:
        raise HttpError(404, _("Không có kỳ họp này (hoặc kỳ họp chưa được công bố)."))
    return page


def _ballot_out(ballot, visible_ids: set[int] | None = None) -> dict:
    def slug_of(document_id, document):
        if document_id is None or document is None:
            return None
        if visible_ids is not None and document_id not in visible_ids:
            return None
        return document.slug

    return {
        "id": ballot.pk,
        "session_id": ballot.session_id,
        "subject": ballot.subject,
        "agenda_code": ballot.agenda_item.code if ballot.agenda_item_id else None,
        "held_at": ballot.held_at,
        "result": ballot.result,
        "draft": slug_of(ballot.draft_id, ballot.draft),
        "resolution": slug_of(ballot.resolution_id, ballot.resolution),
        "totals": {
            "for": ballot.count_for,
            "against": ballot.count_against,
            "abstain": ballot.count_abstain,
            "absent": ballot.count_absent,
        },
    }


@router.get("/ky-hop", response=list[SessionOut], summary="Các kỳ họp")
@paginate(PageNumberPagination, page_size=50)
def list_sessions(request, term: int | None = None):
    sessions = _sessions().order_by("-start_date")
    if term:
        sessions = sessions.filter(term__number=term)
    return sessions


@router.get(
    "/ky-hop/{session_id}",
    response=SessionDetailOut,
    summary="Một kỳ họp: chương trình, tài liệu được xem, biểu quyết",
)
def get_session(request, session_id: int):
    page = _session_or_404(session_id)
    view = services.session_view(page, request.user)

    def docs(entries):
        return [e.document for e in entries if e.visible]

    return {
        **SessionOut.from_orm(page).dict(),
        "agenda": [
            {
                "code": node.item.code,
                "depth": node.depth,
                "parent_code": node.item.parent_code,
                "title": node.item.title,
                "presenter": node.item.presenter,
                "documents": docs(node.entries),
                "hidden_documents": node.hidden_count,
            }
            for node in view.flat_items
        ],
        "documents": docs(view.general),
        "hidden_documents": view.hidden_count,
        # session_view already masked the links to documents the caller may not open.
        "ballots": [_ballot_out(b) for b in view.ballots],
    }


@router.get(
    "/ky-hop/{session_id}/chat-van",
    response=list[InterpellationOut],
    summary="Chất vấn tại một kỳ họp",
)
@paginate(PageNumberPagination, page_size=50)
def list_interpellations(request, session_id: int):
    page = _session_or_404(session_id)
    who = access.viewer(request.user)
    rows = access.visible_to(Interpellation.objects.filter(session=page), who).select_related(
        "asker"
    )
    visible_docs = access.visible_to(ArchiveDocument.objects.all(), who)
    allowed = {
        (link.interpellation_id, link.archivedocument.slug)
        for link in Interpellation.documents.through.objects.filter(
            interpellation__session=page, archivedocument__in=visible_docs
        ).select_related("archivedocument")
    }
    return [
        {
            "id": q.pk,
            "session_id": q.session_id,
            "asker": q.asker.slug,
            "asker_name": q.asker.full_name,
            "respondent": q.respondent,
            "respondent_title": q.respondent_title,
            "question": q.question,
            "answer_summary": q.answer_summary,
            "documents": sorted(slug for pk, slug in allowed if pk == q.pk),
        }
        for q in rows.order_by("sort_order", "pk")
    ]


@router.get(
    "/ky-hop/{session_id}/kien-nghi",
    response=list[PetitionOut],
    summary="Kiến nghị cử tri tổng hợp cho một kỳ họp",
)
@paginate(PageNumberPagination, page_size=50)
def list_petitions(request, session_id: int):
    page = _session_or_404(session_id)
    return access.visible_to(Petition.objects.filter(session=page), request.user).order_by(
        "topic", "pk"
    )


@router.get(
    "/bieu-quyet/{ballot_id}",
    response=BallotDetailOut,
    summary="Một lần biểu quyết: tổng số và phiếu của từng đại biểu",
)
def get_ballot(request, ballot_id: int):
    who = access.viewer(request.user)
    ballot = (
        access.visible_to(Ballot.objects.filter(pk=ballot_id), who)
        .filter(session__in=_sessions())
        .select_related("draft", "resolution", "agenda_item")
        .annotate(**services._vote_counts())
        .first()
    )
    if ballot is None:
        raise HttpError(404, _("Không có lần biểu quyết này, hoặc bạn không được xem."))
    ids = {i for i in (ballot.draft_id, ballot.resolution_id) if i}
    data = _ballot_out(ballot, services._visible_ids(ids, who))
    data["votes"] = [
        {"person": v.person.slug, "full_name": v.person.full_name, "choice": v.choice}
        for v in Vote.objects.filter(ballot=ballot).select_related("person")
    ]
    return data
