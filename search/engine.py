"""The archive search: one query over every SearchEntry the user may see.

Matching runs on the full-text index (PostgreSQL GIN over a tsvector, SQLite FTS5); ranking
is cheap (title and metadata match, exact-accent bonus, document-number bonus, a stored static
score), as measured in SEARCH-NOTES; snippets come from the best page of each hit only.
Access is part of the WHERE clause (`library.access.visible_q`), so results, the total and
every facet count only what the user may see.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from library.access import Level, viewer, visible_q
from library.models import DocumentKind

from . import sources
from .db import FTS, SEARCH_CONFIG, TITLE_FTS
from .models import PageText, SearchEntry
from .normalize import terms
from .query import ParsedQuery, parse

PER_PAGE = 20
MAX_PER_PAGE = 100
FACETS = ("source", "kind", "year", "session", "term", "issuing_body", "access_level")
FACET_COLUMNS = {
    "source": "source",
    "kind": "kind",
    "year": "year",
    "session": "session_key",
    "term": "term_id",
    "issuing_body": "issuing_body",
    "access_level": "access_level",
}
SORTS = ("relevance", "date", "date_asc")
_SAFE_KEY = re.compile(r"^[\w.-]{1,100}$")
MARK_START, MARK_END = "\x02", "\x03"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    entry: SearchEntry
    rank: float = 0.0
    page_number: int | None = None
    snippet: SafeString | str = ""
    number_match: bool = False

    @property
    def page_url(self) -> str:
        base = self.entry.file_url or self.entry.url
        if base and self.page_number and self.entry.file_url:
            return f"{self.entry.file_url}#page={self.page_number}"
        return self.entry.url or self.entry.file_url


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    sort: str = "relevance"
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def clean_filters(raw: dict, who) -> tuple[dict[str, str], list[str]]:
    """Keep the valid filters; explain, in Vietnamese, each one that was dropped."""
    filters: dict[str, str] = {}
    messages: list[str] = []
    kinds = set(DocumentKind.values) | set(sources.source_labels())
    for name in FACETS:
        value = raw.get(name)
        if value in (None, ""):
            continue
        value = str(value)[:200]
        ok = True
        if name == "source":
            ok = value in sources.source_labels()
        elif name == "kind":
            ok = value in kinds
        elif name == "year":
            ok = _int(value, 1900, 2200) is not None
        elif name == "term":
            ok = _int(value, 1, 10**9) is not None
        elif name == "session":
            ok = bool(_SAFE_KEY.match(value))
        elif name == "access_level":
            if not who.secretariat:
                messages.append(_("Bộ lọc mức truy cập chỉ dành cho Văn phòng; đã bỏ qua."))
                continue
            ok = value in Level.values
        if ok:
            filters[name] = value
        else:
            messages.append(
                _("Bộ lọc “%(name)s” có giá trị không hợp lệ nên đã được bỏ qua.")
                % {"name": FACET_TITLES.get(name, name)}
            )
    return filters, messages


FACET_TITLES = {
    "source": pgettext_lazy("search facet", "Nội dung"),
    "kind": gettext_lazy("Loại"),
    "year": gettext_lazy("Năm"),
    "session": pgettext_lazy("search facet", "Kỳ họp"),
    "term": gettext_lazy("Nhiệm kỳ"),
    "issuing_body": gettext_lazy("Cơ quan ban hành"),
    "access_level": gettext_lazy("Mức truy cập"),
}


def _match_sql(query: ParsedQuery) -> tuple[str, list]:
    """The WHERE fragment that selects matching entries (index-backed on both databases)."""
    table = SearchEntry._meta.db_table
    if connection.vendor == "postgresql":
        text_sql = f"{table}.match_vector @@ websearch_to_tsquery('{SEARCH_CONFIG}', %s)"
        params: list = [query.websearch()]
    else:
        text_sql = f"{table}.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)"
        params = [query.fts5()]
    number_sql, number_params = _number_sql(query)
    if number_sql:
        return f"(({text_sql}) OR ({number_sql}))", params + number_params
    return text_sql, params


def _number_sql(query: ParsedQuery) -> tuple[str, list]:
    number = query.number
    if number is None or number.number is None:
        return "", []
    table = SearchEntry._meta.db_table
    parts = [f"{table}.doc_number = %s"]
    params: list = [number.number]
    if number.year:
        parts.append(f"{table}.doc_year = %s")
        params.append(number.year)
    for word in number.symbol:
        parts.append(f"{table}.doc_symbol LIKE %s")
        params.append(f"% {word} %")
    return " AND ".join(parts), params


def _rank_sql(query: ParsedQuery) -> tuple[str, list]:
    table = SearchEntry._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"(ts_rank({table}.title_vector, websearch_to_tsquery('{SEARCH_CONFIG}', %s)) * 4"
            f" + {table}.static_score"
        )
        params: list = [query.websearch()]
        if query.exact:
            sql += (
                f" + CASE WHEN {table}.exact_vector @@ plainto_tsquery('simple', %s)"
                " THEN 1.5 ELSE 0 END"
            )
            params.append(query.exact)
    else:
        sql = (
            f"(CASE WHEN {table}.id IN (SELECT rowid FROM {TITLE_FTS} WHERE {TITLE_FTS} MATCH %s)"
            f" THEN 1.0 ELSE 0 END + {table}.static_score"
        )
        params = [query.fts5()]
        if query.exact:
            sql += f" + CASE WHEN {table}.title_exact LIKE %s THEN 1.5 ELSE 0 END"
            params.append(f"%{query.exact}%")
    number_sql, number_params = _number_sql(query)
    if number_sql:
        sql += f" + CASE WHEN {number_sql} THEN 10 ELSE 0 END"
        params += number_params
    return sql + ")", params


def base_queryset(query: ParsedQuery, user, filters: dict[str, str], now=None):
    who = viewer(user, now)
    queryset = SearchEntry.objects.all()
    condition = visible_q(SearchEntry, who)
    if condition is not None:
        queryset = queryset.filter(condition)
    if not query.empty:
        sql, params = _match_sql(query)
        queryset = queryset.extra(where=[sql], params=params)
    for name, value in filters.items():
        column = FACET_COLUMNS[name]
        queryset = queryset.filter(**{column: value})
    return queryset


ORDER_SQL = {
    "relevance": '"rank" DESC, "date" DESC NULLS LAST, "id"',
    "date": '"date" DESC NULLS LAST, "rank" DESC, "id"',
    "date_asc": '"date" ASC NULLS LAST, "rank" DESC, "id"',
}


def counts_and_page(
    queryset, query: ParsedQuery, names, sort: str, start: int, per_page: int
) -> tuple[int, dict[str, dict], list[int]]:
    """The total, every facet's counts and one page of ranked entry ids, in one statement:
    the matching entries are read once (a MATERIALIZED CTE), however broad the query."""
    if query.empty:
        queryset = queryset.annotate(rank=F("static_score"))
    else:
        sql, params = _rank_sql(query)
        queryset = queryset.annotate(rank=RawSQL(sql, params, output_field=FloatField()))
    columns = ["id", "date", "rank"] + [FACET_COLUMNS[n] for n in names] + ["session_label"]
    inner, params = queryset.values(*columns).query.sql_with_params()
    selects = ["SELECT 'total' AS facet, NULL AS value, NULL AS label, COUNT(*) AS n FROM m"]
    for name in names:
        column = FACET_COLUMNS[name]
        label = "MAX(session_label)" if name == "session" else "NULL"
        selects.append(
            f"SELECT '{name}', CAST({column} AS TEXT), {label}, COUNT(*) FROM m "
            f"WHERE {column} IS NOT NULL AND CAST({column} AS TEXT) <> '' GROUP BY {column}"
        )
    selects.append(
        "SELECT * FROM (SELECT 'hit', CAST(\"id\" AS TEXT), NULL, 0 FROM m "
        f"ORDER BY {ORDER_SQL[sort]} LIMIT %s OFFSET %s) AS page"
    )
    sql = "WITH m AS MATERIALIZED (" + inner + ") " + " UNION ALL ".join(selects)
    total = 0
    counts: dict[str, dict] = {name: {} for name in names}
    ids: list[int] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, per_page, start])
        for facet, value, label, n in cursor.fetchall():
            if facet == "total":
                total = n
            elif facet == "hit":
                ids.append(int(value))
            else:
                counts[facet][value] = (n, label)
    return total, counts, ids


def _facet_label(name: str, value: str, label, term_names: dict) -> str:
    if name == "kind":
        try:
            return str(DocumentKind(value).label)
        except ValueError:
            return sources.source_labels().get(value, value)
    if name == "source":
        return sources.source_labels().get(value, value)
    if name == "access_level":
        try:
            return str(Level(value).label)
        except ValueError:
            return value
    if name == "term":
        return term_names.get(value, value)
    if name == "session":
        return label or value
    return value


def build_facets(counts: dict[str, dict], filters: dict[str, str]) -> dict[str, list[FacetValue]]:
    from delegates.models import Term

    term_names = {}
    if counts.get("term"):
        ids = [int(v) for v in counts["term"] if str(v).isdigit()]
        term_names = {
            str(t.pk): _("Khóa %(roman)s") % {"roman": t.roman}
            for t in Term.objects.filter(pk__in=ids)
        }
    facets: dict[str, list[FacetValue]] = {}
    for name, values in counts.items():
        items = [
            FacetValue(
                str(value),
                _facet_label(name, str(value), label, term_names),
                n,
                filters.get(name) == str(value),
            )  # fmt: skip
            for value, (n, label) in values.items()
        ]
        if name == "year":
            items.sort(key=lambda f: f.value, reverse=True)
        else:
            items.sort(key=lambda f: (-f.count, f.label))
        facets[name] = items[:30]
    return facets


def search(
    text: str | None,
    user=None,
    *,
    filters: dict | None = None,
    sort: str = "relevance",
    page=1,
    per_page=PER_PAGE,
    now: datetime.datetime | None = None,
    with_facets: bool = True,
    with_snippets: bool = True,
) -> SearchResults:
    who = viewer(user, now or timezone.now())
    query = parse(text)
    clean, messages = clean_filters(filters or {}, who)
    if sort not in SORTS:
        if sort:
            messages.append(_("Cách sắp xếp không hợp lệ; đã sắp xếp theo mức độ phù hợp."))
        sort = "relevance"
    per_page = _int(per_page, 1, MAX_PER_PAGE) or PER_PAGE
    requested_page = _int(page, -(10**18), 10**18)
    results = SearchResults(query, sort=sort, per_page=per_page, filters=clean, messages=messages)
    if query.truncated:
        messages.append(_("Từ khóa quá dài: chỉ dùng 500 ký tự đầu tiên."))
    if query.dropped_terms:
        messages.append(_("Từ khóa có quá nhiều từ: chỉ dùng 24 từ đầu tiên."))
    if query.empty and (text or "").strip() and not query.only_excluded:
        messages.append(_("Từ khóa không có chữ hoặc số nào để tìm; hãy nhập từ cần tìm."))
    if query.only_excluded:
        messages.append(_("Hãy nhập ít nhất một từ cần tìm, không chỉ các từ loại trừ (-từ)."))
    if query.empty and not clean:
        return results

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # At high match density the planner would decompress every vector in a
                # sequential scan; the GIN bitmap is always the cheaper plan here.
                cursor.execute("SET LOCAL enable_seqscan = off")
        queryset = base_queryset(query, who, clean, who.at)
        names = [n for n in FACETS if n != "access_level" or who.secretariat]
        if not with_facets:
            names = []
        wanted_page = requested_page if requested_page and requested_page > 0 else 1
        wanted_page = min(wanted_page, 10**6)
        total, counts, ids = counts_and_page(
            queryset, query, names, sort, (wanted_page - 1) * per_page, per_page
        )
        results.total = total
        results.facets = build_facets(counts, clean) if with_facets else {}
        results.page = _clamp_page(requested_page, results, page)
        if results.total and results.page != wanted_page:  # asked past the end: the last page
            _total, _counts, ids = counts_and_page(
                queryset, query, [], sort, (results.page - 1) * per_page, per_page
            )
        if ids:
            results.hits = _hits(ids, query)
            if with_snippets and not query.empty:
                attach_snippets(results.hits, query)
    if not results.total and clean:
        messages.append(_("Không có kết quả với bộ lọc đã chọn; hãy bỏ bớt bộ lọc."))
    if not results.total and not query.empty:
        results.suggestions = suggestions(query, who, clean)
    return results


def _clamp_page(requested: int | None, results: SearchResults, raw) -> int:
    if requested is None:
        if raw not in (None, "", 1):
            results.messages.append(_("Số trang không hợp lệ; đang hiển thị trang 1."))
        return 1
    if requested < 1:
        results.messages.append(_("Số trang phải từ 1 trở lên; đang hiển thị trang 1."))
        return 1
    if requested > results.num_pages:
        if results.total:
            results.messages.append(
                _("Chỉ có %(n)s trang kết quả; đang hiển thị trang cuối.")
                % {"n": results.num_pages}
            )
        return results.num_pages
    return requested


def _hits(ids: list[int], query: ParsedQuery) -> list[Hit]:
    """The page's entries, in the order the ranking gave (ids come from the access-filtered
    statement, so nothing here can widen what the user sees)."""
    entries = SearchEntry.objects.defer("title_terms", "title_exact", "body_terms").in_bulk(ids)
    hits = [Hit(entries[pk]) for pk in ids if pk in entries]
    number_sql, _params = _number_sql(query)
    if number_sql:
        number = query.number
        for hit in hits:
            e = hit.entry
            hit.number_match = (
                e.doc_number == number.number
                and (not number.year or e.doc_year == number.year)
                and all(f" {w} " in e.doc_symbol for w in number.symbol)
            )
    return hits


# --- snippets -------------------------------------------------------------------------------

SNIPPET_WORDS = 36


def attach_snippets(hits: list[Hit], query: ParsedQuery) -> None:
    with_text = [h for h in hits if h.entry.text_document_id]
    if not with_text:
        return
    if connection.vendor == "postgresql":
        _snippets_postgres(with_text, query)
    else:
        _snippets_python(with_text, query)


def _text_pairs(hits: list[Hit]) -> tuple[list[int], list[int]]:
    """(document ids, version ids or 0) of the hits' current text, pairwise."""
    documents = [h.entry.text_document_id for h in hits]
    versions = [h.entry.text_version_id or 0 for h in hits]
    return documents, versions


def _snippets_postgres(hits: list[Hit], query: ParsedQuery) -> None:
    """Best page by `ts_rank` over the hits' own pages; the snippet from `ts_headline` when
    SEARCH_SNIPPETS = "ts_headline", else from our highlighter (~10× cheaper: ts_headline
    parses the whole page again, about 1 ms a page)."""
    from django.conf import settings

    documents, versions = _text_pairs(hits)
    use_headline = getattr(settings, "SEARCH_SNIPPETS", "highlighter") == "ts_headline"
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=15, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    table = PageText._meta.db_table
    snippet = (
        f"ts_headline('{SEARCH_CONFIG}', p.text, q.q, %s), ''"
        if use_headline
        else "p.text, p.folded_text"
    )
    sql = f"""
        WITH q AS (SELECT websearch_to_tsquery('{SEARCH_CONFIG}', %s) AS q),
        best AS (
            SELECT DISTINCT ON (p.document_id) p.id, p.document_id, p.page_number
            FROM {table} p, q
            WHERE (p.document_id, COALESCE(p.version_id, 0)) IN (
                SELECT * FROM unnest(%s::bigint[], %s::bigint[]))
              AND p.vector @@ q.q
            ORDER BY p.document_id, ts_rank(p.vector, q.q) DESC, p.page_number
        )
        SELECT best.document_id, best.page_number, {snippet}
        FROM best JOIN {table} p ON p.id = best.id, q
    """
    params = [query.websearch(), documents, versions] + ([options] if use_headline else [])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {doc: (page, text, folded) for doc, page, text, folded in cursor.fetchall()}
    wanted = set(query.positive_terms)
    for hit in hits:
        if hit.entry.text_document_id in found:
            page, text, folded = found[hit.entry.text_document_id]
            hit.page_number = page
            hit.snippet = _marked(text) if use_headline else highlight(text, wanted, folded=folded)


def _marked(text: str) -> SafeString:
    escaped = html.escape(re.sub(r"\s+", " ", text).strip())
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


_WORD = re.compile(r"\w+")


def _snippets_python(hits: list[Hit], query: ParsedQuery) -> None:
    wanted = set(query.positive_terms)
    documents, versions = _text_pairs(hits)
    current = set(zip(documents, versions, strict=True))
    table = PageText._meta.db_table
    marks = ",".join(["%s"] * len(documents))
    best: dict[int, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT document_id, COALESCE(version_id, 0), page_number, folded_text "
            f"FROM {table} WHERE document_id IN ({marks})",
            documents,
        )
        for document_id, version_id, page_number, folded in cursor.fetchall():
            if (document_id, version_id) not in current:
                continue
            score = sum(1 for word in folded.split() if word in wanted)
            if score and score > best.get(document_id, (0, 0))[0]:
                best[document_id] = (score, page_number)
        texts = {}
        if best:
            pairs = [(d, p) for d, (_score, p) in best.items()]
            condition = " OR ".join(["(document_id = %s AND page_number = %s)"] * len(pairs))
            cursor.execute(
                f"SELECT document_id, COALESCE(version_id, 0), page_number, text, folded_text "
                f"FROM {table} "
                f"WHERE {condition}",
                [value for pair in pairs for value in pair],
            )
            for document_id, version_id, page_number, text, folded in cursor.fetchall():
                if (document_id, version_id) in current:
                    texts[document_id] = (page_number, text, folded)
    for hit in hits:
        doc = hit.entry.text_document_id
        if doc in texts:
            page_number, text, folded = texts[doc]
            hit.page_number = page_number
            hit.snippet = highlight(text, wanted, folded=folded)


def highlight(
    text: str, wanted: set[str], size: int = SNIPPET_WORDS, folded: str | None = None
) -> SafeString:
    """Our own highlighter: the window of `size` words with the most matches, matches in
    <mark>. `folded` is the page's stored folded text (one word per word of `text`), so the
    page is not folded again; without it, or if the words do not line up, each word is folded."""
    words = list(_WORD.finditer(text))
    if not words:
        return mark_safe("")
    folded_words = folded.split() if folded is not None else []
    if len(folded_words) != len(words):
        folded_words = [terms(m.group()) for m in words]
    flags = [word in wanted for word in folded_words]
    best_start, best_score, window = 0, -1, 0
    for i, flag in enumerate(flags):
        window += flag
        if i >= size:
            window -= flags[i - size]
        if window > best_score:
            best_score, best_start = window, max(0, i - size + 1)
    if best_score > 0:  # start a little before the window's first match, not at the edge
        first = next(i for i in range(best_start, len(flags)) if flags[i])
        best_start = max(0, min(first - size // 4, len(words) - size))
    chosen = words[best_start : best_start + size]
    out, cursor = [], chosen[0].start()
    for match, flag in zip(chosen, flags[best_start : best_start + size], strict=False):
        out.append(html.escape(text[cursor : match.start()]))
        word = html.escape(match.group())
        out.append(f"<mark>{word}</mark>" if flag else word)
        cursor = match.end()
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if best_start + size < len(words) else ""
    return mark_safe(prefix + re.sub(r"\s+", " ", "".join(out)).strip() + suffix)


def suggestions(query: ParsedQuery, who, filters: dict) -> list[str]:
    """Queries worth trying when nothing matched: without filters, without absent words."""
    tips: list[str] = []
    words = query.positive_terms
    if filters and base_queryset(query, who, {}, who.at).exists():
        tips.append(query.text)
    found = []
    for word in words[:8]:
        single = parse(word)
        if base_queryset(single, who, {}, who.at).exists():
            found.append(word)
    if found and len(found) < len(words):
        tips.append(" ".join(found))
    if len(words) > 1 and len(found) == len(words):
        tips.append(" or ".join(words))
    return [t for i, t in enumerate(tips) if t and t not in tips[:i]][:3]
