"""Hardened headers and caching: HSTS, secure cookies, referrer policy, frame protection, and no
private response that any shared cache may keep or hand to the next visitor."""

import datetime
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pdfgen import text_pdf
from library.access import Level
from library.services import add_version
from tests.factories import ArchiveDocumentFactory, TermFactory, delegate_user
from tests.sessions.builders import add_item, make_session

ROOT = Path(__file__).resolve().parents[2]
CANARY = "CANARYHDRDELEGATE"

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "hdnd.example.vn",
    "DATABASE_URL": "sqlite:////tmp/council-security-prod-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6399/0",
    "AWS_STORAGE_BUCKET_NAME": "council-private",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
    "ELASTICSEARCH_URL": "http://127.0.0.1:9299",
    "EMAIL_HOST": "mail.example.vn",
}
PRODUCTION_NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "COUNCIL_STAFF_TWO_FACTOR",
]


def run_production(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def production_settings() -> dict:
    code = (
        "import sys, json; sys.path[:0] = ['.', 'site'];"
        "import django; django.setup(); from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_NAMES!r}}}))"
    )
    result = run_production(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_hardened(production_settings):
    s = production_settings
    assert s["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and s["SECURE_HSTS_PRELOAD"]
    assert s["SECURE_SSL_REDIRECT"]
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["COUNCIL_STAFF_TWO_FACTOR"] is True


def test_check_deploy_is_clean_with_production_settings():
    result = run_production(
        "import sys; sys.argv = ['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'];"
        "sys.path[:0] = ['.', 'site'];"
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(sys.argv)"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def production_like(settings, production_settings):
    """The running site with the production values of every header and cookie setting."""
    for name, value in production_settings.items():
        if name != "SECURE_PROXY_SSL_HEADER":
            setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks https itself (secure=True)
    return settings


@pytest.fixture
def world(db):
    term = TermFactory()
    delegate = delegate_user(term, "daibieu")
    draft = ArchiveDocumentFactory(
        title=f"Dự thảo nghị quyết {CANARY}", number="", access_level=Level.DELEGATES, term=term
    )
    add_version(
        draft, text_pdf(draft.title, [f"Nội dung {CANARY}."]), "", None, original_name="du-thao.pdf"
    )
    draft.refresh_from_db()
    public = ArchiveDocumentFactory(title="Nghị quyết công khai về giao thông")
    session = make_session(term, start=timezone.localdate() + datetime.timedelta(days=5))
    add_item(session, "1", "Mục 1", [draft, public])
    return {"delegate": delegate, "draft": draft, "public": public, "session": session}


def private_urls(world) -> dict[str, str]:
    draft, session = world["draft"], world["session"]
    return {
        "home": "/",
        "document list": "/van-ban/",
        "document page": reverse("library:document", args=[draft.slug]),
        "download": reverse("library:download", args=[draft.slug]),
        "version": reverse("library:version_download", args=[draft.slug, 1]),
        "file": reverse("wagtaildocs_serve", args=[draft.pk, draft.filename]),
        "session page": session.url,
        "portal": "/ky-hop-cua-toi/",
        "search": "/tim-kiem/?q=du+thao",
        "api document": f"/api/v1/van-ban/{draft.slug}",
        "api list": "/api/v1/van-ban?page_size=100",
        "api search": "/api/v1/tim-kiem?q=du+thao",
        "rss": "/van-ban/rss.xml",
        "atom": "/van-ban/atom.xml",
        "ical": "/ky-hop/lich.ics",
        "sitemap": "/sitemap.xml",
        "delegates": "/dai-bieu/",
        "my record": "/dai-bieu/ho-so-cua-toi/",
    }


def assert_private(response, where):
    cache_control = response.get("Cache-Control", "")
    directives = {d.strip().split("=")[0] for d in cache_control.split(",")}
    assert {"private", "no-store"} <= directives, (where, cache_control)
    assert not directives & {"public", "s-maxage"}, (where, cache_control)
    assert "Expires" not in response, where
    assert "Cookie" in response.get("Vary", ""), (where, response.get("Vary"))


def test_every_response_to_a_signed_in_delegate_is_private(client, world):
    client.force_login(world["delegate"])
    for where, url in private_urls(world).items():
        response = client.get(url)
        assert response.status_code in (200, 302), (where, response.status_code)
        assert_private(response, where)


def test_refusals_to_the_anonymous_are_private_too(client, world):
    draft = world["draft"]
    for url in [
        reverse("library:document", args=[draft.slug]),
        reverse("library:download", args=[draft.slug]),
        reverse("wagtaildocs_serve", args=[draft.pk, draft.filename]),
        f"/api/v1/van-ban/{draft.slug}",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert {"private", "no-store"} <= {
            d.strip() for d in response["Cache-Control"].split(",")
        }, url


def test_a_public_file_may_be_cached_by_proxies_only_for_the_anonymous(client, world):
    public = world["public"]
    url = reverse("wagtaildocs_serve", args=[public.pk, public.filename])
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert "public" in anonymous["Cache-Control"]
    client.force_login(world["delegate"])
    assert_private(client.get(url), "public file, signed in")


def test_security_headers_on_pages_files_api_and_feeds(client, world, production_like):
    client.force_login(world["delegate"])
    for where, url in private_urls(world).items():
        response = client.get(url, secure=True)
        assert response["Strict-Transport-Security"].startswith("max-age=31536000"), where
        assert "includeSubDomains" in response["Strict-Transport-Security"]
        assert response["Referrer-Policy"] == "same-origin", where
        assert response["X-Content-Type-Options"] == "nosniff", where
        assert response["X-Frame-Options"] == "DENY", where
        if response.get("Content-Type", "").startswith("text/html"):
            csp = response["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp, where
            assert (
                "script-src 'self'" in csp
                and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
            )


def test_the_admin_is_framed_by_nobody_either(client, db, production_like):
    response = client.get("/quan-tri/login/", secure=True)
    assert response["X-Frame-Options"] == "DENY"


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, world, production_like):
    login = client.get("/dang-nhap/", secure=True)
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/dang-nhap/",
        {"username": "daibieu", "password": "pw", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


class SharedCache:
    """What a proxy may do under RFC 9111 §3: store a 200 unless `no-store` or `private`, a
    response to a request with credentials only if marked `public`/`s-maxage`, and key it by
    the request headers named in Vary."""

    def __init__(self):
        self.entries: dict[tuple, object] = {}

    @staticmethod
    def directives(response) -> set[str]:
        return {
            d.strip().split("=")[0].lower() for d in response.get("Cache-Control", "").split(",")
        }

    def key(self, url, cookie, vary):
        return (url, cookie if "cookie" in vary.lower() else None)

    def fetch(self, client, url, cookie: str | None):
        for (cached_url, cached_cookie), response in self.entries.items():
            vary = response.get("Vary", "")
            if cached_url == url and self.key(url, cookie, vary) == (cached_url, cached_cookie):
                return response, True
        response = client.get(url)
        d = self.directives(response)
        storable = (
            response.status_code == 200
            and not d & {"no-store", "private", "no-cache"}
            and (cookie is None or d & {"public", "s-maxage"})
        )
        if storable:
            if hasattr(response, "streaming_content"):
                response.content = b"".join(response.streaming_content)
            self.entries[self.key(url, cookie, response.get("Vary", ""))] = response
        return response, False


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_a_delegates_visit_then_an_anonymous_visit_through_a_shared_cache(client, world):
    from django.test import Client

    cache = SharedCache()
    client.force_login(world["delegate"])
    cookie = client.cookies["sessionid"].value
    urls = private_urls(world)
    for url in urls.values():
        response, _ = cache.fetch(client, url, cookie)
    # The delegate saw the draft (the proof that there was something to leak)...
    for where in ("document page", "search", "api search", "file"):
        seen, _ = cache.fetch(client, urls[where], cookie)
        assert CANARY.encode() in body(seen) or where == "file", where
    assert not cache.entries  # ...and nothing of theirs was storable.
    anonymous = Client()
    for where, url in urls.items():
        response, from_cache = cache.fetch(anonymous, url, None)
        assert not from_cache, where
        assert CANARY.encode() not in body(response), where
        assert CANARY not in str(response.headers), where


def test_a_delegates_visit_then_an_anonymous_visit_through_djangos_site_cache(settings, world):
    """The same with a real cache in front: Django's per-site cache middleware."""
    from django.core.cache import caches
    from django.test import Client

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sec"}
    }
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    caches["default"].clear()
    delegate = Client()
    delegate.force_login(world["delegate"])
    urls = private_urls(world)
    assert CANARY.encode() in body(delegate.get(urls["document page"]))
    for url in urls.values():
        delegate.get(url)
    anonymous = Client()
    for where, url in urls.items():
        response = anonymous.get(url)
        assert CANARY.encode() not in body(response), where
