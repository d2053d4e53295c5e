"""Editions of a session's packet: who gets which, what goes in, builds numbered and kept."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from library.access import Level
from library.services import add_version
from publishing import services
from publishing.models import Build, Edition, PersonalCopy
from tests.factories import (
    TermFactory,
    UserFactory,
    delegate_user,
    in_minutes,
    secretariat_user,
)
from tests.sessions.builders import add_general, add_item, document, make_session

from .conftest import pdf_bytes
from .helpers import outline_tree, page_text

pytestmark = pytest.mark.django_db


def pdf_document(title, level=Level.PUBLIC, pages=2, **fields):
    fields.setdefault("file", ContentFile(pdf_bytes(title, pages), name="van-ban.pdf"))
    fields.setdefault("issued_on", datetime.date(2026, 11, 20))
    return document(title, level=level, **fields)


@pytest.fixture
def session():
    term = TermFactory()
    page = make_session(term, number=12, start=datetime.date(2026, 12, 8))
    public = pdf_document("Báo cáo kinh tế – xã hội về Đường giao thông", number="210/BC-UBND")
    draft = pdf_document(
        "Dự thảo Nghị quyết ưu tiên đầu tư", Level.DELEGATES, pages=3, term=term,
        number="45/TTr-UBND",
    )  # fmt: skip
    restricted = pdf_document("Tờ trình công tác cán bộ MẬT-RIÊNG", Level.RESTRICTED, pages=1)
    reader = UserFactory(username="nguoidoc")
    restricted.readers.add(reader)
    embargoed = pdf_document(
        "Báo cáo cấm công bố trước giờ họp", Level.DELEGATES, pages=1, term=term,
        release_at=in_minutes(60),
    )  # fmt: skip
    add_general(page, pdf_document("Thông báo triệu tập kỳ họp", number="07/TB-HĐND", pages=1))
    add_item(page, "1", "Báo cáo kinh tế – xã hội", [public])
    add_item(page, "2", "Các dự thảo nghị quyết", [draft, embargoed])
    add_item(page, "3", "Công tác cán bộ", [restricted])
    return {
        "page": page, "term": term, "public": public, "draft": draft,
        "restricted": restricted, "reader": reader, "embargoed": embargoed,
    }  # fmt: skip


def all_text(path) -> str:
    reader = PdfReader(path)
    return "\n".join(page_text(path, n) for n in range(1, len(reader.pages) + 1))


def test_delegates_edition_has_what_a_delegate_of_the_term_may_see_and_nothing_else(session):
    build = services.run_build(session["page"], Edition.DELEGATES)
    assert build.status == Build.Status.DONE and build.number == 1
    assert [e["title"] for e in build.manifest] == [
        "Thông báo triệu tập kỳ họp",
        "Báo cáo kinh tế – xã hội về Đường giao thông",
        "Dự thảo Nghị quyết ưu tiên đầu tư",
    ]
    reader = PdfReader(build.pdf.path)
    # cover + TOC + 1 + 2 + 3 pages
    assert len(reader.pages) == build.page_count == 2 + 6
    text = all_text(build.pdf.path)
    assert "MẬT-RIÊNG" not in text and "cấm công bố" not in text
    titles = [t[0] for t in outline_tree(reader)]
    assert titles == [
        "Bìa", "Mục lục", "Tài liệu chung của kỳ họp", "1. Báo cáo kinh tế – xã hội",
        "2. Các dự thảo nghị quyết", "3. Công tác cán bộ",
    ]  # fmt: skip


def test_public_edition_has_public_documents_only_and_no_watermark_slots(session):
    build = services.run_build(session["page"], Edition.PUBLIC)
    assert [e["id"] for e in build.manifest] == [
        build.manifest[0]["id"],
        session["public"].pk,
    ]
    text = all_text(build.pdf.path)
    assert "Dự thảo Nghị quyết ưu tiên" not in text
    assert "MẬT-RIÊNG" not in text
    assert "/CouncilPacket" not in PdfReader(build.pdf.path).trailer["/Root"]
    assert "Bản công khai" in page_text(build.pdf.path, 1)


def test_unchanged_inputs_skip_the_build_and_a_change_makes_the_next_number(session):
    first = services.run_build(session["page"], Edition.DELEGATES)
    assert services.run_build(session["page"], Edition.DELEGATES) is None
    add_version(
        session["draft"],
        ContentFile(pdf_bytes("Dự thảo Nghị quyết ưu tiên đầu tư (sửa)", 4), name="v2.pdf"),
        "Sửa theo ý kiến thẩm tra",
    )
    second = services.run_build(session["page"], Edition.DELEGATES)
    assert second.number == 2 and second.fingerprint != first.fingerprint
    assert services.current_build(session["page"], Edition.DELEGATES) == second
    assert second.label.startswith("bản số 2, cập nhật ")
    # the first build's file is kept, under its own name
    assert first.pdf.name != second.pdf.name and first.pdf.storage.exists(first.pdf.name)


def test_embargoed_document_enters_the_delegates_edition_once_released(session, monkeypatch):
    services.run_build(session["page"], Edition.DELEGATES)
    later = in_minutes(61)
    inputs = services.gather(session["page"], Edition.DELEGATES, now=later)
    assert session["embargoed"].pk in [e["id"] for e in inputs.manifest]


def test_failed_build_never_replaces_the_last_good_one(session, settings, tmp_path):
    good = services.run_build(session["page"], Edition.DELEGATES)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")  # storage cannot write: the build fails
    failed = services.run_build(session["page"], Edition.DELEGATES, force=True)
    assert failed.status == Build.Status.FAILED and failed.number == 2
    assert failed.error
    assert services.current_build(session["page"], Edition.DELEGATES) == good


@pytest.mark.django_db(transaction=True)
def test_adding_a_version_queues_a_rebuild(session):
    # Real commits: every change above already queued (and, with immediate tasks, ran) a build.
    first = services.current_build(session["page"], Edition.DELEGATES)
    assert first is not None
    add_version(
        session["public"],
        ContentFile(pdf_bytes("Báo cáo kinh tế – xã hội (bản sửa)", 2), name="v2.pdf"),
    )
    assert services.current_build(session["page"], Edition.DELEGATES).number == first.number + 1
    public = services.current_build(session["page"], Edition.PUBLIC)
    assert session["public"].pk in public.document_ids


def test_delegate_downloads_a_personal_copy_with_their_name(client, session):
    services.build_all(session["page"])
    delegate = delegate_user(session["term"], "daibieu")
    delegate.full_name = "Trần Văn Đường"
    delegate.save()
    client.force_login(delegate)
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = b"".join(response.streaming_content)
    copy = PersonalCopy.objects.get(user=delegate)
    assert copy.downloaded_at is not None and copy.build.edition == Edition.DELEGATES
    assert len(PdfReader(io.BytesIO(data)).pages) == 8
    assert "Trần Văn Đường" in page_text(copy.file.path, 1)
    # draft pages (non-public) carry the name; public pages do not
    assert "Bản cá nhân của Trần Văn Đường (daibieu)" in page_text(copy.file.path, 6)
    assert "Bản cá nhân của" not in page_text(copy.file.path, 4)
    page = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/").content.decode()
    assert "bản số 1, cập nhật" in page
    assert "Bạn đã tải bản mới nhất (bản số 1)" in page


def test_anonymous_and_other_terms_get_the_public_edition(client, session):
    services.build_all(session["page"])
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(data)).pages) == 2 + 3
    old_term = TermFactory(number=15, start_date=datetime.date(2016, 6, 1))
    client.force_login(delegate_user(old_term, "daibieu.khoaxv"))
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf")
    assert len(PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 5
    assert not PersonalCopy.objects.exists()


def test_named_reader_of_a_restricted_document_does_not_get_it_in_any_packet(client, session):
    services.build_all(session["page"])
    client.force_login(session["reader"])
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf")
    data = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(data)).pages) == 5  # the public edition
    assert services.build_for(session["reader"], session["page"]).edition == Edition.PUBLIC


def test_nothing_is_served_before_a_build_exists(client, session):
    assert client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf").status_code == 404
    assert client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/").status_code == 404


def test_stale_delegates_build_is_withheld_when_a_document_is_restricted_later(client, session):
    services.build_all(session["page"])
    draft = session["draft"]
    draft.access_level = Level.RESTRICTED
    draft.save()
    delegate = delegate_user(session["term"], "daibieu")
    assert services.build_for(delegate, session["page"]).edition == Edition.PUBLIC
    clerk = secretariat_user()
    assert services.build_for(clerk, session["page"]).edition == Edition.DELEGATES


def test_supplement_contains_only_documents_added_or_revised_since_a_build(client, session):
    first = services.run_build(session["page"], Edition.DELEGATES)
    add_version(
        session["draft"],
        ContentFile(pdf_bytes("Dự thảo Nghị quyết ưu tiên đầu tư (sửa lần 2)", 2), name="v2.pdf"),
        "Sửa lần 2",
    )
    late = pdf_document("Báo cáo thẩm tra bổ sung", Level.DELEGATES, pages=1, term=session["term"])
    add_item(session["page"], "4", "Tài liệu gửi muộn", [late])
    services.run_build(session["page"], Edition.DELEGATES)
    extra = services.supplement(session["page"], first)
    assert [e["id"] for e in extra.manifest] == [session["draft"].pk, late.pk]
    reader = PdfReader(extra.pdf.path)
    assert len(reader.pages) == 2 + 2 + 1
    cover = page_text(extra.pdf.path, 1)
    assert "TÀI LIỆU BỔ SUNG" in cover and "kể từ bản số 1" in cover
    delegate = delegate_user(session["term"], "daibieu")
    client.force_login(delegate)
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/bo-sung.pdf?tu-ban=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bo-sung-tu-ban-1-ban-1.pdf"')
    nothing = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/bo-sung.pdf?tu-ban=2")
    assert "Không có tài liệu mới hoặc sửa đổi kể từ bản số 2" in nothing.content.decode()
    bad = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/bo-sung.pdf?tu-ban=abc")
    assert "Số bản không hợp lệ" in bad.content.decode()


def test_portal_shows_a_downloaded_packet_is_out_of_date(client, session):
    services.run_build(session["page"], Edition.DELEGATES)
    delegate = delegate_user(session["term"], "daibieu")
    client.force_login(delegate)
    client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/tap-tai-lieu.pdf")
    add_version(session["draft"], ContentFile(pdf_bytes("Bản sửa", 1), name="v2.pdf"))
    services.run_build(session["page"], Edition.DELEGATES)
    status = services.packet_status(delegate, session["page"])
    assert status.out_of_date and status.changed_since_download == 1
    page = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/").content.decode()
    assert "Bản bạn đã tải (bản số 1) đã cũ." in page
    assert "tu-ban=1" in page


def test_offline_bundle_has_packet_ebook_files_and_an_index_that_works_from_disk(client, session):
    services.build_all(session["page"])
    client.force_login(delegate_user(session["term"], "daibieu"))
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/ngoai-tuyen.zip")
    assert response.status_code == 200
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = bundle.namelist()
    folder = names[0].split("/")[0]
    assert f"{folder}/tap-tai-lieu.pdf" in names and f"{folder}/sach-dien-tu.epub" in names
    files = [n for n in names if "/tai-lieu/" in n]
    assert len(files) == 3
    index = bundle.read(f"{folder}/index.html").decode()
    for name in files:
        assert f'href="{name.split("/", 1)[1]}"' in index
    assert "<script" not in index and "http" not in index.replace("http://www.w3", "")
    assert "MẬT-RIÊNG" not in index


def test_failed_build_and_its_cause_show_in_the_admin(client, session, settings, tmp_path):
    services.run_build(session["page"], Edition.DELEGATES)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(blocker / "media")
    failed = services.run_build(session["page"], Edition.DELEGATES, force=True)
    settings.MEDIA_ROOT = media
    client.force_login(secretariat_user())
    listing = client.get("/quan-tri/publishing_builds/").content.decode()
    assert "Lỗi" in listing and failed.error[:30] in listing
    detail = client.get(f"/quan-tri/publishing_builds/inspect/{failed.pk}/")
    assert detail.status_code == 200 and failed.error[:30] in detail.content.decode()
    assert client.get(f"/quan-tri/publishing_builds/edit/{failed.pk}/").status_code in (302, 403)
    client.force_login(delegate_user(session["term"], "daibieu"))
    assert client.get("/quan-tri/publishing_builds/").status_code in (302, 403)


@pytest.mark.slow
def test_personal_ebook_names_the_reader_and_stays_valid(client, session, tmp_path):
    from .test_epub_builder import epubcheck

    services.run_build(session["page"], Edition.DELEGATES)
    delegate = delegate_user(session["term"], "daibieu")
    client.force_login(delegate)
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-12/tai-lieu/sach-dien-tu.epub")
    assert response.status_code == 200
    path = tmp_path / "book.epub"
    path.write_bytes(b"".join(response.streaming_content))
    with zipfile.ZipFile(path) as book:
        intro = book.read("EPUB/intro.xhtml").decode()
        chapters = {n: book.read(n).decode() for n in book.namelist() if "doc-" in n}
    assert "Bản cá nhân của" in intro and "(daibieu)" in intro
    marked = [n for n, text in chapters.items() if "(daibieu)" in text]
    assert len(marked) == 1  # the one non-public document of the edition
    checked = epubcheck(path, tmp_path)
    assert not [m for m in checked["messages"] if m["severity"] in ("ERROR", "FATAL", "WARNING")]


def test_packet_status_tag_tells_the_delegate_their_copy_is_out_of_date(rf, session):
    from django.template import Context, Template

    services.run_build(session["page"], Edition.DELEGATES)
    delegate = delegate_user(session["term"], "daibieu")
    first = services.current_build(session["page"], Edition.DELEGATES)
    services.mark_downloaded(services.personal_copy(first, delegate))
    add_version(session["draft"], ContentFile(pdf_bytes("Bản sửa", 1), name="v2.pdf"))
    services.run_build(session["page"], Edition.DELEGATES)
    request = rf.get("/")
    request.user = delegate
    html = Template("{% load publishing_tags %}{% packet_status page %}").render(
        Context({"request": request, "page": session["page"]})
    )
    assert "Bản bạn đã tải (bản số 1) đã cũ." in html
    assert "tu-ban=1" in html and "Tải 1 tài liệu bổ sung" in html
