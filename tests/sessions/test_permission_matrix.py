"""The permission matrix: every surface × every kind of user × every access level, before and
after release. Zero leaks: a document the user may not see is refused (403/404) as a page and
as every file version, and its title, number and slug never appear in any list, feed, sitemap,
calendar, API answer or portal.

Expectations come from the rules in DOMAIN.md, written out here, not from the access core.
"""

import datetime
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pdfgen import text_pdf
from library.access import Level
from library.models import ArchiveDocument
from library.services import add_version
from tests.factories import TermFactory, UserFactory, delegate_user, secretariat_user

from .builders import add_item, make_session

USERS = ["anonymous", "delegate", "other_delegate", "reader", "secretariat"]
# (name, level, public_at passed): "delegates_open" is a draft made public after the session.
LEVELS = [
    ("public", Level.PUBLIC, False),
    ("delegates", Level.DELEGATES, False),
    ("delegates_open", Level.DELEGATES, True),
    ("restricted", Level.RESTRICTED, False),
    ("secret", Level.SECRET, False),
]
RELEASES = ["released", "embargoed"]


def may_see(user: str, level: str, released: bool) -> bool:
    if user == "secretariat":
        return True
    if not released:
        return False
    return {
        "public": True,
        "delegates_open": True,
        "delegates": user == "delegate",
        "restricted": user == "reader",
        "secret": False,
    }[level]


def publicly_listed(level: str, released: bool) -> bool:
    return released and level in ("public", "delegates_open")


@pytest.fixture
def world(db):
    now = timezone.now()
    term = TermFactory(number=16)
    old_term = TermFactory(
        number=15, start_date=datetime.date(2016, 6, 1), end_date=datetime.date(2021, 6, 24)
    )
    users = {
        "anonymous": None,
        "delegate": delegate_user(term, "daibieu"),
        "other_delegate": delegate_user(old_term, "daibieu15"),
        "reader": UserFactory(username="nguoidoc"),
        "secretariat": secretariat_user("vanphong"),
    }
    session = make_session(term, number=12, start=timezone.localdate() + datetime.timedelta(days=5))
    docs = []
    for n, ((name, level, opened), release) in enumerate(itertools.product(LEVELS, RELEASES)):
        code = f"{701 + n}"
        title = f"Văn bản kiểm thử {name} {release} mã {code}"
        fields = {
            "title": title,
            "number": f"{code}/2026/NQ-HĐND",
            "access_level": level,
            "term": term,
            "release_at": now + datetime.timedelta(days=3) if release == "embargoed" else None,
            "public_at": now - datetime.timedelta(hours=1) if opened else None,
        }
        if opened and release == "embargoed":
            fields["public_at"] = now + datetime.timedelta(days=4)
            # "after release" moves both into the past: then the draft is public.
        document = ArchiveDocument(**fields)
        document.save()
        if level == Level.RESTRICTED:
            document.readers.add(users["reader"])
        if level != Level.SECRET:
            add_version(document, text_pdf(title, ["Lần 1."]), "", None, original_name="a.pdf")
            add_version(document, text_pdf(title, ["Lần 2."]), "Sửa", None, original_name="b.pdf")
        document.refresh_from_db()
        docs.append({"doc": document, "level": name, "release": release, "code": code})
    add_item(session, "1", "Mục kiểm thử", [d["doc"] for d in docs])
    return {"users": users, "docs": docs, "session": session, "term": term}


def release_everything(world):
    past = timezone.now() - datetime.timedelta(minutes=5)
    for entry in world["docs"]:
        if entry["release"] == "embargoed":
            doc = entry["doc"]
            ArchiveDocument.objects.filter(pk=doc.pk).update(
                release_at=past - datetime.timedelta(minutes=5),
                public_at=past if doc.public_at else None,
            )


def markers(document):
    return [document.title, document.number, document.slug]


def body_of(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON escapes Vietnamese letters (\u0110); compare against the decoded text.
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def file_urls(document):
    urls = [reverse("library:download", args=[document.slug])]
    urls += [reverse("library:version_download", args=[document.slug, n]) for n in (1, 2)]
    if document.file:
        urls.append(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    return urls


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["before", "after"])
@pytest.mark.parametrize("who", USERS)
def test_zero_leaks(client, world, who, phase):
    if phase == "after":
        release_everything(world)
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    session = world["session"]

    # Pages and files, document by document.
    for entry in world["docs"]:
        document = entry["doc"]
        released = entry["release"] == "released" or phase == "after"
        visible = may_see(who, entry["level"], released)
        page = client.get(reverse("library:document", args=[document.slug]))
        api = client.get(f"/api/v1/van-ban/{document.slug}")
        if visible:
            assert page.status_code == 200, (who, entry)
            assert document.title in body_of(page)
            assert api.status_code == 200
        else:
            assert page.status_code in (403, 404), (who, entry)
            assert api.status_code == 404
            # The refusal page echoes the typed address (slug) in its forms; nothing else.
            for marker in (document.title, document.number):
                assert marker not in body_of(page)
                assert marker not in body_of(api)
        for url in file_urls(document):
            response = client.get(url)
            content = body_of(response)
            if visible and entry["level"] != "secret":
                assert response.status_code == 200, (who, entry, url)
                assert content.startswith("%PDF")
            else:
                assert response.status_code in (403, 404), (who, entry, url)
                assert not content.startswith("%PDF")

    # Lists, feeds, calendars, sitemap, API and portal: every body checked for every marker.
    surfaces = {
        "session page": session.url,
        "session index": session.get_parent().url,
        "document list": "/van-ban/",
        "documents rss": "/van-ban/rss.xml",
        "documents atom": "/van-ban/atom.xml",
        "session rss": f"/ky-hop/{session.term.slug}/{session.slug}/rss.xml",
        "ical": "/ky-hop/lich.ics",
        "session ical": f"/ky-hop/{session.term.slug}/{session.slug}/lich.ics",
        "sitemap": "/sitemap.xml",
        "api documents": "/api/v1/van-ban?page_size=100",
        "api session": f"/api/v1/ky-hop/{session.pk}",
        "api sessions": "/api/v1/ky-hop",
        "api export": "/api/v1/van-ban/xuat-du-lieu.jsonl",
        "portal": "/ky-hop-cua-toi/",
    }
    public_only = {"documents rss", "documents atom", "session rss", "sitemap", "api export"}
    no_documents = {"ical", "session ical", "api sessions", "session index"}
    for surface, url in surfaces.items():
        response = client.get(url)
        if surface == "portal" and user is None:
            assert response.status_code == 302
            continue
        assert response.status_code == 200, (surface, who)
        body = body_of(response)
        for entry in world["docs"]:
            document = entry["doc"]
            released = entry["release"] == "released" or phase == "after"
            if surface in public_only:
                allowed = publicly_listed(entry["level"], released)
            elif surface in no_documents:
                allowed = False
            else:
                allowed = may_see(who, entry["level"], released)
            if not allowed:
                for marker in markers(document):
                    assert marker not in body, (
                        surface,
                        who,
                        phase,
                        entry["level"],
                        entry["release"],
                    )
            elif surface in ("session page", "api session", "api documents", "document list") or (
                surface == "portal" and who in ("delegate", "secretariat")
            ):
                assert document.title in body, (surface, who, entry["level"])
            elif surface in public_only and surface != "sitemap":
                assert document.number in body, (surface, who, entry["level"])
