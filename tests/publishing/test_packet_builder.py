"""The packet builder, from plain inputs to a PDF a delegate can navigate."""

import datetime
import subprocess

from pypdf import PdfReader

from publishing.builders.inputs import Reader, SourceDocument
from publishing.builders.packet import build_packet
from publishing.builders.stamp import personalize

from .conftest import empty_pdf, encrypted_pdf
from .helpers import outline_tree, page_text, toc_links


def test_packet_has_cover_toc_and_every_document_in_agenda_order(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    reader = PdfReader(result.path)
    # cover + one TOC page + 3 + 2 + 4 + 1 pages of material
    assert result.front_pages == 2
    assert len(reader.pages) == 2 + 10 == result.page_count
    assert [p.first_page for p in result.placements] == [2, 5, 7, 11]
    assert "Báo cáo tình hình" in page_text(result.path, 3)
    assert "Tờ trình ưu tiên" in page_text(result.path, 8)


def test_cover_and_toc_render_vietnamese_text(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    cover = page_text(result.path, 1)
    toc = page_text(result.path, 2)
    assert "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ" in cover
    assert "Bản số 3, cập nhật 14:05 ngày 2/12/2025" in cover
    assert "Bản dành cho đại biểu" in cover
    assert "MỤC LỤC" in toc
    for phrase in ("Đường", "Nghị quyết", "ưu tiên"):
        assert phrase in cover + toc
    assert "Nghị quyết về danh mục dự án ưu tiên đầu tư" in toc


def test_toc_entries_link_to_the_start_of_each_item_and_document(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    reader = PdfReader(result.path)
    # item 1, its two documents, item 2, its document, item 2.1, its document
    assert toc_links(reader, result.front_pages) == [2, 2, 5, 7, 7, 11, 11]
    toc = page_text(result.path, 2)
    assert "210/BC-UBND" in toc
    # Page numbers printed in the TOC are the materials' own page labels.
    lines = [line.split() for line in toc.splitlines() if "45/TTr-UBND" in line]
    assert lines and lines[0][-1] == "6"


def test_bookmarks_nest_item_document_and_the_documents_own_bookmarks(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    tree = outline_tree(PdfReader(result.path))
    assert [t[0] for t in tree] == [
        "Bìa",
        "Mục lục",
        "1. Báo cáo tình hình kinh tế – xã hội năm 2025",
        "2. Nghị quyết về danh mục dự án ưu tiên đầu tư",
    ]
    item1 = tree[2]
    assert item1[1] == 2
    report = item1[2][0]
    assert report[0] == "210/BC-UBND – Báo cáo tình hình kinh tế – xã hội"
    assert report[1] == 2
    # text_pdf bookmarks each page: kept, pointing at the pages' new positions
    assert [(c[0], c[1]) for c in report[2]] == [("Trang 1", 2), ("Trang 2", 3), ("Trang 3", 4)]
    item2 = tree[3]
    sub_item = item2[2][1]
    assert sub_item[0] == "2.1. Dự thảo nghị quyết kèm theo"
    assert sub_item[1] == 11


def test_page_labels_and_running_numbers(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    reader = PdfReader(result.path)
    assert reader.page_labels == ["i", "ii", *[str(n) for n in range(1, 11)]]
    assert "Trang i" in page_text(result.path, 1)
    assert "Trang 1/10" in page_text(result.path, 3)
    assert "Trang 10/10" in page_text(result.path, 12)  # the scanned page gets one too


def test_source_text_stays_selectable(packet, tmp_path):
    result = build_packet(packet, tmp_path / "packet.pdf")
    assert "quyết nghị các nội dung ưu tiên" in page_text(result.path, 4)


def test_bad_sources_become_placeholder_pages_named_in_the_log(packet, tmp_path):
    bad = [
        SourceDocument("Tệp bị hỏng", "1/BC", data=b"%PDF-1.7\n garbage \x00\x01", key="corrupt"),
        SourceDocument("Tệp có mật khẩu", "2/BC", data=encrypted_pdf(), key="enc"),
        SourceDocument("Tệp không còn", "3/BC", path=tmp_path / "missing.pdf", key="missing"),
        SourceDocument("Tệp không có trang", "4/BC", data=empty_pdf(), key="empty"),
        SourceDocument("Bảng tính", "5/BC", problem="không chuyển đổi được tệp Office sang PDF"),
    ]
    packet.items[0].documents.extend(bad)
    result = build_packet(packet, tmp_path / "packet.pdf")
    reader = PdfReader(result.path)
    assert len(reader.pages) == result.page_count == 2 + 10 + 5
    problems = {p.document.key: p for p in result.problems}
    assert set(problems) == {"corrupt", "enc", "missing", "empty", ""}
    assert "mật khẩu" in problems["enc"].problem
    assert "không tìm thấy" in problems["missing"].problem
    assert "không có trang" in problems["empty"].problem
    for placement in result.problems:
        text = page_text(result.path, placement.first_page + 1)
        assert "KHÔNG ĐƯA ĐƯỢC TÀI LIỆU VÀO TẬP" in text
        assert placement.document.title in text
    log = "\n".join(result.log)
    for doc in bad:
        assert f"«{doc.label}»" in log


def test_personal_copy_names_the_reader_on_the_cover_and_non_public_pages_only(packet, tmp_path):
    base = build_packet(packet, tmp_path / "base.pdf")
    personal = personalize(
        base.path,
        tmp_path / "personal.pdf",
        Reader("Nguyễn Thị Đường", "daibieu"),
        datetime.datetime(2025, 12, 2, 14, 7),
    )
    reader = PdfReader(personal)
    assert len(reader.pages) == base.page_count
    assert outline_tree(reader) == outline_tree(PdfReader(base.path))
    assert "Nguyễn Thị Đường" in page_text(personal, 1)
    nonpublic = set()
    for placement in base.placements:
        if not placement.document.public:
            start = placement.first_page
            nonpublic.update(range(start, start + placement.page_count))
    for index in range(base.front_pages, base.page_count):
        text = page_text(personal, index + 1)
        assert ("Bản cá nhân của Nguyễn Thị Đường (daibieu)" in text) == (index in nonpublic)
    # the base itself carries no name
    assert "Nguyễn Thị Đường" not in page_text(base.path, 8)
    check = subprocess.run(["qpdf", "--check", str(personal)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_packet_without_documents_still_builds(packet, tmp_path):
    packet.items = []
    result = build_packet(packet, tmp_path / "empty.pdf")
    assert result.page_count == 2
    assert "Chưa có tài liệu" in page_text(result.path, 2)


def test_pages_that_inherit_resources_keep_their_text_and_rotated_pages_get_upright_numbers(
    packet, tmp_path
):
    from .conftest import inherited_resources_pdf

    packet.items = packet.items[:1]
    packet.items[0].documents = [
        SourceDocument("Tài liệu cũ", "1/BC", public=False, data=inherited_resources_pdf())
    ]
    result = build_packet(packet, tmp_path / "packet.pdf")
    personal = personalize(
        result.path, tmp_path / "p.pdf", Reader("Lê Văn Minh", "nguoidoc"),
        datetime.datetime(2025, 12, 2, 14, 7),
    )  # fmt: skip
    for index in (3, 4):
        text = page_text(personal, index)
        assert "Inherited resources" in text
        assert f"Trang {index - 2}/2" in text
        assert "Lê Văn Minh" in text
    page = PdfReader(personal).pages[3]
    assert page.rotation == 90
    # the number sits at the bottom right of the page as displayed
    box = page.mediabox
    assert (box.width, box.height) == (612, 792)
