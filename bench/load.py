"""Load test: 200 anonymous readers and 20 signed-in delegates against gunicorn + PostgreSQL on
loopback for 60 s, across an embargo release time; then the leak crawler as anonymous.

Run (a database of its own, demo data loaded once):
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE council_load'
    DJANGO_SETTINGS_MODULE=bench.load_settings .venv/bin/python manage.py migrate
    DJANGO_SETTINGS_MODULE=bench.load_settings .venv/bin/python manage.py load_demo --force
    .venv/bin/python bench/load.py [--seconds 60] [--readers 200] [--delegates 20]

Each simulated person is a closed loop: request, read (think time, 1–5 s by default), next
request. Errors are transport failures, 5xx answers and any status other than the one expected
for that URL; the embargoed document must answer 404 to the anonymous before its release time
(a 200 then is a leak) and 200 from a few seconds after it. Prints errors, p50/p95 latency and
throughput for pages and search, writes bench/out/load.json.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SETTINGS = "bench.load_settings"
SEARCHES = ["nghị quyết", "ngan sach", "giao thông", "đầu tư công", "bao cao tham tra", "y tế"]


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()


@dataclass
class Plan:
    anonymous_urls: list[str]
    delegate_urls: list[str]
    delegate_cookies: list[str]
    embargo_url: str
    embargo_slug: str
    release_at: datetime.datetime | None = None


def prepare(delegates: int, release_in: float) -> Plan:
    """Read the demo world: public pages, delegates (with sessions), one document to embargo."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from delegates.models import Body, Membership, Person
    from library.access import Level, delegate_term_ids, public_q
    from library.models import ArchiveDocument
    from sessions.models import SessionPage

    now = timezone.now()
    public_docs = list(
        ArchiveDocument.objects.filter(public_q(now)).exclude(slug="").order_by("pk")[:40]
    )
    sessions = list(SessionPage.objects.live().public())
    people = list(Person.objects.exclude(slug="").order_by("pk")[:30])
    anonymous = ["/", "/van-ban/", "/dai-bieu/", "/van-ban/rss.xml", "/sitemap.xml"]
    anonymous += [f"/van-ban/{d.slug}/" for d in public_docs]
    anonymous += [s.url for s in sessions if s.url]
    anonymous += [f"/dai-bieu/{p.slug}/" for p in people]

    # Delegates: demo accounts first, then accounts made here for seated demo delegates.
    from django.contrib.auth import get_user_model

    User = get_user_model()
    seated = (
        Membership.objects.filter(body__kind=Body.Kind.COUNCIL, end_date__isnull=True)
        .filter(body__term__end_date__isnull=True)
        .select_related("person")
    )
    users = [u for u in User.objects.filter(is_active=True) if delegate_term_ids(u)]
    for membership in seated:
        if len(users) >= delegates:
            break
        person = membership.person
        if person.user_id is None:
            user, _ = User.objects.get_or_create(
                username=f"bench-daibieu-{person.pk}", defaults={"full_name": person.full_name}
            )
            person.user = user
            person.save(update_fields=["user"])
            if delegate_term_ids(user):
                users.append(user)
    users = users[:delegates]
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    term_ids = set().union(*(delegate_term_ids(u) for u in users)) if users else set()
    delegate_docs = list(
        ArchiveDocument.objects.filter(access_level=Level.DELEGATES, term_id__in=term_ids)
        .exclude(slug="")
        .order_by("pk")[:20]
    )
    delegate = anonymous + ["/ky-hop-cua-toi/", "/dai-bieu/ho-so-cua-toi/"]
    delegate += [f"/van-ban/{d.slug}/" for d in delegate_docs]

    # The embargo: one public document goes dark now and is released `release_in` s from now.
    target = public_docs[-1]
    target.release_at = now + datetime.timedelta(seconds=release_in)
    target.save()
    embargo_url = f"/van-ban/{target.slug}/"
    anonymous = [u for u in anonymous if u != embargo_url]
    delegate = [u for u in delegate if u != embargo_url]
    return Plan(anonymous, delegate, cookies, embargo_url, target.slug, target.release_at)


def seed_canaries() -> list[int]:
    """Non-public documents whose title, number and text carry canaries, for the leak crawl
    (the demo world has none): delegates-only, restricted, and public but embargoed a day."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.pdfgen import text_pdf
    from delegates.models import Term
    from library.access import Level
    from library.models import ArchiveDocument

    term = Term.objects.order_by("-number").first()
    specs = [
        ("CANARYLOADDELEGATES", Level.DELEGATES, None),
        ("CANARYLOADRESTRICTED", Level.RESTRICTED, None),
        ("CANARYLOADEMBARGO", Level.PUBLIC, timezone.now() + datetime.timedelta(days=1)),
    ]
    ids = []
    for canary, level, release_at in specs:
        title = f"Tài liệu kiểm tra rò rỉ {canary}"
        document = ArchiveDocument(
            title=title,
            number="",
            access_level=level,
            term=term,
            release_at=release_at,
        )
        document.file = ContentFile(text_pdf(title, [f"Nội dung {canary}."]), name="kiem-tra.pdf")
        document.save()
        ids.append(document.pk)
    return ids


def remove_canaries(ids: list[int]) -> None:
    from library.models import ArchiveDocument

    for document in ArchiveDocument.objects.filter(pk__in=ids):
        document.delete()


def restore(plan: Plan) -> None:
    from library.models import ArchiveDocument

    document = ArchiveDocument.objects.get(slug=plan.embargo_slug)
    document.release_at = None
    document.save()


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"page": [], "search": []})
    by_group: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    embargo_leaks: list[str] = field(default_factory=list)
    embargo_first_200: float | None = None
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, path: str = "") -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.by_group.setdefault(group_of(path), []).append(seconds)
            self.requests += 1

    def error(self, text: str) -> None:
        with self.lock:
            if len(self.errors) < 200:
                self.errors.append(text)
            else:
                self.errors.append("…")


def group_of(path: str) -> str:
    """A route shape for the breakdown: /van-ban/<slug>/ → "/van-ban/…/"."""
    parts = [p for p in path.split("?")[0].split("/") if p]
    if not parts:
        return "/"
    if len(parts) == 1:
        return f"/{parts[0]}/"
    return f"/{parts[0]}/…/" + ("" if len(parts) == 2 else f"({len(parts)} parts)")


def fetch(port: int, path: str, cookie: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Host": "127.0.0.1", "Accept-Encoding": "identity"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def person(port, urls, cookie, stats, plan, deadline, think, rng, search_share):
    while time.monotonic() < deadline:
        if rng.random() < search_share:
            kind, path = "search", "/tim-kiem/?q=" + quote(rng.choice(SEARCHES))
        elif cookie is None and rng.random() < 0.05:
            kind, path = "embargo", plan.embargo_url
        else:
            kind, path = "page", rng.choice(urls)
        started = time.monotonic()
        try:
            status, _ = fetch(port, path, cookie)
        except OSError as exc:
            stats.error(f"{path}: {type(exc).__name__} {exc}")
            time.sleep(think(rng))
            continue
        elapsed = time.monotonic() - started
        if kind == "embargo":
            wall = datetime.datetime.now(datetime.UTC)
            released = wall >= plan.release_at
            if status == 200 and not released:
                stats.embargo_leaks.append(f"200 at {wall.isoformat()} before release")
            elif status == 200 and stats.embargo_first_200 is None:
                stats.embargo_first_200 = (wall - plan.release_at).total_seconds()
            elif status != 200 and (wall - plan.release_at).total_seconds() > 2:
                late = (wall - plan.release_at).total_seconds()
                stats.error(f"{path}: {status} {late:.1f} s after release")
            elif status not in (200, 404):
                stats.error(f"{path}: {status}")
            stats.record("page", elapsed, path)
        else:
            if status != 200:
                stats.error(f"{path}: {status}")
            stats.record(kind, elapsed, path)
        time.sleep(think(rng))


def resolve_redirects(port: int, plan: Plan) -> None:
    first = plan.delegate_cookies[0] if plan.delegate_cookies else None
    for attr, cookie in (("anonymous_urls", None), ("delegate_urls", first)):
        resolved = []
        for path in getattr(plan, attr):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            location = response.getheader("Location", "")
            connection.close()
            if response.status in (301, 302) and location.startswith("/"):
                resolved.append(location)
            else:
                resolved.append(path)
        setattr(plan, attr, resolved)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
    }
    log = open(OUT / "load-gunicorn.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--backlog",
            "1024",
            "--timeout",
            "60",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if fetch(port, "/healthz", None)[0] == 200:
                return process
        if process.poll() is not None:
            raise SystemExit("gunicorn did not start: see bench/out/load-gunicorn.log")
        time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def leak_crawl(result: dict) -> bool:
    """`manage.py leak_crawl --as anonymous` on the same database, with canaries seeded."""
    canaries = seed_canaries()
    try:
        crawl = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "python"),
                "manage.py",
                "leak_crawl",
                "--as",
                "anonymous",
            ],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS},
            capture_output=True,
            text=True,
        )
    finally:
        remove_canaries(canaries)
    summary = [line for line in crawl.stdout.splitlines() if line.startswith("Vai trò")]
    print("leak_crawl --as anonymous:", summary[-1] if summary else crawl.stdout[-500:])
    if crawl.returncode != 0:
        print(crawl.stderr[-3000:])
    result["leak_crawl"] = summary[-1] if summary else "failed"
    return crawl.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--delegates", type=int, default=20)
    parser.add_argument("--release-in", type=float, default=30)
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--search-share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-crawl", action="store_true")
    parser.add_argument("--crawl-only", action="store_true", help="only the leak crawl")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    setup_django()
    if args.crawl_only:
        return 0 if leak_crawl({}) else 1
    plan = prepare(args.delegates, args.release_in + 3)  # +3 s: gunicorn start-up
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    stats = Stats()
    try:
        # Addresses that redirect (e.g. /dai-bieu/ to the current term) are replaced by their
        # target, so every request of the run expects a 200.
        resolve_redirects(port, plan)
        # Warm every worker's imports and caches once, outside the measurement.
        for path in ["/", "/van-ban/", "/tim-kiem/?q=nghi+quyet"] * args.workers:
            with contextlib.suppress(OSError):
                fetch(port, path, None)
        started = time.monotonic()
        deadline = started + args.seconds

        def think(rng):
            return rng.uniform(args.think_min, args.think_max)

        people = [(plan.anonymous_urls, None)] * args.readers
        people += [(plan.delegate_urls, c) for c in plan.delegate_cookies]
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            for index, (urls, cookie) in enumerate(people):
                rng = random.Random(index)
                # Arrivals spread over the first seconds, as people come and go.
                pool.submit(
                    lambda u=urls, c=cookie, r=rng: (
                        time.sleep(r.uniform(0, args.think_max)),
                        person(port, u, c, stats, plan, deadline, think, r, args.search_share),
                    )
                )
        wall = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
        if server.poll() is None:
            server.kill()
    restore(plan)

    result = {
        "seconds": round(wall, 1),
        "readers": args.readers,
        "delegates": len(plan.delegate_cookies),
        "think_s": [args.think_min, args.think_max],
        "gunicorn": f"{args.workers} workers × {args.threads} threads (gthread)",
        "requests": stats.requests,
        "throughput_rps": round(stats.requests / wall, 1),
        "errors": len(stats.errors),
        "embargo_leaks": len(stats.embargo_leaks),
        "embargo_first_200_after_release_s": stats.embargo_first_200,
    }
    for kind, values in stats.latencies.items():
        result[kind] = {
            "count": len(values),
            "rps": round(len(values) / wall, 1),
            "p50_ms": round(percentile(values, 0.5) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else None,
        }
    result["by_route"] = {
        name: {
            "count": len(values),
            "p50_ms": round(percentile(values, 0.5) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }
        for name, values in sorted(stats.by_group.items(), key=lambda kv: -len(kv[1]))
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    for line in stats.errors[:20] + stats.embargo_leaks[:20]:
        print("  ", line)

    leaks_ok = True if args.no_crawl else leak_crawl(result)
    (OUT / "load.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    ok = (
        not stats.errors
        and not stats.embargo_leaks
        and leaks_ok
        and result["page"]["p95_ms"] <= 300
        and result["search"]["p95_ms"] <= 500
    )
    print("TARGETS MET" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
