"""Benchmark of the archive search on PostgreSQL and SQLite, against raw SQL doing the same work.

Run: `.venv/bin/python bench/search.py` (2,000 documents / 20,000 pages, a few minutes) or
`.venv/bin/python bench/search.py --full` (10,000 documents / 100,000 pages, the issue's size).
Each database runs in its own child process on a database of its own (PostgreSQL
`council_search_bench`, SQLite `bench/out/search.sqlite3`), created and migrated afresh.

What is timed:
- index: storing the page text (folded by `search.normalize.terms`; on PostgreSQL each page's
  tsvector is a generated column) and building the search entries with
  `search.indexing.bulk_index_documents` (PostgreSQL: generated match vectors and GIN index;
  SQLite: the FTS5 table filled by its triggers);
- 30 unaccented queries through `search.engine.search` as an anonymous reader (total, every
  facet, top 20 ranked hits with titles, best-page snippets), 3 rounds after a warm-up round;
- the same work as hand-written SQL on the same connection (one statement for total and facets,
  one for the ranked top 20, one for the snippets), same rounds.

Targets (issue 7): PostgreSQL p95 ≤ 50 ms and ≤ 2× raw SQL; SQLite p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "site")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

OUT = ROOT / "bench" / "out"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "council_search_bench"
SEED = 20261126
SYLLABLES_PER_PAGE = 350

# Administrative Vietnamese: a common core on every page (Zipf-weighted), plus the words of the
# document's two topics and its place, so topic words match some documents and places few.
CORE = """
của và các có được trong cho về với theo người là những đã tỉnh nhân dân hội đồng ủy ban
thực hiện nghị quyết công tác phát triển kinh tế xã hội đầu tư dự án năm kế hoạch quản lý
cơ quan đơn vị huyện thành phố chính sách hỗ trợ ngân sách nhà nước địa phương báo cáo
tờ trình quyết định triển khai đảm bảo nâng cao hiệu quả chất lượng tổ chức cán bộ kết quả
tình hình nhiệm vụ giải pháp trọng tâm lĩnh vực nguồn vốn chi thu xã thị trấn thôn bản
""".split()  # noqa: SIM905
TOPIC_WORDS = [
    "giao thông nông thôn đường cầu cống bê tông hóa liên xã tỉnh lộ",
    "ngân sách dự toán thu chi phân bổ bổ sung có mục tiêu tiết kiệm",
    "du lịch cộng đồng homestay lễ hội văn hóa di sản danh thắng",
    "đất đai bảng giá đất bồi thường tái định cư giải phóng mặt bằng",
    "dân tộc thiểu số vùng đặc biệt khó khăn hộ nghèo giảm nghèo bền vững",
    "đầu tư công trung hạn danh mục dự án khởi công hoàn thành giải ngân",
    "sạt lở đất lũ quét thiên tai phòng chống biến đổi khí hậu kè",
    "rừng phòng hộ trồng rừng bảo vệ rừng chi trả dịch vụ môi trường",
    "cấp nước sinh hoạt nước sạch vệ sinh môi trường công trình tự chảy",
    "chuyển đổi số chính quyền điện tử dịch vụ công trực tuyến dữ liệu",
    "giáo dục đào tạo trường học giáo viên học sinh bán trú",
    "y tế cơ sở bệnh viện trạm y tế bảo hiểm y tế bác sĩ",
    "khoáng sản thủy điện cấp phép khai thác quặng apatit đồng",
    "cửa khẩu xuất nhập khẩu logistics kho bãi thương mại biên giới",
    "chăn nuôi trồng trọt cây ăn quả chè quế thảo quả hợp tác xã",
]
PLACE_WORDS = [
    "Bắc Hà",
    "Mường Khương",
    "Sa Pa",
    "Bát Xát",
    "Văn Bàn",
    "Bảo Thắng",
    "Bảo Yên",
    "Si Ma Cai",
    "Tả Phìn",
    "Y Tý",
    "Trịnh Tường",
    "Nậm Chày",
    "Cốc Lếu",
    "Kim Tân",
]
HEADER = (
    "HỘI ĐỒNG NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
    "Độc lập - Tự do - Hạnh phúc. Căn cứ Luật Tổ chức chính quyền địa phương; "
    "xét Tờ trình của Ủy ban nhân dân tỉnh, Báo cáo thẩm tra của các Ban Hội đồng nhân dân tỉnh."
)
TOPICS = [
    "đầu tư xây dựng đường giao thông nông thôn",
    "phân bổ dự toán ngân sách địa phương",
    "hỗ trợ phát triển du lịch cộng đồng",
    "bảng giá đất giai đoạn 5 năm",
    "chính sách hỗ trợ đồng bào dân tộc thiểu số",
    "kế hoạch đầu tư công trung hạn",
    "phòng chống sạt lở đất và thiên tai",
    "phát triển rừng phòng hộ đầu nguồn",
    "cấp nước sinh hoạt vùng cao",
    "chuyển đổi số trong cơ quan nhà nước",
    "giáo dục và đào tạo vùng khó khăn",
    "y tế cơ sở và bảo hiểm y tế",
    "quy hoạch khoáng sản",
    "phát triển cửa khẩu và logistics",
    "giảm nghèo bền vững",
]
PLACES = ["tỉnh Lào Cai", "huyện Bắc Hà", "huyện Mường Khương", "thị xã Sa Pa", "huyện Bát Xát",
          "huyện Văn Bàn", "huyện Bảo Thắng", "huyện Si Ma Cai", "thành phố Lào Cai"]  # fmt: skip
KINDS = [("nq_qppl", "NQ-HĐND", "Nghị quyết"), ("nq", "NQ-HĐND", "Nghị quyết"),
         ("tt", "TTr-UBND", "Tờ trình"), ("bc", "BC-UBND", "Báo cáo"),
         ("bctt", "BC-KTNS", "Báo cáo thẩm tra"), ("tb", "TB-HĐND", "Thông báo"),
         ("kh", "KH-HĐND", "Kế hoạch")]  # fmt: skip
BODIES = ["HĐND tỉnh Lào Cai", "UBND tỉnh Lào Cai", "Thường trực HĐND tỉnh",
          "Ban Kinh tế - Ngân sách", "Ban Pháp chế", "Ban Văn hóa - Xã hội"]  # fmt: skip

QUERIES = [
    # broad: boilerplate in nearly every document
    "hoi dong nhan dan",
    "uy ban nhan dan tinh",
    "nghi quyet",
    "doc lap tu do hanh phuc",
    "phat trien kinh te xa hoi",
    "to chuc chinh quyen dia phuong",
    # medium: a topic's words
    "giao thong nong thon",
    "du toan ngan sach",
    "du lich cong dong",
    "bang gia dat",
    "giam ngheo ben vung",
    "giai ngan dau tu cong",
    "sat lo dat lu quet",
    "rung phong ho",
    "nuoc sach",
    "dich vu cong truc tuyen",
    "giao vien ban tru",
    "tram y te",
    "quang apatit",
    "cua khau logistics",
    "cay an qua che que",
    # narrow: places, phrases, operators; two number lookups are added from the data
    "bac ha",
    "muong khuong thao qua",
    "ta phin y ty",
    '"giao thong nong thon"',
    "rung phong ho -thuy dien",
    "lao cai or yen bai",
    "trinh tuong nam chay",
]


def number_queries() -> list[str]:
    from library.models import ArchiveDocument

    documents = list(ArchiveDocument.objects.filter(kind="nq_qppl").order_by("pk")[:50])
    first, second = documents[14], documents[41 % len(documents)]
    return [first.number.lower().replace("đ", "d"),
            f"NQ {second.number.split('/')[0]} {second.number.split('/')[1]}"]  # fmt: skip


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- child: one database -----------------------------------------------------------------


def setup_django(backend: str) -> None:
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        os.environ["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_DB}"
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "search.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
    call_command("migrate", verbosity=0)


def generate(documents: int, pages_per_doc: int) -> dict:
    """Documents and their stored page text, in bulk; returns timings."""
    from django.db import connection, transaction
    from wagtail.models import Collection

    from delegates.models import Term
    from library.models import ArchiveDocument
    from search.models import PageText
    from search.normalize import terms

    rng = random.Random(SEED)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(CORE))]
    topics = [t.split() for t in TOPIC_WORDS]
    term = Term.objects.create(number=16, start_date=datetime.date(2021, 6, 25))
    collection = Collection.get_first_root_node()
    timings = {}
    started = time.perf_counter()
    docs = []
    for i in range(documents):
        kind, symbol, label = KINDS[i % len(KINDS)]
        year = 2005 + rng.randrange(21)
        number = i + 1
        level = rng.choices(["public", "delegates", "restricted"], [85, 10, 5])[0]
        topic = rng.randrange(len(TOPICS))
        docs.append(
            ArchiveDocument(
                title=f"{label} về {TOPICS[topic]} {rng.choice(PLACES)} năm {year}",
                number=f"{number}/{year}/{symbol}",
                number_key=f"{number}-{year}-{symbol}".lower(),
                number_year=year,
                slug=f"bench-{i}",
                kind=kind,
                issuing_body=rng.choice(BODIES),
                issued_on=datetime.date(year, rng.randrange(1, 13), rng.randrange(1, 28)),
                access_level=level,
                term=term if level == "delegates" else None,
                collection=collection,
                file=f"documents/bench-{i}.pdf",
                sha256=f"{i:064x}",
                page_count=pages_per_doc,
            )
        )
    with transaction.atomic():
        created = ArchiveDocument.objects.bulk_create(docs, batch_size=1000)
    timings["documents_s"] = time.perf_counter() - started

    started = time.perf_counter()
    batch = []
    page_total = 0
    for document in created:
        first, second = rng.sample(range(len(topics)), 2)
        own = topics[first] + topics[second]
        place = rng.choice(PLACE_WORDS)
        for page_number in range(1, pages_per_doc + 1):
            words = rng.choices(CORE, weights, k=SYLLABLES_PER_PAGE - 60)
            words += rng.choices(own, k=58) + place.split()
            rng.shuffle(words)
            body = " ".join(words)
            if page_number == 1:
                body = f"{HEADER} {document.number} {document.title}. {body}"
            batch.append(
                PageText(
                    document_id=document.pk,
                    page_number=page_number,
                    text=body,
                    folded_text=terms(body),
                )  # fmt: skip
            )
        if len(batch) >= 5000:
            with transaction.atomic():
                PageText.objects.bulk_create(batch)
            page_total += len(batch)
            batch = []
    if batch:
        with transaction.atomic():
            PageText.objects.bulk_create(batch)
        page_total += len(batch)
    timings["pages_s"] = time.perf_counter() - started
    timings["pages"] = page_total

    started = time.perf_counter()
    from search.indexing import bulk_index_documents

    bulk_index_documents(ArchiveDocument.objects.order_by("pk"), batch_size=500)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('optimize')")
    timings["entries_s"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        previous = raw.autocommit
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("VACUUM ANALYZE search_pagetext")
        raw.autocommit = previous
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return timings


def raw_sql_search(query_text: str) -> int:
    """The page's work for an anonymous reader, as hand-written SQL on the same connection."""
    from django.db import connection, transaction
    from django.utils import timezone

    from search.query import parse

    query = parse(query_text)
    now = timezone.now()
    public = (
        "(e.release_at IS NULL OR e.release_at <= %s) AND (e.access_level = 'public' OR "
        "(e.access_level = 'delegates' AND e.public_at <= %s))"
    )
    number = query.number
    number_sql, number_params = "", []
    if number is not None and number.number is not None:
        parts = ["e.doc_number = %s"]
        number_params = [number.number]
        if number.year:
            parts.append("e.doc_year = %s")
            number_params.append(number.year)
        for word in number.symbol:
            parts.append("e.doc_symbol LIKE %s")
            number_params.append(f"% {word} %")
        number_sql = " AND ".join(parts)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            match = "e.match_vector @@ websearch_to_tsquery('vietnamese_unaccent', %s)"
            match_params = [query.websearch()]
            rank = (
                "ts_rank(e.title_vector, websearch_to_tsquery('vietnamese_unaccent', %s)) * 4"
                " + e.static_score + CASE WHEN e.exact_vector @@ plainto_tsquery('simple', %s)"
                " THEN 1.5 ELSE 0 END"
            )
            rank_params = [query.websearch(), query.exact]
        else:
            match = "e.id IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s)"
            match_params = [query.fts5()]
            rank = (
                "CASE WHEN e.id IN (SELECT rowid FROM search_title_fts WHERE search_title_fts "
                "MATCH %s) THEN 1.0 ELSE 0 END + e.static_score + CASE WHEN e.title_exact LIKE %s "
                "THEN 1.5 ELSE 0 END"
            )
            rank_params = [query.fts5(), f"%{query.exact}%"]
        if number_sql:
            match = f"(({match}) OR ({number_sql}))"
            match_params += number_params
            rank += f" + CASE WHEN {number_sql} THEN 10 ELSE 0 END"
            rank_params += number_params
        where = f"{public} AND {match}"
        where_params = [now, now, *match_params]
        facets = " UNION ALL ".join(
            f"SELECT '{c}', CAST({c} AS TEXT), COUNT(*) FROM m GROUP BY {c}"
            for c in ("source", "kind", "year", "session_key", "term_id", "issuing_body")
        )
        # total, facets and the ranked page in one statement, as the search does
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT e.id, e.source, e.kind, e.year, e.session_key, "
            f"e.term_id, e.issuing_body, e.date, ({rank}) AS rank FROM search_searchentry e "
            f"WHERE {where}) "
            f"SELECT 'total', NULL, COUNT(*) FROM m UNION ALL {facets} UNION ALL "
            f"SELECT * FROM (SELECT 'hit', CAST(id AS TEXT), 0 FROM m "
            f"ORDER BY rank DESC, date DESC NULLS LAST, id LIMIT 20) AS page",
            [*rank_params, *where_params],
        )
        page_ids = [int(row[1]) for row in cursor.fetchall() if row[0] == "hit"]
        marks = ",".join("%s" for _ in page_ids) or "NULL"
        cursor.execute(
            f"SELECT e.id, e.title, e.number, e.url, e.file_url, e.date, e.text_document_id "
            f"FROM search_searchentry e WHERE e.id IN ({marks})",
            page_ids,
        )
        hits = cursor.fetchall()
        documents = [row[6] for row in hits if row[6]]
        if documents and connection.vendor == "postgresql":
            cursor.execute(
                """WITH q AS (SELECT websearch_to_tsquery('vietnamese_unaccent', %s) AS q),
                best AS (SELECT DISTINCT ON (p.document_id) p.id FROM search_pagetext p, q
                         WHERE p.document_id = ANY(%s) AND p.version_id IS NULL
                         AND p.vector @@ q.q
                         ORDER BY p.document_id, ts_rank(p.vector, q.q) DESC, p.page_number)
                SELECT p.document_id, p.page_number, p.text
                FROM best JOIN search_pagetext p ON p.id = best.id, q""",
                [query.websearch(), documents],
            )
            cursor.fetchall()
        elif documents:
            marks = ",".join("%s" for _ in documents)
            cursor.execute(
                f"SELECT document_id, page_number, folded_text, text FROM search_pagetext "
                f"WHERE document_id IN ({marks})",
                documents,
            )
            wanted = set(query.positive_terms)
            best = {}
            for document_id, page_number, folded, _text in cursor.fetchall():
                score = sum(1 for w in folded.split() if w in wanted)
                if score > best.get(document_id, (0, 0))[0]:
                    best[document_id] = (score, page_number)
    return len(hits)


def run_child(backend: str, documents: int, pages_per_doc: int, rounds: int) -> dict:
    started = time.perf_counter()
    setup_django(backend)
    migrate_s = time.perf_counter() - started
    timings = generate(documents, pages_per_doc)
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from search.engine import search

    anonymous = AnonymousUser()
    ours: list[float] = []
    raw: list[float] = []
    totals = {}
    queries = QUERIES + number_queries()
    for round_number in range(rounds + 1):
        for text in queries:
            t0 = time.perf_counter()
            results = search(text, anonymous)
            t1 = time.perf_counter()
            raw_sql_search(text)
            t2 = time.perf_counter()
            if round_number:  # round 0 warms the caches
                ours.append((t1 - t0) * 1000)
                raw.append((t2 - t1) * 1000)
            totals[text] = results.total
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size('search_searchentry')), "
                "pg_size_pretty(pg_total_relation_size('search_pagetext'))"
            )
            sizes = cursor.fetchone()
        else:
            sizes = (f"{(OUT / 'search.sqlite3').stat().st_size / 1e6:.0f} MB (file)", "")
    return {
        "backend": backend,
        "documents": documents,
        "pages": timings["pages"],
        "migrate_s": round(migrate_s, 1),
        "insert_documents_s": round(timings["documents_s"], 1),
        "store_pages_s": round(timings["pages_s"], 1),
        "index_entries_s": round(timings["entries_s"], 1),
        "ours_p50_ms": round(statistics.median(ours), 1),
        "ours_p95_ms": round(percentile(ours, 95), 1),
        "raw_p50_ms": round(statistics.median(raw), 1),
        "raw_p95_ms": round(percentile(raw, 95), 1),
        "ratio_p50": round(statistics.median(ours) / statistics.median(raw), 2),
        "ratio_p95": round(percentile(ours, 95) / percentile(raw, 95), 2),
        "sizes": sizes,
        "totals": totals,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="10,000 documents / 100,000 pages")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--pages-per-document", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    documents = 10_000 if args.full else args.documents
    if args.child:
        result = run_child(args.child, documents, args.pages_per_document, args.rounds)
        print("RESULT " + json.dumps(result, ensure_ascii=False))
        return
    results = []
    for backend in [args.only] if args.only else ["postgresql", "sqlite"]:
        command = [sys.executable, __file__, "--child", backend, "--documents", str(documents),
                   "--pages-per-document", str(args.pages_per_document),
                   "--rounds", str(args.rounds)]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=False)
        line = next((x for x in output.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            print(output.stdout[-3000:], output.stderr[-3000:], file=sys.stderr)
            print(f"{backend}: the benchmark child failed", file=sys.stderr)
            continue
        results.append(json.loads(line[7:]))
        print(line, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "search-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print("| database | documents | pages | store pages | index entries | ours p50 / p95 "
          "| raw SQL p50 / p95 | ratio p50 / p95 |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['backend']} | {r['documents']:,} | {r['pages']:,} | {r['store_pages_s']} s "
            f"| {r['index_entries_s']} s | {r['ours_p50_ms']} / {r['ours_p95_ms']} ms "
            f"| {r['raw_p50_ms']} / {r['raw_p95_ms']} ms "
            f"| {r['ratio_p50']}× / {r['ratio_p95']}× |"
        )
    for r in results:
        print(f"{r['backend']}: sizes {r['sizes']}; matches per query: {r['totals']}")


if __name__ == "__main__":
    main()
