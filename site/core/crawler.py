"""The leak crawler: walk every link a role can reach and look for text it must not see.

Starts from the home page, sitemap, feeds, API root, OPDS and search; follows links in HTML,
XML (sitemap, Atom, RSS, OPDS) and JSON; opens every download and extracts its text (PDF with
pdftotext, EPUB and ZIP member by member); reports every forbidden string found in a body or a
header. Works in-process (Django's test client) or against a running instance over HTTP.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

START_PATHS = [
    "/",
    "/sitemap.xml",
    "/van-ban/rss.xml",
    "/van-ban/atom.xml",
    "/ky-hop/lich.ics",
    "/api/v1/",
    "/api/v1/openapi.json",
    "/opds/",
    "/tim-kiem/?q=nghi+quyet",
    "/tim-kiem/?q=canary",
    "/dai-bieu/",
    "/thu-vien/",
]
# Never followed: state-changing or session-ending links, the admin, static assets.
SKIP = re.compile(
    r"^/(quan-tri/|dang-xuat/|i18n/|static/|media/images/|favicon)|/(xoa|huy-nhan-thu)/"
)
URL_IN_TEXT = re.compile(r"""https?://[^\s"'<>]+|(?<=["'])/[^\s"'<>]+""")
MAX_BODY = 50 * 1024 * 1024


@dataclass
class Leak:
    url: str
    canary: str
    where: str


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.leaks and not self.errors


@dataclass
class Fetched:
    status: int
    content_type: str
    headers: dict[str, str]
    body: bytes


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in {"href", "src", "data-file", "action"} and tag != "form":
                self.links.append(value)


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", handle.name, "-"],
            capture_output=True,
            timeout=120,
            check=False,
        )
    info = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", "-"], input=data, capture_output=True, timeout=60, check=False
    )
    return result.stdout.decode("utf-8", "replace") + info.stdout.decode("utf-8", "replace")


def archive_text(data: bytes, depth: int = 0) -> str:
    """Every member's name and text (EPUB, ZIP), nested archives and PDFs included."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            parts.append(info.filename)
            if info.file_size > MAX_BODY:
                continue
            member = archive.read(info)
            parts.append(extract_text(member, info.filename, depth + 1))
    return "\n".join(parts)


def extract_text(body: bytes, name_or_type: str, depth: int = 0) -> str:
    kind = name_or_type.lower()
    if body.startswith(b"%PDF") or kind.endswith(".pdf") or "application/pdf" in kind:
        return pdf_text(body)
    if body.startswith(b"PK\x03\x04") and depth < 3:
        try:
            return archive_text(body, depth)
        except zipfile.BadZipFile:
            return ""
    return body.decode("utf-8", "replace")


def links_in(body: bytes, content_type: str) -> list[str]:
    text = body.decode("utf-8", "replace")
    if "html" in content_type:
        parser = _Links()
        parser.feed(text)
        return parser.links
    if "json" in content_type:
        try:
            payload = json.loads(text)
        except ValueError:
            return []
        found: list[str] = []
        if isinstance(payload, dict) and "openapi" in payload and "paths" in payload:
            # An OpenAPI schema: every GET endpoint without a path parameter is a start point.
            found.extend(
                path
                for path, operations in payload["paths"].items()
                if "{" not in path and "get" in operations
            )
            return found

        def walk(value):
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str) and (value.startswith("/") or value.startswith("http")):
                found.append(value)

        walk(payload)
        return found
    if "xml" in content_type or "calendar" in content_type:
        return URL_IN_TEXT.findall(text)
    return []


def crawl(
    fetch: Callable[[str], Fetched],
    forbidden: Iterable[str],
    host: str,
    start: Iterable[str] = START_PATHS,
    max_pages: int = 3000,
    progress: Callable[[str], None] | None = None,
) -> CrawlReport:
    """Breadth-first walk from `start`; `forbidden` are strings this role must never see."""
    forbidden = sorted({c for c in forbidden if c}, key=len, reverse=True)
    report = CrawlReport()
    queue = deque(start)
    seen = set(queue)
    while queue and len(report.visited) < max_pages:
        path = queue.popleft()
        try:
            page = fetch(path)
        except Exception as exc:  # a crawler reports, it does not stop at the first fault
            report.errors.append(f"{path}: {type(exc).__name__}: {exc}")
            continue
        report.visited.append(path)
        if progress:
            progress(path)
        if page.status >= 500:
            report.errors.append(f"{path}: HTTP {page.status}")
        headers = "\n".join(f"{k}: {v}" for k, v in page.headers.items())
        text = extract_text(page.body, page.content_type)
        for canary in forbidden:
            if canary in headers:
                report.leaks.append(Leak(path, canary, "header"))
            if canary in text:
                report.leaks.append(Leak(path, canary, "body"))
        if page.status != 200:
            continue
        for link in links_in(page.body, page.content_type):
            target, _ = urldefrag(urljoin(path, link.strip()))
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != host:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if not local.startswith("/") or SKIP.search(local) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return report


CANARY = re.compile(r"CANARY[0-9A-Z]{4,}")


def access_controlled_models():
    from django.apps import apps

    from library.access import AccessControlled

    return [m for m in apps.get_models() if issubclass(m, AccessControlled)]


def _canaries_of(obj) -> set[str]:
    """Canary strings in an object's own fields and in the rows that hang off it (versions…)."""
    found: set[str] = set()
    for field_ in obj._meta.concrete_fields:
        value = getattr(obj, field_.attname, None)
        if value:
            found.update(CANARY.findall(str(value)))
    for relation in obj._meta.related_objects:
        if relation.one_to_many and relation.related_model._meta.app_label in {
            "library",
            "search",
            "council_sessions",
        }:
            accessor = relation.get_accessor_name()
            for related in getattr(obj, accessor).all()[:200]:
                for field_ in related._meta.concrete_fields:
                    value = getattr(related, field_.attname, None)
                    if isinstance(value, str) and "CANARY" in value:
                        found.update(CANARY.findall(value))
    return found


def forbidden_for(user, now=None) -> set[str]:
    """Canaries of everything `user` may not see now, minus any it may see elsewhere."""
    from library import access

    hidden: set[str] = set()
    allowed: set[str] = set()
    for model in access_controlled_models():
        for obj in model._default_manager.all():
            (allowed if access.can_view(user, obj, now) else hidden).update(_canaries_of(obj))
    return hidden - allowed


def django_fetcher(client) -> Callable[[str], Fetched]:
    def fetch(path: str) -> Fetched:
        response = client.get(path)
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        headers = dict(response.headers.items())
        return Fetched(response.status_code, headers.get("Content-Type", ""), headers, body)

    return fetch


def http_fetcher(base_url: str, cookie: str | None = None) -> Callable[[str], Fetched]:
    import urllib.error
    import urllib.request

    def fetch(path: str) -> Fetched:
        request = urllib.request.Request(urljoin(base_url, path))
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                headers = dict(response.headers.items())
                body = response.read(MAX_BODY)
                return Fetched(response.status, headers.get("Content-Type", ""), headers, body)
        except urllib.error.HTTPError as error:
            headers = dict(error.headers.items())
            return Fetched(error.code, headers.get("Content-Type", ""), headers, error.read())

    return fetch
