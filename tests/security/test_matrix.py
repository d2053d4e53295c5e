"""The permission matrix: nine roles × five access levels × five release states × every surface.

One fixture world, built once per module: 25 archive documents (every level crossed with every
release state) and e-library items, each with unique canary strings in its title, number,
issuing body, signer, file name and the text of every file version. Two sessions publish them
(packets, e-books, offline bundles, notices). Then each role walks each surface and:

- a case the role may see is served (status 200) and shows the object's canary (so the test
  would notice a surface that hides everything);
- a case it may not see is refused (403/404, or a redirect to sign in) and none of the object's
  canaries appears in the body or the headers, with PDF, EPUB and ZIP contents extracted.

Expectations are written out from the rules in DOMAIN.md (`may_see` below), not asked of the
access core. Release states: no release time, before it, at it (released as the world was
built, read a moment later), after it, and "changed back": public while the packets, search
index, feeds and notices were made, then made non-public again before anyone looks (the
rebuild it queues has not run: the worst moment).
"""

from __future__ import annotations

import contextlib
import datetime
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from core import crawler
from core.crawler import extract_text
from core.pdfgen import text_pdf
from core.roles import CLERK, HEAD, ensure_roles
from library.access import Level
from library.models import ArchiveDocument
from library.services import add_version
from tests.factories import TermFactory, UserFactory, delegate_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "delegate",
    "other_term_delegate",
    "ended_term_delegate",
    "named_reader",
    "clerk",
    "head",
    "admin",
    "deactivated",
]
SECRETARIAT = {"clerk", "head", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous", "deactivated"}
LEVELS = ["public", "delegates", "delegates_open", "restricted", "secret"]
RELEASES = ["none", "before", "at", "after", "changed_back"]
RECORD_KINDS = ["ballot", "interpellation", "petition"]
# "changed back": what each level column was (public) and what it becomes.
CHANGED_BACK_TO = {
    "public": "re-embargoed",  # release time moved into the future again
    "delegates": "delegates",
    "delegates_open": "delegates",  # its public_at is cleared
    "restricted": "restricted",
    "secret": "secret",
}
DENIED = {403, 404}
CANARY = re.compile(r"CANARY[0-9A-Z]{4,}", re.IGNORECASE)


def may_see(role: str, level: str, release: str, named_readers: bool = True) -> bool:
    """DOMAIN.md's rules, written out: who sees an object of `level` in `release` state now.
    Objects without a list of named readers (votes, questions, petitions) keep a restricted
    one to the secretariat."""
    if role in SECRETARIAT:
        return True
    if release == "before":
        return False
    if release == "changed_back":
        level = CHANGED_BACK_TO[level]
        if level == "re-embargoed":
            return False
    if level in ("public", "delegates_open"):
        return True
    if level == "delegates":
        return role == "delegate"
    if level == "restricted":
        return named_readers and role == "named_reader"
    return False  # secret: the secretariat only


@dataclass
class Cell:
    """One object of the world and the canaries that belong to it."""

    kind: str  # "document" or "book"
    level: str
    release: str
    code: str
    document: ArchiveDocument | None = None
    page: object | None = None
    canaries: dict[str, str] = field(default_factory=dict)

    @property
    def all_canaries(self) -> list[str]:
        return list(self.canaries.values())

    def visible_to(self, role: str) -> bool:
        return may_see(role, self.level, self.release, self.kind in ("document", "book"))

    @property
    def public(self) -> bool:
        return self.visible_to("anonymous")

    @property
    def has_file(self) -> bool:
        return self.document is not None and bool(self.document.file)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.level}/{self.release}>"


# ---------------------------------------------------------------------------------------------
# The world


def _access_fields(level: str, release: str, now: datetime.datetime) -> dict:
    day = datetime.timedelta(days=1)
    release_at = {
        "none": None,
        "before": now + 2 * day,
        "at": now,
        "after": now - 2 * day,
        "changed_back": None,
    }[release]
    if release == "changed_back":  # public at first, whatever it becomes
        access_level = Level.DELEGATES if level == "delegates_open" else Level.PUBLIC
    else:
        access_level = Level.DELEGATES if level == "delegates_open" else Level[level.upper()]
    fields = {"access_level": access_level, "release_at": release_at, "public_at": None}
    if level == "delegates_open":
        fields["public_at"] = {
            "none": now - datetime.timedelta(hours=1),
            "changed_back": now - datetime.timedelta(hours=1),
            "before": now + 3 * day,
            "at": now,
            "after": now - day,
        }[release]
    return fields


def _make_document(cell: Cell, term, reader, now, number: int) -> ArchiveDocument:
    code = cell.code
    cell.canaries = {
        "title": f"CANARYT{code}",
        "number": f"CANARYN{code}",
        "body": f"CANARYB{code}",
        "signer": f"CANARYS{code}",
        "file name": f"CANARYF{code}",
        "text v1": f"CANARYX{code}",
        "text v2": f"CANARYV{code}",
    }
    c = cell.canaries
    document = ArchiveDocument(
        title=f"Văn bản ma trận kiểm thử {c['title']}",
        number=f"{number}/2026/NQ-{c['number']}",
        issuing_body=f"Cơ quan {c['body']}",
        signer=f"Người ký {c['signer']}",
        issued_on=datetime.date(2026, 11, 1),
        term=term,
        **_access_fields(cell.level, cell.release, now),
    )
    document.save()
    if cell.level == "restricted":
        document.readers.add(reader)
    if cell.level != "secret" or cell.release == "changed_back":
        for version, line in ((1, c["text v1"]), (2, c["text v2"])):
            pdf = text_pdf(document.title, [f"Nội dung ma trận kiểm thử, lần {version}: {line}."])
            add_version(
                document,
                pdf,
                f"Lần {version}",
                None,
                original_name=f"{c['file name']}-{version}.pdf",
            )
    document.refresh_from_db()
    cell.document = document
    return document


def _make_book(cell: Cell, collection, term, reader, now) -> None:
    from library.catalogue import LibraryItemPage
    from search import indexing

    code = cell.code
    cell.canaries = {
        "title": f"CANARYT{code}",
        "author": f"CANARYA{code}",
        "file name": f"CANARYF{code}",
        "text": f"CANARYX{code}",
    }
    c = cell.canaries
    fields = _access_fields(cell.level, cell.release, now)
    document = ArchiveDocument(
        title=f"Sách ma trận kiểm thử {c['title']}", number="", term=term, **fields
    )
    document.save()
    if cell.level == "restricted":
        document.readers.add(reader)
    if cell.level != "secret" or cell.release == "changed_back":
        pdf = text_pdf(document.title, [f"Trang sách ma trận kiểm thử {c['text']}."])
        add_version(document, pdf, "", None, original_name=f"{c['file name']}.pdf")
        document.refresh_from_db()
    page = LibraryItemPage(
        title=f"Sách ma trận kiểm thử {c['title']}",
        slug=f"sach-{code.lower()}",
        authors=f"Tác giả {c['author']}",
        term=term,
        pdf=document if document.file else None,
        access_level=fields["access_level"],
    )
    collection.add_child(instance=page)
    page.save_revision().publish()
    # Page forms refuse a release time in the past; the world sets the times directly.
    timing = {"release_at": fields["release_at"], "public_at": fields["public_at"]}
    LibraryItemPage.objects.filter(pk=page.pk).update(**timing)
    page.refresh_from_db()
    indexing.index_object(page)
    cell.document, cell.page = document, page


def _make_record(cell: Cell, session, asker, now) -> None:
    """A vote, a question put in session or a voters' petition, with its own canaries."""
    from sessions.models import Ballot, Interpellation, Petition

    letter = {"ballot": "Q", "interpellation": "I", "petition": "P"}[cell.kind]
    cell.canaries = {"text": f"CANARY{letter}{cell.code}"}
    text = f"Ma trận kiểm thử {cell.canaries['text']}"
    fields = {"term": session.term, **_access_fields(cell.level, cell.release, now)}
    if cell.kind == "ballot":
        record = Ballot(session=session, subject=text, held_at=now, **fields)
    elif cell.kind == "interpellation":
        record = Interpellation(
            session=session, asker=asker, respondent="Giám đốc Sở", question=text, **fields
        )
    else:
        record = Petition(session=session, meeting="Tiếp xúc cử tri", topic="Đất đai",
                          content=text, **fields)  # fmt: skip
    record.save()
    cell.page = record


def _change_back(cell: Cell, now) -> None:
    """Public while everything was built; now made non-public through a normal save."""
    from search import indexing

    future = now + datetime.timedelta(days=2)
    for obj in filter(None, [cell.page, cell.document]):
        target = CHANGED_BACK_TO[cell.level]
        if target == "re-embargoed":
            obj.release_at = future
        else:
            obj.access_level = Level[target.upper()]
            obj.public_at = None
        obj._stored_release_at = obj.release_at  # a deliberate change, not a form edit
        if target == "secret" and isinstance(obj, ArchiveDocument) and obj.file:
            # The model refuses a secret document with a file; reclassified in the database
            # (an import, a migration), its files stay stored and must still never be served.
            ArchiveDocument.objects.filter(pk=obj.pk).update(
                access_level=Level.SECRET, public_at=None
            )
            obj.refresh_from_db()
            indexing.index_metadata(obj)
        elif hasattr(obj, "save_revision"):
            obj.save_revision().publish()
        else:
            obj.save()


def _users():
    ensure_roles()
    term = TermFactory(number=16, start_date=datetime.date(2021, 6, 25), end_date=None)
    other = TermFactory(number=17, start_date=datetime.date(2026, 6, 1), end_date=None)
    ended = TermFactory(
        number=15, start_date=datetime.date(2016, 6, 25), end_date=datetime.date(2021, 6, 24)
    )
    users = {
        "anonymous": None,
        "delegate": delegate_user(term, "mt-daibieu"),
        "other_term_delegate": delegate_user(other, "mt-khoakhac"),
        "ended_term_delegate": delegate_user(ended, "mt-khoacu"),
        "named_reader": UserFactory(username="mt-nguoidoc"),
        "clerk": UserFactory(username="mt-chuyenvien", is_staff=True),
        "head": UserFactory(username="mt-lanhdao", is_staff=True),
        "admin": UserFactory(username="mt-quantri", is_staff=True, is_superuser=True),
        # A delegate of the term, a named reader and a clerk, whose account is then closed.
        "deactivated": delegate_user(term, "mt-danghi"),
    }
    users["clerk"].groups.add(Group.objects.get(name=CLERK))
    users["head"].groups.add(Group.objects.get(name=HEAD))
    users["deactivated"].groups.add(Group.objects.get(name=CLERK))
    return term, users


def _build_world(media_root) -> dict:
    from library.catalogue import LibraryCollectionPage, LibraryIndexPage
    from notifications import services as notices
    from publishing import services as publishing
    from sessions.models import SessionPage
    from tests.sessions.builders import add_item, make_session

    now = timezone.now()
    with TestCase.captureOnCommitCallbacks(execute=True):
        term, users = _users()
        reader = users["named_reader"]
        cells: list[Cell] = []
        for li, level in enumerate(LEVELS):
            for ri, release in enumerate(RELEASES):
                cell = Cell("document", level, release, f"D{li}{ri}")
                _make_document(cell, term, reader, now, 700 + li * 10 + ri)
                if level == "restricted":
                    cell.document.readers.add(users["deactivated"])
                cells.append(cell)
        from core.models import HomePage

        home = HomePage.objects.get(depth=2)
        index = LibraryIndexPage(title="Thư viện ma trận", slug="thu-vien-ma-tran")
        home.add_child(instance=index)
        index.save_revision().publish()
        collection = LibraryCollectionPage(
            title="Sách ma trận", slug="sach-ma-tran", kind=LibraryCollectionPage.Kind.REFERENCE
        )
        index.add_child(instance=collection)
        collection.save_revision().publish()
        for li, level in enumerate(LEVELS):
            for ri, release in enumerate(RELEASES):
                if release == "at" or level == "restricted":  # books have no named readers
                    continue
                cell = Cell("book", level, release, f"E{li}{ri}")
                _make_book(cell, collection, term, reader, now)
                cells.append(cell)

        documents = [c for c in cells if c.kind == "document"]
        # Closed, so its proceedings (votes, questions, petitions) are built as well.
        stable = make_session(
            term, number=12, start=timezone.localdate(), status=SessionPage.Status.CLOSED
        )
        add_item(
            stable,
            "1",
            "Nội dung ma trận",
            [c.document for c in documents if c.release != "changed_back"],
        )
        changing = make_session(term, number=13, start=timezone.localdate())
        add_item(
            changing,
            "1",
            "Nội dung thay đổi",
            [c.document for c in documents if c.release == "changed_back"],
        )
        asker = users["delegate"].person
        for kind in RECORD_KINDS:
            for li, level in enumerate(LEVELS):
                for ri, release in enumerate(RELEASES):
                    cell = Cell(kind, level, release, f"{kind[0].upper()}{li}{ri}")
                    # All in the closed session: its proceedings are built while the
                    # changed-back ones are still public.
                    _make_record(cell, stable, asker, now)
                    cells.append(cell)
        for session in (stable, changing):
            session.save_revision().publish()
    # Text extraction and the packet builds ran when the block above "committed".
    for session in (stable, changing):
        publishing.build_all(session)

    clients = {}
    for role, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    # Signed in a moment ago, now closed: its session must end with it.
    deactivated = users["deactivated"]
    deactivated.is_active = False
    deactivated.save()

    mail.outbox = []
    for cell in cells:
        if cell.release == "changed_back":
            _change_back(cell, now)
    connection.run_on_commit = []  # the rebuild the change queued has not run yet
    for cell in documents:
        notices.queue_event(
            "document_revised", stable.pk if cell.release != "changed_back" else changing.pk,
            document_id=cell.document.pk, version_number=2,
        )  # fmt: skip
    # The first change waits for the digest window, so the notices go out a window later.
    notices.send_due(timezone.now() + notices.digest_window() + datetime.timedelta(minutes=1))

    return {
        "now": now,
        "term": term,
        "users": users,
        "clients": clients,
        "cells": cells,
        "documents": documents,
        "books": [c for c in cells if c.kind == "book"],
        "records": [c for c in cells if c.kind in RECORD_KINDS],
        "asker": users["delegate"].person,
        "stable": stable,
        "changing": changing,
        "collection": collection,
        "mail": list(mail.outbox),
        "media": media_root,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = str(tmp_path_factory.mktemp("matrix-media"))
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world(media)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _media_root(world, settings):
    settings.MEDIA_ROOT = world["media"]


# ---------------------------------------------------------------------------------------------
# Observing a surface


@dataclass
class Seen:
    url: str
    status: int
    text: str  # body with PDF/EPUB/ZIP contents extracted, plus headers
    location: str = ""


def fetch(client: Client, url: str) -> Seen:
    page = crawler.django_fetcher(client)(url)
    text = extract_text(page.body, page.content_type)
    if "json" in page.content_type:
        with contextlib.suppress(ValueError):  # JSON Lines stay as they are
            text = json.dumps(json.loads(text), ensure_ascii=False)
    headers = "\n".join(f"{k}: {v}" for k, v in page.headers.items())
    text = without_echo(f"{headers}\n{text}", url)
    return Seen(url, page.status, text, page.headers.get("Location", ""))


def without_echo(text: str, url: str) -> str:
    """A search page repeats what was typed (the search box, "results for …"): not a leak."""
    for values in parse_qs(urlsplit(url).query).values():
        for value in values:
            if value.strip():
                for form in (value, quote_plus(value), value.lower()):
                    text = text.replace(form, "")
    return text


def leaked(seen: Seen, cell: Cell) -> list[str]:
    """Canaries of `cell` found in what was served, in any letter case (slugs are lowercase)."""
    low = seen.text.lower()
    return [c for c in cell.all_canaries if c.lower() in low]


def refused(seen: Seen) -> bool:
    if seen.status in DENIED:
        return True
    return seen.status == 302 and ("dang-nhap" in seen.location or "login" in seen.location)


class Tally:
    def __init__(self, record_property):
        self.cases = 0
        self.record = record_property

    def done(self):
        self.record("matrix_cases", self.cases)


@pytest.fixture
def tally(record_property):
    counter = Tally(record_property)
    yield counter
    counter.done()


def check_list(tally, world, role, seen: Seen, *, audience: str, must_show=None):
    """A surface listing objects: nothing `audience` may not see; `must_show` cells shown."""
    problems = []
    for cell in world["cells"]:
        tally.cases += 1
        allowed = {
            "role": cell.visible_to(role),
            "public": cell.public,
            "none": False,
        }[audience]
        found = leaked(seen, cell)
        if not allowed and found:
            problems.append(f"{seen.url}: {role} sees {cell!r}: {found}")
        elif allowed and must_show is not None and must_show(cell) and not found:
            problems.append(f"{seen.url}: {role} should see {cell!r}")
    assert not problems, "\n".join(problems[:20])


# ---------------------------------------------------------------------------------------------
# Surfaces, one object at a time


def document_urls(cell: Cell) -> dict[str, str]:
    document = cell.document
    urls = {
        "page": f"/van-ban/{document.slug}/",
        "api detail": f"/api/v1/van-ban/{document.slug}",
        "compare": f"/van-ban/{document.slug}/so-sanh/1/2/",
        "reader": f"/doc/{document.pk}/",
        "file": f"/van-ban/{document.slug}/tai-ve/",
        "file v1": f"/van-ban/{document.slug}/phien-ban/1/tai-ve/",
        "file v2": f"/van-ban/{document.slug}/phien-ban/2/tai-ve/",
    }
    if document.file:
        urls["wagtail file"] = f"/tai-lieu/{document.pk}/{document.filename}"
    return urls


FILE_SURFACES = {"file", "file v1", "file v2", "wagtail file"}
OBJECT_SURFACES = ["page", "api detail", "compare", "reader", *sorted(FILE_SURFACES)]


@pytest.mark.parametrize("surface", OBJECT_SURFACES)
@pytest.mark.parametrize("role", ROLES)
def test_each_document(world, role, surface, tally):
    client = world["clients"][role]
    problems = []
    for cell in world["documents"]:
        url = document_urls(cell).get(surface)
        if url is None:
            continue
        tally.cases += 1
        seen = fetch(client, url)
        visible = cell.visible_to(role)
        # Secret documents are metadata only: no file, reader or comparison, for anyone.
        servable = surface in ("page", "api detail") or (cell.has_file and cell.level != "secret")
        if visible and servable:
            if seen.status != 200:
                problems.append(f"{url}: {role} refused {cell!r} ({seen.status})")
            elif surface in FILE_SURFACES and not re.search(r"CANARY[XV]", seen.text):
                problems.append(f"{url}: {role} got a file without its text ({cell!r})")
            elif surface not in FILE_SURFACES and cell.canaries["title"] not in seen.text:
                problems.append(f"{url}: {role} got {cell!r} without its title")
        elif not visible:
            if not refused(seen):
                problems.append(f"{url}: {role} not refused {cell!r} ({seen.status})")
            # A refusal may echo the typed address (it holds the slug); nothing else.
            text = seen.text.replace(url, "").replace(url.replace("/", "%2F"), "")
            found = [c for c in cell.all_canaries if c in text]
            if found:
                problems.append(f"{url}: {role} refused {cell!r} but saw {found}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("surface", ["page", "reader", "file", "opds search"])
@pytest.mark.parametrize("role", ROLES)
def test_each_library_item(world, role, surface, tally):
    client = world["clients"][role]
    problems = []
    for cell in world["books"]:
        url = {
            "page": cell.page.url,
            "reader": f"/doc/{cell.document.pk}/",
            "file": f"/van-ban/{cell.document.slug}/tai-ve/" if cell.document.slug else None,
            "opds search": f"/opds/tim-kiem/?q={cell.canaries['title']}",
        }[surface]
        if url is None:
            url = f"/tai-lieu/{cell.document.pk}/{cell.document.filename or 'x.pdf'}"
        tally.cases += 1
        seen = fetch(client, url)
        visible = cell.visible_to(role)
        if surface == "opds search":
            found = leaked(seen, cell)
            if visible and not found:
                problems.append(f"{url}: {role} should find {cell!r}")
            if not visible and found:
                problems.append(f"{url}: {role} finds {cell!r}: {found}")
            continue
        if visible and (surface == "page" or (cell.has_file and cell.level != "secret")):
            if seen.status != 200:
                problems.append(f"{url}: {role} refused {cell!r} ({seen.status})")
        elif not visible:
            text = seen.text.replace(url, "")
            found = [c for c in cell.all_canaries if c in text]
            if not refused(seen) or found:
                problems.append(f"{url}: {role} not refused {cell!r} ({seen.status}) {found}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("role", ROLES)
def test_each_vote(world, role, tally):
    client = world["clients"][role]
    problems = []
    for cell in world["records"]:
        if cell.kind != "ballot":
            continue
        tally.cases += 1
        url = f"/api/v1/bieu-quyet/{cell.page.pk}"
        seen = fetch(client, url)
        if cell.visible_to(role) and (seen.status != 200 or not leaked(seen, cell)):
            problems.append(f"{url}: {role} refused {cell!r} ({seen.status})")
        if not cell.visible_to(role) and (seen.status != 404 or leaked(seen, cell)):
            problems.append(f"{url}: {role} not refused {cell!r} ({seen.status})")
    assert not problems, "\n".join(problems[:20])


# ---------------------------------------------------------------------------------------------
# Surfaces listing many objects


def session_paths(session) -> dict[str, str]:
    base = f"/ky-hop/{session.term.slug}/{session.slug}"
    return {
        "page": session.url,
        "rss": f"{base}/rss.xml",
        "ical": f"{base}/lich.ics",
        "publications": f"{base}/tai-lieu/",
        "packet pdf": f"{base}/tai-lieu/tap-tai-lieu.pdf",
        "packet epub": f"{base}/tai-lieu/sach-dien-tu.epub",
        "supplement": f"{base}/tai-lieu/bo-sung.pdf",
        "offline zip": f"{base}/tai-lieu/ngoai-tuyen.zip",
        "proceedings pdf": f"{base}/ky-yeu.pdf",
        "proceedings epub": f"{base}/ky-yeu.epub",
        "api": f"/api/v1/ky-hop/{session.pk}",
    }


# (surface, url or callable(world), audience, must the role's visible objects all appear?)
LIST_SURFACES = {
    "home": ("/", "role", None),
    "document list": ("/van-ban/", "role", None),
    "document list p2": ("/van-ban/?trang=2", "role", None),
    "document list by year": ("/van-ban/?nam=2026", "role", None),
    "documents rss": ("/van-ban/rss.xml", "public", None),
    "documents atom": ("/van-ban/atom.xml", "public", None),
    "sitemap": ("/sitemap.xml", "public", None),
    "calendar": ("/ky-hop/lich.ics", "none", None),
    "search page": ("/tim-kiem/?q=ma+trận+kiểm+thử", "role", None),
    "search page by text": ("/tim-kiem/?q=CANARYX", "role", None),
    "search facets": ("/tim-kiem/?q=ma+tr%E1%BA%ADn&access_level=secret", "role", None),
    "search api": ("/api/v1/tim-kiem?q=ma+trận+kiểm+thử&per_page=100", "role", "documents"),
    "search api restricted facet": (
        "/api/v1/tim-kiem?q=kiem+thu&access_level=restricted&per_page=100",
        "role",
        None,
    ),
    "search suggestions": ("/api/v1/tim-kiem?q=CANARYT", "role", None),
    "search suggestions folded": ("/api/v1/tim-kiem?q=canaryt+ma+tran+kiem", "role", None),
    "api root": ("/api/v1/", "role", None),
    "api documents": ("/api/v1/van-ban?page_size=100", "role", None),
    "api documents by q": ("/api/v1/van-ban?q=CANARY", "role", None),
    "api export": ("/api/v1/van-ban/xuat-du-lieu.jsonl", "public", None),
    "api sessions": ("/api/v1/ky-hop", "role", None),
    "api terms": ("/api/v1/dai-bieu/khoa", "none", None),
    "api openapi": ("/api/v1/openapi.json", "none", None),
    "api questions": (lambda w: f"/api/v1/ky-hop/{w['stable'].pk}/chat-van", "role", "questions"),
    "api petitions": (lambda w: f"/api/v1/ky-hop/{w['stable'].pk}/kien-nghi", "role", "petitions"),
    "api term": ("/api/v1/dai-bieu/khoa/khoa-xvi", "role", None),
    "asker profile": (lambda w: f"/dai-bieu/{w['asker'].slug}/", "role", None),
    "api asker": (lambda w: f"/api/v1/dai-bieu/{w['asker'].slug}", "role", None),
    "delegates directory": ("/dai-bieu/khoa-xvi/", "role", None),
    "opds root": ("/opds/", "role", None),
    "opds new": ("/opds/moi/", "role", None),
    "opds collection": (lambda w: f"/opds/bo-suu-tap/{w['collection'].pk}/", "role", "books"),
    "library collection": (lambda w: w["collection"].url, "role", None),
    "portal": ("/ky-hop-cua-toi/", "role", None),
    "notification settings": ("/thong-bao/cai-dat/", "role", None),
    "saved searches": ("/tim-kiem/da-luu/", "role", None),
    "admin document chooser": ("/quan-tri/documents/chooser/?q=CANARY", "role", None),
    "admin document list": ("/quan-tri/documents/?q=CANARY", "role", None),
    "admin page chooser search": ("/quan-tri/choose-page/search/?q=CANARY", "role", None),
    "admin page search": ("/quan-tri/pages/search/?q=CANARY", "role", None),
    "admin snippet choosers": ("/quan-tri/snippets/", "role", None),
    "api docs": ("/api/v1/docs", "none", None),
    "opensearch": ("/opds/opensearch.xml", "none", None),
}
for _name in ("stable", "changing"):
    for _surface, _audience in [
        ("page", "role"),
        ("rss", "public"),
        ("ical", "none"),
        ("publications", "role"),
        ("packet pdf", "role"),
        ("packet epub", "role"),
        ("supplement", "role"),
        ("offline zip", "role"),
        ("proceedings pdf", "public"),
        ("proceedings epub", "public"),
        ("api", "role"),
    ]:
        LIST_SURFACES[f"session {_name} {_surface}"] = (
            lambda w, n=_name, s=_surface: session_paths(w[n])[s],
            _audience,
            None,
        )


def _url(world, spec):
    return spec(world) if callable(spec) else spec


@pytest.mark.parametrize("surface", sorted(LIST_SURFACES))
@pytest.mark.parametrize("role", ROLES)
def test_lists_feeds_and_packets(world, role, surface, tally):
    spec, audience, complete = LIST_SURFACES[surface]
    url = _url(world, spec)
    seen = fetch(world["clients"][role], url)
    assert seen.status in (200, 302, 403, 404), (url, role, seen.status)
    if seen.status == 302:
        assert role not in SIGNED_IN or surface.startswith("admin"), (url, role)
    must_show = None
    if complete == "documents":
        must_show = lambda cell: cell.kind == "document"  # noqa: E731
    elif complete == "books":
        must_show = lambda cell: cell.kind == "book"  # noqa: E731
    elif complete == "questions":
        must_show = lambda cell: cell.kind == "interpellation"  # noqa: E731
    elif complete == "petitions":
        must_show = lambda cell: cell.kind == "petition"  # noqa: E731
    check_list(tally, world, role, seen, audience=audience, must_show=must_show)


# ---------------------------------------------------------------------------------------------
# Counts, personal packets and notices


def expected_search_total(world, role) -> int:
    return sum(1 for cell in world["documents"] if cell.visible_to(role))


@pytest.mark.parametrize("role", ROLES)
def test_search_counts_and_facets_count_only_what_the_role_sees(world, role, tally):
    client = world["clients"][role]
    everything = client.get("/api/v1/tim-kiem", {"q": "ma trận kiểm thử", "per_page": 100})
    assert everything.status_code == 200
    facets = everything.json()["facets"]
    seen = client.get(
        "/api/v1/tim-kiem", {"q": "ma trận kiểm thử", "source": "document", "per_page": 100}
    )
    payload = seen.json()
    visible_docs = {c.canaries["title"] for c in world["documents"] if c.visible_to(role)}
    visible_books = {c.canaries["title"] for c in world["books"] if c.visible_to(role)}
    marked = [CANARY.findall(hit["title"]) for hit in payload["hits"]]
    titles = {m.upper() for found in marked for m in found}
    tally.cases += len(world["cells"])
    allowed = visible_docs | visible_books
    assert titles <= allowed, (role, titles - allowed)
    assert visible_docs | visible_books <= titles, (role, visible_docs | visible_books - titles)
    # The count is the count of what is listed: no hidden match adds to it.
    assert payload["total"] == len(payload["hits"]), (role, payload["total"])
    source_counts = {v["value"]: v["count"] for v in facets.get("source", [])}
    assert source_counts.get("document") == payload["total"], (role, source_counts)
    assert sum(source_counts.values()) == everything.json()["total"], (role, source_counts)
    visible = {v for c in world["cells"] if c.visible_to(role) for v in c.canaries.values()}
    for name, values in [*facets.items(), *payload["facets"].items()]:
        tally.cases += 1
        labels = " ".join(v["label"] for v in values)
        found = {m.upper() for m in CANARY.findall(labels)}
        assert found <= visible, (role, name, found - visible)
    for values in payload["facets"].values():
        assert sum(v["count"] for v in values) <= payload["total"], (role, values)


@pytest.mark.parametrize("role", ROLES)
def test_text_search_finds_a_document_only_for_those_who_may_see_it(world, role, tally):
    client = world["clients"][role]
    problems = []
    for cell in world["documents"]:
        if not cell.has_file:
            continue
        tally.cases += 1
        query = cell.canaries["text v2"]
        payload = client.get("/api/v1/tim-kiem", {"q": query}).json()
        shown = [payload["hits"], payload["facets"], payload["suggestions"]]
        body = without_echo(json.dumps(shown, ensure_ascii=False), f"?q={query}")
        found = leaked(Seen("", 200, body), cell)
        # Secret documents keep no text (metadata only), so nobody finds them by it.
        findable = cell.visible_to(role) and cell.level != "secret"
        if findable and cell.canaries["title"] not in body:
            problems.append(f"{role} cannot find {cell!r} by its text")
        if not cell.visible_to(role) and (found or payload["total"]):
            problems.append(f"{role} finds {cell!r}: total {payload['total']} {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_packets_hold_what_the_role_may_read(world, role, tally):
    """The stable session's packet, e-book and offline bundle: the role's edition, no more."""
    client = world["clients"][role]
    paths = session_paths(world["stable"])
    stable_cells = [c for c in world["documents"] if c.release != "changed_back"]
    for surface in ("packet pdf", "packet epub", "offline zip"):
        seen = fetch(client, paths[surface])
        assert seen.status == 200, (role, surface, seen.status)
        for cell in stable_cells:
            tally.cases += 1
            found = leaked(seen, cell)
            if not cell.visible_to(role):
                assert not found, (role, surface, cell, found)
            elif surface != "packet epub" and cell.has_file:
                # Editions hold released items: the public edition what is public, the
                # delegates' edition (personal copies, the secretariat's too) what the term's
                # delegates see. Restricted items go to their named readers only.
                in_edition = cell.public or (
                    (role in SECRETARIAT or role == "delegate")
                    and may_see("delegate", cell.level, cell.release)
                    and cell.level != "restricted"
                )
                assert bool(found) == in_edition, (role, surface, cell, found)


@pytest.mark.parametrize("role", ROLES)
def test_notices_mention_only_what_the_recipient_may_see(world, role, tally):
    user = world["users"][role]
    address = getattr(user, "email", None)
    received = [m for m in world["mail"] if address and address in m.to]
    if role == "delegate":
        assert received, "the term's delegate is told of the changes"
    elif role != "deactivated":
        assert not received or role in SECRETARIAT, (role, len(received))
    for message in received:
        parts = [message.subject, message.body]
        parts += [content for content, _ in getattr(message, "alternatives", [])]
        seen = Seen("mail", 200, "\n".join(str(p) for p in parts))
        check_list(tally, world, role, seen, audience="role")


def test_deactivated_account_is_signed_out(world):
    response = world["clients"]["deactivated"].get("/ky-hop-cua-toi/")
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["anonymous", "delegate", "named_reader"])
def test_leak_crawler_over_the_matrix_world(world, role, record_property):
    """`manage.py leak_crawl --as ROLE` in-process over this world, packets and bundles included
    (every role is crawled over a smaller world in test_leak_crawl.py)."""
    forbidden = crawler.forbidden_for(world["users"][role])
    hidden_titles = {
        next(iter(c.canaries.values())) for c in world["cells"] if not c.visible_to(role)
    }
    assert hidden_titles <= forbidden
    start = [
        session_paths(world["stable"])["publications"],
        session_paths(world["stable"])["offline zip"],
        *crawler.START_PATHS,
    ]
    fetch_ = crawler.django_fetcher(world["clients"][role])
    report = crawler.crawl(fetch_, forbidden, "testserver", start=start, max_pages=150)
    record_property("crawl_pages", len(report.visited))
    assert len(report.visited) > 50, report.visited
    assert report.leaks == [], report.leaks[:10]
    assert report.errors == [], report.errors[:10]
