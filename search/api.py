"""JSON search endpoint (same engine, same access rules as /tim-kiem/), in the OpenAPI schema."""

import datetime

from ninja import Query, Router, Schema

from .engine import FACETS, search

router = Router(tags=["Tìm kiếm"])


class SearchParams(Schema):
    q: str = ""
    page: str = "1"
    per_page: str = "20"
    sort: str = "relevance"
    source: str = ""
    kind: str = ""
    year: str = ""
    session: str = ""
    term: str = ""
    issuing_body: str = ""
    access_level: str = ""


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class HitOut(Schema):
    source: str
    kind: str
    title: str
    number: str
    description: str
    date: datetime.date | None
    issuing_body: str
    session: str
    url: str
    page_number: int | None
    page_url: str
    snippet_html: str
    number_match: bool


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    num_pages: int
    sort: str
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    messages: list[str]
    suggestions: list[str]


@router.get(
    "/tim-kiem",
    response=SearchOut,
    summary="Tìm kiếm toàn bộ kho (tài liệu, kỳ họp, đại biểu…)",
    description=(
        "Tìm có dấu hoặc không dấu, theo số ký hiệu (15/2024/NQ-HĐND), cụm từ trong ngoặc kép, "
        "`or`, `-từ`. Chỉ trả về những gì người gọi được xem; số đếm và bộ lọc cũng vậy. "
        "Tham số không hợp lệ được bỏ qua và giải thích trong `messages`."
    ),
)
def search_endpoint(request, params: Query[SearchParams]):
    filters = {name: getattr(params, name) for name in FACETS}
    results = search(
        params.q,
        request.user,
        filters=filters,
        sort=params.sort,
        page=params.page,
        per_page=params.per_page,
    )
    return {
        "query": results.query.text,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "num_pages": results.num_pages,
        "sort": results.sort,
        "hits": [
            {
                "source": h.entry.source,
                "kind": h.entry.kind,
                "title": h.entry.title,
                "number": h.entry.number,
                "description": h.entry.description,
                "date": h.entry.date,
                "issuing_body": h.entry.issuing_body,
                "session": h.entry.session_label,
                "url": h.entry.url or h.entry.file_url,
                "page_number": h.page_number,
                "page_url": h.page_url,
                "snippet_html": str(h.snippet),
                "number_match": h.number_match,
            }
            for h in results.hits
        ],
        "facets": {
            name: [
                {"value": f.value, "label": f.label, "count": f.count, "selected": f.selected}
                for f in values
            ]
            for name, values in results.facets.items()
        },
        "messages": [str(m) for m in results.messages],
        "suggestions": results.suggestions,
    }
