"""The leak crawler walks every surface as a role and finds no canary it may not see."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from core import crawler
from core.pdfgen import text_pdf
from core.roles import CLERK, HEAD, ensure_roles
from library import access
from library.access import Level
from library.models import ArchiveDocument
from tests.factories import (
    ArchiveDocumentFactory,
    TermFactory,
    UserFactory,
    delegate_user,
)

pytestmark = pytest.mark.django_db


def canary_document(title, level, **fields):
    return ArchiveDocumentFactory(
        title=title,
        number="",
        access_level=level,
        file=ContentFile(text_pdf(title, [f"Nội dung mật: {title}"]), name=f"{title}.pdf"),
        **fields,
    )


@pytest.fixture
def world():
    term = TermFactory(number=16)
    other = TermFactory(number=15, start_date=datetime.date(2016, 6, 25))
    reader = UserFactory(username="nguoidoc")
    ArchiveDocumentFactory(title="Nghị quyết công khai về đường giao thông", number="")
    canary_document("Dự thảo CANARYDELEG1", Level.DELEGATES, term=term)
    restricted = canary_document("Đơn thư CANARYRESTR1", Level.RESTRICTED)
    restricted.readers.add(reader)
    ArchiveDocument.objects.create(title="Văn bản CANARYSECRET1", access_level=Level.SECRET)
    embargoed = canary_document(
        "Nghị quyết CANARYEMBARGO1",
        Level.PUBLIC,
        release_at=timezone.now() + datetime.timedelta(hours=1),
    )
    ended = TermFactory(
        number=14, start_date=datetime.date(2011, 6, 25), end_date=datetime.date(2016, 6, 24)
    )
    groups = ensure_roles()
    clerk = UserFactory(username="chuyenvien", is_staff=True)
    clerk.groups.add(groups[CLERK])
    head = UserFactory(username="lanhdao", is_staff=True)
    head.groups.add(groups[HEAD])
    closed = delegate_user(term, "danghi")
    restricted.readers.add(closed)
    closed.is_active = False
    closed.save()
    return {
        "term": term,
        "other": other,
        "reader": reader,
        "embargoed": embargoed,
        "delegate": delegate_user(term, "daibieu16"),
        "other_delegate": delegate_user(other, "daibieu15"),
        "ended_delegate": delegate_user(ended, "daibieu14"),
        "clerk": clerk,
        "head": head,
        "admin": UserFactory(username="quantri", is_staff=True, is_superuser=True),
        "deactivated": closed,
    }


def run(user):
    client = Client()
    if user is not None and user.is_authenticated:
        client.force_login(user)
    forbidden = crawler.forbidden_for(user)
    return forbidden, crawler.crawl(crawler.django_fetcher(client), forbidden, "testserver")


def test_forbidden_strings_follow_the_access_core(world):
    assert crawler.forbidden_for(AnonymousUser()) == {
        "CANARYDELEG1",
        "CANARYRESTR1",
        "CANARYSECRET1",
        "CANARYEMBARGO1",
    }
    assert "CANARYDELEG1" not in crawler.forbidden_for(world["delegate"])
    assert "CANARYDELEG1" in crawler.forbidden_for(world["other_delegate"])
    assert crawler.forbidden_for(world["reader"]) == {
        "CANARYDELEG1",
        "CANARYSECRET1",
        "CANARYEMBARGO1",
    }


ROLES = [
    "anonymous",
    "delegate",
    "other_delegate",
    "ended_delegate",
    "reader",
    "clerk",
    "head",
    "admin",
    "deactivated",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_what_it_may_not_see(world, role, record_property):
    user = AnonymousUser() if role == "anonymous" else world[role]
    forbidden, report = run(user)
    record_property("crawl_pages", len(report.visited))
    if role in ("clerk", "head", "admin"):
        assert forbidden == set()  # the secretariat sees everything, before release too
    else:
        assert {"CANARYSECRET1", "CANARYEMBARGO1"} <= forbidden
    assert len(report.visited) > 10, report.visited
    assert report.leaks == [], report.leaks
    assert report.errors == [], report.errors


def test_embargoed_document_is_found_by_the_crawl_only_after_release(world):
    _, before = run(AnonymousUser())
    assert before.ok
    embargoed = world["embargoed"]
    ArchiveDocument.objects.filter(pk=embargoed.pk).update(
        release_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "CANARYEMBARGO1" not in crawler.forbidden_for(AnonymousUser())
    seen = crawler.crawl(
        crawler.django_fetcher(Client()), {"CANARYEMBARGO1"}, "testserver"
    )  # now visible: a crawl that forbids it must find it, so the crawler does look
    assert any(leak.canary == "CANARYEMBARGO1" for leak in seen.leaks)


def test_crawler_catches_a_list_that_forgets_the_access_filter(world, monkeypatch):
    monkeypatch.setattr(access, "visible_to", lambda queryset, user, now=None: queryset)
    forbidden = crawler.forbidden_for(AnonymousUser())
    report = crawler.crawl(crawler.django_fetcher(Client()), forbidden, "testserver")
    assert report.leaks, "a deliberately broken filter must be caught"


def test_crawler_reads_text_inside_pdf_epub_and_zip():
    import io
    import zipfile

    pdf = text_pdf("Tài liệu", ["Trang có CANARYINPDF9"])
    assert "CANARYINPDF9" in crawler.extract_text(pdf, "application/pdf")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<p>CANARYINZIP9</p>")
        archive.writestr("tai-lieu/CANARYNAME9.pdf", pdf)
    text = crawler.extract_text(buffer.getvalue(), "application/zip")
    assert {"CANARYINZIP9", "CANARYNAME9", "CANARYINPDF9"} <= set(crawler.CANARY.findall(text))


def test_leak_crawl_command_passes_and_fails(world, capsys, settings, monkeypatch):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    call_command("leak_crawl", "--as", "anonymous", "--max-pages", "200")
    assert "0 rò rỉ" in capsys.readouterr().out
    monkeypatch.setattr(access, "visible_to", lambda queryset, user, now=None: queryset)
    with pytest.raises(CommandError):
        call_command("leak_crawl", "--as", "daibieu15", "--max-pages", "200")
    with pytest.raises(CommandError):
        call_command("leak_crawl", "--as", "khong-ai")
