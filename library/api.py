"""Open-data API for archive documents: the same visibility as the site for the same user,
paginated, and a JSON-lines bulk export of the public archive."""

import datetime
import json

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from . import access, numbers
from .catalogue import council_documents
from .models import ArchiveDocument, DocumentKind

router = Router(tags=["Văn bản"])


class VersionOut(Schema):
    number: int
    created_at: datetime.datetime
    sha256: str
    page_count: int | None
    change_note: str
    download_url: str


class DocumentOut(Schema):
    slug: str
    number: str
    kind: str
    kind_label: str
    title: str
    issuing_body: str
    signer: str
    issued_on: datetime.date | None
    effective_on: datetime.date | None
    access_level: str
    page_count: int | None
    sha256: str
    has_file: bool
    url: str
    download_url: str | None

    # Resolvers accept the model or an already-shaped dict (the detail view adds versions).
    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj["kind_label"] if isinstance(obj, dict) else str(obj.get_kind_display())

    @staticmethod
    def resolve_url(obj) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        if isinstance(obj, dict):
            return obj["download_url"]
        return reverse("library:download", args=[obj.slug]) if obj.has_file else None


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]


class DocumentFilter(Schema):
    kind: DocumentKind | None = None
    year: int | None = None
    number: str | None = None
    q: str | None = None


def document_out(document: ArchiveDocument) -> dict:
    """The public shape of a document the caller may see (never call it for one they may not)."""
    return DocumentOut.from_orm(document).dict()


@router.get(
    "/van-ban",
    response=list[DocumentOut],
    summary="Danh sách văn bản mà người gọi được xem",
)
@paginate(PageNumberPagination, page_size=50)
def list_documents(request, filters: Query[DocumentFilter]):
    documents = access.visible_to(council_documents(ArchiveDocument.objects.all()), request.user)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.year:
        documents = documents.filter(number_year=filters.year)
    if filters.number:
        key = numbers.lookup_key(filters.number, filters.year)
        if key is None:
            return documents.none()
        if key.startswith("0:"):
            documents = documents.filter(number_key__endswith=key[1:])
        else:
            documents = documents.filter(number_key=key)
    if filters.q:
        documents = documents.filter(Q(title__icontains=filters.q) | Q(number__icontains=filters.q))
    return documents.order_by("-issued_on", "-pk")


@router.get(
    "/van-ban/xuat-du-lieu.jsonl",
    summary="Xuất toàn bộ văn bản công khai (JSON Lines)",
    description="Mỗi dòng là một văn bản công khai đã phát hành, mới phát hành trước.",
)
def export_public(request):
    now = timezone.now()
    documents = (
        council_documents(ArchiveDocument.objects.filter(access.public_q(now)))
        .annotate(released=Coalesce("public_at", "release_at", "created_at"))
        .order_by("-released", "-pk")
    )

    def lines():
        for document in documents.iterator(chunk_size=500):
            row = document_out(document)
            row["released_at"] = document.released
            yield json.dumps(row, ensure_ascii=False, default=str) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="van-ban-cong-khai.jsonl"'
    return response


@router.get("/van-ban/{slug}", response=DocumentDetailOut, summary="Một văn bản và các phiên bản")
def get_document(request, slug: str):
    document = ArchiveDocument.objects.filter(slug=slug).first()
    # Missing and hidden look the same: the API never confirms that a hidden document exists.
    if document is None or not access.can_view(request.user, document):
        raise Http404
    data = document_out(document)
    data["versions"] = [
        {
            "number": v.number,
            "created_at": v.created_at,
            "sha256": v.sha256,
            "page_count": v.page_count,
            "change_note": v.change_note,
            "download_url": reverse("library:version_download", args=[document.slug, v.number]),
        }
        for v in document.versions.order_by("-number")
    ]
    return data
