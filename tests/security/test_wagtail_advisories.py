"""Wagtail security advisories that apply to this site, one regression test each (or proof the
surface is not mounted): API v2, chooser titles in private collections, draft fields through
our API, file-hash header oracles, search over private pages, `.public()` clause blow-up."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection, GroupCollectionPermission, PageViewRestriction

from library.access import Level
from search import engine
from tests.factories import ArchiveDocumentFactory, TermFactory, UserFactory, delegate_user
from tests.sessions.builders import make_session

pytestmark = pytest.mark.django_db


# --- API v2 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v2/", "/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/"]
)
def test_wagtail_api_v2_is_not_mounted(client, path):
    from django.conf import settings

    assert "wagtail.api.v2" not in settings.INSTALLED_APPS
    response = client.get(path)
    assert response.status_code == 404


# --- Choosers for private collections -------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def collections(db):
    root = Collection.get_first_root_node()
    shared = root.add_child(name="Ảnh và văn bản chung")
    private = root.add_child(name="Hồ sơ nhân sự")
    doc = ArchiveDocumentFactory(
        title="Hồ sơ nhân sự mật CANARYCHOOSERDOC",
        access_level=Level.RESTRICTED,
        collection=private,
    )
    image = Image.objects.create(
        title="Ảnh nhân sự mật CANARYCHOOSERIMG",
        file=ImageFile(io.BytesIO(png_bytes()), name="CANARYCHOOSERFILE.png"),
        collection=private,
    )
    editor_group = Group.objects.create(name="Biên tập ảnh chung")
    editor_group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for app, codename in [("wagtaildocs", "choose_document"), ("wagtailimages", "choose_image")]:
        GroupCollectionPermission.objects.create(
            group=editor_group,
            collection=shared,
            permission=Permission.objects.get(content_type__app_label=app, codename=codename),
        )
    editor = UserFactory(username="bientap")
    editor.groups.add(editor_group)
    return {"doc": doc, "image": image, "editor": editor}


CHOOSERS = [
    "/quan-tri/documents/chooser/",
    "/quan-tri/documents/chooser/results/?q=nhân+sự+mật",
    "/quan-tri/images/chooser/",
    "/quan-tri/images/chooser/results/?q=nhân+sự+mật",
]


@pytest.mark.parametrize("url", CHOOSERS)
def test_choosers_never_show_titles_or_file_names_of_a_collection_the_editor_cannot_use(
    client, settings, collections, url
):
    settings.COUNCIL_STAFF_TWO_FACTOR = False  # the Wagtail permission itself is under test
    client.force_login(collections["editor"])
    response = client.get(url)
    assert response.status_code in (200, 403), response.status_code
    text = response.content.decode()
    for canary in ("CANARYCHOOSERDOC", "CANARYCHOOSERIMG", "CANARYCHOOSERFILE"):
        assert canary not in text


def test_control_a_superuser_does_see_them_in_the_choosers(client, settings, collections):
    """Proof that the chooser tests look where the titles would appear."""
    settings.COUNCIL_STAFF_TWO_FACTOR = False
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert b"CANARYCHOOSERDOC" in client.get(CHOOSERS[1]).content
    assert b"CANARYCHOOSERIMG" in client.get(CHOOSERS[3]).content


@pytest.mark.parametrize("url", CHOOSERS)
def test_choosers_are_closed_to_delegates_and_the_anonymous(client, collections, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(delegate_user(TermFactory()))
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"CANARYCHOOSER" not in response.content


# --- Draft fields through any API -------------------------------------------------------------


def test_draft_revisions_never_reach_the_api_or_the_page(client):
    term = TermFactory()
    session = make_session(term, start=timezone.localdate() + datetime.timedelta(days=10))
    session.title = "Kỳ họp CANARYDRAFTFIELD"
    session.venue = "Hội trường CANARYDRAFTVENUE"
    session.save_revision()  # a draft, not published
    for url in ["/api/v1/ky-hop", f"/api/v1/ky-hop/{session.pk}", session.url, "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"CANARYDRAFT" not in response.content, url


def test_an_unpublished_session_is_in_no_api(client):
    session = (
        make_session(TermFactory(), title_suffix=None) if False else make_session(TermFactory())
    )
    session.title = "Kỳ họp CANARYUNPUBLISHED"
    session.save_revision()
    session.unpublish()
    listing = client.get("/api/v1/ky-hop")
    assert b"CANARYUNPUBLISHED" not in listing.content
    assert client.get(f"/api/v1/ky-hop/{session.pk}").status_code == 404


# --- File-hash header oracles ---------------------------------------------------------------


def test_a_refused_file_carries_no_header_derived_from_the_file(client):
    term = TermFactory()
    document = ArchiveDocumentFactory(
        title="Dự thảo CANARYORACLE", access_level=Level.DELEGATES, term=term
    )
    size = document.file.size
    urls = [
        reverse("wagtaildocs_serve", args=[document.pk, document.filename]),
        reverse("library:download", args=[document.slug]),
    ]
    other = delegate_user(TermFactory(number=15, start_date=datetime.date(2016, 6, 1)), "khoaxv")
    for who in (None, other):
        if who is not None:
            client.force_login(who)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (403, 404), url
            for header in ("ETag", "Last-Modified", "Content-Disposition", "Digest"):
                assert header not in response, (url, header)
            assert response.get("Content-Length") != str(size)
            assert document.sha256 not in str(response.headers)
            assert b"CANARYORACLE" not in response.content


# --- Search over private pages --------------------------------------------------------------


# Found here: SessionSource indexed live session pages as public whatever their view restriction.
# The fix is being made in search/ (sources.py, signals.py); drop this marker once it is committed.
def test_search_never_shows_a_session_page_behind_a_wagtail_view_restriction(client):
    from search.indexing import index_object

    session = make_session(TermFactory(), start=datetime.date(2026, 3, 2))
    session.venue = "Phòng họp CANARYPRIVATEPAGE"
    session.save_revision().publish()
    PageViewRestriction.objects.create(page=session, restriction_type=PageViewRestriction.LOGIN)
    session.refresh_from_db()
    index_object(session)
    assert client.get(session.url).status_code in (302, 403, 404)
    results = engine.search("CANARYPRIVATEPAGE", None)
    assert results.total == 0
    page = client.get("/tim-kiem/?q=phong+hop+canaryprivatepage")
    assert b"CANARYPRIVATEPAGE" not in page.content.replace(b"canaryprivatepage", b"")


# --- The .public() clause limit -------------------------------------------------------------


def test_search_filters_by_indexed_access_fields_not_by_lists_of_page_ids(monkeypatch):
    """Wagtail's `.public()` turns every private page into a clause (Elasticsearch refuses more
    than 1024); our search asks the indexed access fields, so the query does not grow."""
    from wagtail.query import PageQuerySet

    def refuse(self, *args, **kwargs):
        raise AssertionError("search must not call .public() / .not_public()")

    monkeypatch.setattr(PageQuerySet, "public", refuse)
    monkeypatch.setattr(PageQuerySet, "not_public", refuse)

    term = TermFactory()
    delegate = delegate_user(term)
    query = engine.parse("nghị quyết")

    now = timezone.now()

    def sql_for(user):
        queryset = engine.base_queryset(query, user, {}, now)
        return str(queryset.query)

    before = {who: sql_for(who) for who in (None, delegate)}
    for n in range(60):
        ArchiveDocumentFactory(
            title=f"Nghị quyết mật số {n}", access_level=Level.DELEGATES, term=term
        )
        make_session(term, number=100 + n, start=datetime.date(2026, 1, 1))
    after = {who: sql_for(who) for who in (None, delegate)}
    for who in (None, delegate):
        assert before[who] == after[who]
        assert "access_level" in after[who]
    assert "term_id" in after[delegate]
    # And the search itself runs with .public() forbidden.
    assert engine.search("nghị quyết", None).total == 0
    assert engine.search("nghị quyết", delegate).total == 60
