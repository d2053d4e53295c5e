"""Office files in a packet: converted with LibreOffice in the worker, or a placeholder page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from library.access import Level
from publishing import services
from publishing.models import Edition
from tests.factories import TermFactory
from tests.sessions.builders import add_item, document, make_session

from .helpers import page_text
from .office import docx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def cache(settings, tmp_path):
    settings.COUNCIL_PUBLISHING_CACHE = str(tmp_path / "cache")


def test_docx_is_converted_and_an_unconvertible_file_becomes_a_placeholder(cache):
    term = TermFactory()
    page = make_session(term, number=3, start=datetime.date(2026, 7, 1))
    good = document(
        "Báo cáo dạng Word",
        level=Level.PUBLIC,
        file=ContentFile(docx_bytes("Báo cáo về Đường giao thông nông thôn", "Nội dung ưu tiên"),
                         name="bao-cao.docx"),
    )  # fmt: skip
    broken = document(
        "Bảng tính hỏng",
        level=Level.PUBLIC,
        file=ContentFile(b"PK\x03\x04 not really an office file", name="bang-tinh.xlsx"),
    )
    add_item(page, "1", "Báo cáo", [good, broken])
    build = services.run_build(page, Edition.PUBLIC)
    reader = PdfReader(build.pdf.path)
    assert len(reader.pages) == 2 + 1 + 1
    assert "Đường giao thông nông thôn" in page_text(build.pdf.path, 3)
    placeholder = page_text(build.pdf.path, 4)
    assert "KHÔNG ĐƯA ĐƯỢC TÀI LIỆU VÀO TẬP" in placeholder and "Bảng tính hỏng" in placeholder
    assert "«Bảng tính hỏng»" in build.log and "Office" in build.log


def test_conversion_is_stopped_after_the_timeout(cache, settings):
    settings.COUNCIL_SOFFICE_TIMEOUT = 0.01
    pdf, problem = services.convert_office(docx_bytes("Chậm"), ".docx", "slow-case")
    assert pdf is None and "quá" in problem
