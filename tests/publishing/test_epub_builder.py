"""The session e-book: valid EPUB 3, navigable by agenda item, readable on a phone."""

import json
import subprocess
import zipfile

import pytest

from core.pdfgen import text_pdf
from publishing.builders.epub import build_epub, text_to_html
from publishing.builders.inputs import SourceDocument


def epubcheck(path, tmp_path) -> dict:
    report = tmp_path / "epubcheck.json"
    subprocess.run(
        ["java", "-jar", "/usr/share/java/epubcheck.jar", str(path), "--json", str(report)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    return json.loads(report.read_text())


@pytest.mark.slow
def test_session_ebook_passes_epubcheck_without_errors_or_warnings(packet, tmp_path):
    packet.items[0].documents.append(SourceDocument("Tệp hỏng", "9/BC", data=b"%PDF-1.4 x"))
    result = build_epub(packet, tmp_path / "session.epub")
    checked = epubcheck(result.path, tmp_path)
    severities = [m["severity"] for m in checked["messages"]]
    assert "ERROR" not in severities and "FATAL" not in severities, checked["messages"]
    assert "WARNING" not in severities, checked["messages"]
    assert checked["publication"]["ePubVersion"].startswith("3")
    assert checked["publication"]["language"] == "vi"


def test_ebook_has_a_chapter_per_document_and_navigation_by_agenda_item(packet, tmp_path):
    result = build_epub(packet, tmp_path / "session.epub")
    assert result.chapters == 4
    with zipfile.ZipFile(result.path) as book:
        names = book.namelist()
        nav = book.read("EPUB/nav.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
        report = book.read("EPUB/doc-001.xhtml").decode()
        scan = book.read("EPUB/doc-004.xhtml").decode()
    assert {f"EPUB/doc-00{n}.xhtml" for n in range(1, 5)} <= set(names)
    assert nav.index("1. Báo cáo tình hình kinh tế") < nav.index("210/BC-UBND")
    assert nav.index("2. Nghị quyết về danh mục") < nav.index("2.1. Dự thảo nghị quyết")
    assert "<dc:language>vi</dc:language>" in opf
    assert "<dc:publisher>Hội đồng nhân dân tỉnh Quảng Trị</dc:publisher>" in opf
    assert "<dc:identifier" in opf and "cover" in opf
    assert "quyết nghị các nội dung ưu tiên" in report
    # the scan has no text: its page is an image with alternative text
    assert '<img src="images/doc-004-p001.jpg"' in scan
    assert 'alt="Trang 1 của Dự thảo nghị quyết (bản quét)' in scan


def test_extracted_text_gets_headings_for_chapters_and_articles():
    html = text_to_html("CHƯƠNG I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\nNội dung\ncủa điều.")
    assert "<h2>CHƯƠNG I</h2>" in html
    assert "<h3>Điều 1. Phạm vi</h3>" in html
    assert "<p>Nội dung của điều.</p>" in html


def test_ebook_takes_given_text_instead_of_the_pdf(packet, tmp_path):
    doc = packet.items[0].documents[0]
    doc.path = None
    doc.data = text_pdf("x", ["y"])
    doc.text = "Văn bản đã nhận dạng: Đường giao thông"
    result = build_epub(packet, tmp_path / "s.epub")
    with zipfile.ZipFile(result.path) as book:
        assert "Văn bản đã nhận dạng: Đường giao thông" in book.read("EPUB/doc-001.xhtml").decode()
