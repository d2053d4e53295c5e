"""The packet and e-book download pages in English (the packets themselves stay Vietnamese)."""

import datetime
import html
import io
import zipfile

import pytest
from django.core.files.base import ContentFile

from library.access import Level
from library.services import add_version
from publishing import services
from publishing.models import Edition
from tests.factories import TermFactory, UserFactory, delegate_user, secretariat_user
from tests.i18n import assert_english, untranslated, use_english
from tests.publishing.conftest import pdf_bytes
from tests.publishing.test_editions import pdf_document
from tests.sessions.builders import add_item, make_session

pytestmark = pytest.mark.django_db

URL = "/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/"


@pytest.fixture
def session():
    term = TermFactory()
    page = make_session(term, number=12, start=datetime.date(2026, 12, 8))
    public = pdf_document("Báo cáo kinh tế – xã hội năm 2026", number="210/BC-UBND")
    draft = pdf_document("Dự thảo Nghị quyết ưu tiên đầu tư", Level.DELEGATES, term=term)
    add_item(page, "1", "Báo cáo kinh tế – xã hội", [public])
    add_item(page, "2", "Các dự thảo nghị quyết", [draft])
    return {"page": page, "term": term, "public": public, "draft": draft}


def english(client, url):
    response = use_english(client).get(url)
    assert_english(response)
    return html.unescape(response.content.decode())


def test_public_edition_page_in_english(client, session):
    services.build_all(session["page"])
    html = english(client, URL)
    for text in (
        "Session materials",
        "Public edition",
        "Current release: build 1, updated ",
        "1 document",
        "Download the complete session packet (PDF)",
        "Offline reading bundle (ZIP)",
        "digital signatures",
    ):
        assert text in html, text
    assert '<span lang="vi">Kỳ họp thứ 12, HĐND tỉnh khóa XVI</span>' in html


def test_not_ready_page_in_english(client, session):
    client.force_login(UserFactory(username="khach"))
    html = english(client, URL)
    assert "is not ready yet" in html


def test_delegate_edition_out_of_date_and_supplement_in_english(client, session):
    services.run_build(session["page"], Edition.DELEGATES)
    delegate = delegate_user(session["term"], "daibieu")
    client.force_login(delegate)
    html = english(client, URL)
    assert "Delegates' edition" in html and "carry your name" in html
    assert "Supplementary documents since build number" in html
    client.get(f"{URL}tap-tai-lieu.pdf")
    html = english(client, URL)
    assert "You have downloaded the latest build (build 1)." in html
    add_version(session["draft"], ContentFile(pdf_bytes("Bản sửa", 1), name="v2.pdf"))
    services.run_build(session["page"], Edition.DELEGATES)
    html = english(client, URL)
    assert "The copy you downloaded (build 1) is out of date." in html
    assert "There is 1 new or revised document." in html
    # The same news on the portal.
    html = english(client, "/ky-hop-cua-toi/")
    assert "Download 1 supplementary document" in html


def test_supplement_messages_in_english(client, session):
    services.run_build(session["page"], Edition.DELEGATES)
    client.force_login(delegate_user(session["term"], "daibieu"))
    html = english(client, f"{URL}bo-sung.pdf?tu-ban=x")
    assert "The build number is not valid." in html and "Back to the session materials" in html
    html = english(client, f"{URL}bo-sung.pdf")
    assert "You have not downloaded any build yet" in html
    html = english(client, f"{URL}bo-sung.pdf?tu-ban=9")
    assert "There is no build 9 of this session packet." in html
    html = english(client, f"{URL}bo-sung.pdf?tu-ban=1")
    assert "There are no new or revised documents since build 1." in html


def test_failed_build_is_explained_to_the_secretariat_in_english(
    client, session, settings, tmp_path
):
    services.run_build(session["page"], Edition.DELEGATES)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(blocker / "media")
    failed = services.run_build(session["page"], Edition.DELEGATES, force=True)
    settings.MEDIA_ROOT = media
    client.force_login(secretariat_user())
    html = english(client, URL)
    assert f"Build {failed.number} failed; delegates still get the latest good build." in html
    # The admin's list of builds: labels and statuses in English, the stored log as it was.
    listing = use_english(client).get("/quan-tri/publishing_builds/").content.decode()
    assert "Session packet build" in listing and "Failed" in listing
    assert failed.error[:30] in listing


def test_offline_bundle_index_in_english(client, session):
    services.run_build(session["page"], Edition.DELEGATES)
    client.force_login(delegate_user(session["term"], "daibieu"))
    response = use_english(client).get(f"{URL}ngoai-tuyen.zip")
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = next(n for n in bundle.namelist() if n.endswith("/index.html"))
    html = bundle.read(index).decode()
    assert '<html lang="en">' in html
    assert "Individual documents" in html and "Personal edition of" in html
    assert untranslated(html) == []


def test_vietnamese_stays_the_default(client, session):
    services.build_all(session["page"])
    html = client.get(URL).content.decode()
    assert '<html lang="vi"' in html and "Tải trọn bộ tài liệu (PDF)" in html
    assert "Đang phát hành: bản số 1, cập nhật " in html
    client.force_login(delegate_user(session["term"], "daibieu"))
    response = client.get(f"{URL}ngoai-tuyen.zip")
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    index = next(n for n in bundle.namelist() if n.endswith("/index.html"))
    html = bundle.read(index).decode()
    assert '<html lang="vi">' in html and "Từng tài liệu" in html


def test_interrupted_build_is_explained_in_english(client, session, settings):
    import datetime as dt

    from django.utils import timezone

    from publishing.models import STALE_ERROR, Build

    first = services.run_build(session["page"], Edition.DELEGATES)
    Build.objects.filter(pk=first.pk).update(started_at=timezone.now() - dt.timedelta(days=2))
    stale = Build.objects.create(
        session=session["page"], edition=Edition.DELEGATES, number=2, fingerprint="x",
        started_at=timezone.now() - dt.timedelta(days=1),
    )  # fmt: skip
    services.run_build(session["page"], Edition.DELEGATES)
    stale.refresh_from_db()
    assert stale.status == Build.Status.FAILED and stale.error == STALE_ERROR
    client.force_login(secretariat_user())
    html = english(client, URL)
    assert "Build 2 failed" in html and "Interrupted (took too long), abandoned." in html
    listing = client.get("/quan-tri/publishing_builds/").content.decode()
    assert "Interrupted (took too long), abandoned." in listing
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert "Bị gián đoạn (quá thời gian), đã bỏ." in client.get(URL).content.decode()
