"""The proceedings of a closed session for the public archive: PDF and e-book."""

import datetime
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from library.access import Level
from library.models import DocumentKind
from publishing import services
from publishing.models import Edition
from sessions.models import Ballot, Interpellation, SessionPage, Vote, VoteChoice
from tests.factories import PersonFactory, TermFactory
from tests.sessions.builders import add_general, add_item, document, make_session

from .conftest import pdf_bytes
from .helpers import outline_tree, page_text
from .test_epub_builder import epubcheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_session():
    term = TermFactory()
    page = make_session(term, number=11, start=datetime.date(2026, 7, 8))
    page.status = SessionPage.Status.CLOSED
    page.save()
    resolution = document(
        "Nghị quyết về danh mục dự án Đường giao thông ưu tiên", number="15/2026/NQ-HĐND",
        issued_on=datetime.date(2026, 7, 10), kind=DocumentKind.RESOLUTION_NORMATIVE,
        file=ContentFile(pdf_bytes("Nghị quyết ưu tiên", 2), name="nq.pdf"),
    )  # fmt: skip
    minutes = document(
        "Biên bản kỳ họp thứ 11", number="02/BB-HĐND", issued_on=datetime.date(2026, 7, 10),
        kind=DocumentKind.MINUTES, file=ContentFile(pdf_bytes("Biên bản", 1), name="bb.pdf"),
    )  # fmt: skip
    draft = document(
        "Dự thảo chưa công khai XYZ", level=Level.DELEGATES, term=term,
        kind=DocumentKind.RESOLUTION, file=ContentFile(pdf_bytes("Dự thảo", 1), name="d.pdf"),
    )  # fmt: skip
    add_item(page, "1", "Nghị quyết", [resolution, draft])
    add_general(page, minutes)
    asker = PersonFactory(full_name="Lê Thị Ưu")
    Interpellation.objects.create(
        session=page, asker=asker, respondent="Nguyễn Văn Bình",
        respondent_title="Giám đốc Sở Giao thông vận tải",
        question="Khi nào hoàn thành Đường tỉnh 151?", answer_summary="Quý IV năm 2027.",
    )  # fmt: skip
    Interpellation.objects.create(
        session=page, asker=asker, respondent="Ẩn", question="Câu hỏi kín ABCXYZ",
        access_level=Level.DELEGATES,
    )  # fmt: skip
    ballot = Ballot.objects.create(
        session=page, subject="Thông qua Nghị quyết về danh mục dự án", resolution=resolution,
        held_at=timezone.make_aware(datetime.datetime(2026, 7, 10, 9, 30)),
        result=Ballot.Result.ADOPTED,
    )  # fmt: skip
    Vote.objects.create(ballot=ballot, person=asker, choice=VoteChoice.FOR)
    Vote.objects.create(
        ballot=ballot, person=PersonFactory(full_name="Trần Văn Nam"), choice=VoteChoice.ABSTAIN
    )
    return page


def test_closed_session_gets_public_proceedings_pdf(client, closed_session):
    builds = services.build_all(closed_session)
    proceedings = next(b for b in builds if b.edition == Edition.PROCEEDINGS)
    path = proceedings.pdf.path
    reader = PdfReader(path)
    titles = [t[0] for t in outline_tree(reader)]
    assert titles[2:] == [
        "I. Nghị quyết đã thông qua",
        "II. Biên bản, thông báo kết quả kỳ họp",
        "III. Chất vấn và trả lời chất vấn",
        "IV. Kết quả biểu quyết",
    ]
    text = "\n".join(page_text(path, n) for n in range(1, len(reader.pages) + 1))
    assert "KỶ YẾU KỲ HỌP" in text
    assert "Khi nào hoàn thành Đường tỉnh 151?" in text
    assert "Lê Thị Ưu" in text and "Không biểu quyết" in text
    assert "XYZ" not in text
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-11/ky-yeu.pdf")
    assert response.status_code == 200


@pytest.mark.slow
def test_proceedings_ebook_passes_epubcheck_with_vote_tables(closed_session, tmp_path):
    proceedings = services.run_build(closed_session, Edition.PROCEEDINGS)
    checked = epubcheck(proceedings.epub.path, tmp_path)
    assert not [m for m in checked["messages"] if m["severity"] in ("ERROR", "FATAL", "WARNING")]
    with zipfile.ZipFile(proceedings.epub.path) as book:
        chapters = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert "<caption>Phiếu của từng đại biểu</caption>" in chapters
    assert "ABCXYZ" not in chapters


def test_open_session_has_no_proceedings(client):
    page = make_session(TermFactory(), number=13, start=datetime.date(2026, 12, 8))
    assert Edition.PROCEEDINGS not in services.editions_for(page)
    assert client.get("/ky-hop/khoa-xvi/ky-hop-thu-13/ky-yeu.pdf").status_code == 404


def test_publications_page_offers_the_proceedings_to_everyone(client, closed_session):
    services.build_all(closed_session)
    html = client.get("/ky-hop/khoa-xvi/ky-hop-thu-11/tai-lieu/").content.decode()
    assert "Kỷ yếu kỳ họp" in html and "/ky-hop/khoa-xvi/ky-hop-thu-11/ky-yeu.epub" in html
    assert "chữ ký số của văn bản gốc không còn kiểm tra được" in html  # packets break signatures
    response = client.get("/ky-hop/khoa-xvi/ky-hop-thu-11/ky-yeu.epub")
    assert response["Content-Type"] == "application/epub+zip"
