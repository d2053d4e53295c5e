"""Demo e-library: collections, books with generated PDFs and EPUBs, a periodical with issues."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile

from core.pdfgen import text_pdf

from .access import Level
from .catalogue import LibraryCollectionPage, LibraryIndexPage, LibraryItemPage
from .models import ArchiveDocument, DocumentKind

COLLECTIONS = [
    ("tuyen-tap-nghi-quyet", "Tuyển tập nghị quyết", LibraryCollectionPage.Kind.RESOLUTIONS),
    ("ky-yeu", "Kỷ yếu", LibraryCollectionPage.Kind.YEARBOOKS),
    ("sach-tham-khao", "Sách tham khảo", LibraryCollectionPage.Kind.REFERENCE),
    ("an-pham-dinh-ky", "Ấn phẩm định kỳ", LibraryCollectionPage.Kind.PERIODICALS),
]

# (collection slug, slug, title, authors, publisher, year, isbn, subjects, level, formats)
BOOKS = [
    ("tuyen-tap-nghi-quyet", "tuyen-tap-nghi-quyet-2021-2025",
     "Tuyển tập nghị quyết HĐND tỉnh Lào Cai giai đoạn 2021–2025",
     "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
     "Nhà xuất bản Chính trị quốc gia Sự thật", 2025, "9786045712344",
     ["Nghị quyết", "Ngân sách"], Level.PUBLIC, ("pdf", "epub")),
    ("ky-yeu", "ky-yeu-hdnd-khoa-xvi",
     "Kỷ yếu Hội đồng nhân dân tỉnh Lào Cai khóa XVI", "Thường trực HĐND tỉnh",
     "Nhà xuất bản Thông tin và Truyền thông", 2026, "",
     ["Kỷ yếu", "Đại biểu"], Level.PUBLIC, ("pdf",)),
    ("sach-tham-khao", "so-tay-dai-bieu-hdnd",
     "Sổ tay đại biểu Hội đồng nhân dân", "Ban Công tác đại biểu",
     "Nhà xuất bản Tư pháp", 2021, "9786048112349",
     ["Kỹ năng đại biểu", "Chất vấn"], Level.PUBLIC, ("pdf", "epub")),
    ("sach-tham-khao", "huong-dan-tham-tra-du-toan",
     "Hướng dẫn thẩm tra dự toán ngân sách địa phương (tài liệu nội bộ)", "Ban Kinh tế – Ngân sách",
     "Văn phòng Đoàn ĐBQH và HĐND tỉnh", 2024, "",
     ["Ngân sách", "Thẩm tra"], Level.DELEGATES, ("pdf",)),
]  # fmt: skip

ISSUES = [
    ("ban-tin-so-1-2026", "Bản tin HĐND tỉnh số 1/2026", "Số 1", datetime.date(2026, 3, 15)),
    ("ban-tin-so-2-2026", "Bản tin HĐND tỉnh số 2/2026", "Số 2", datetime.date(2026, 9, 15)),
]


def _book_text(title: str) -> list[str]:
    return [
        f"{title}.\nLời giới thiệu: cuốn sách tập hợp tư liệu phục vụ hoạt động của đại biểu "
        "Hội đồng nhân dân tỉnh, ưu tiên các lĩnh vực đường giao thông nông thôn, giáo dục, y tế.",
        "Chương 1. Tổ chức và hoạt động của Hội đồng nhân dân.\nHội đồng nhân dân quyết định "
        "các vấn đề quan trọng của địa phương, giám sát việc tuân theo Hiến pháp và pháp luật.",
        "Chương 2. Kỳ họp và chất vấn.\nĐại biểu chất vấn Chủ tịch Ủy ban nhân dân, người đứng đầu "
        "cơ quan chuyên môn; người bị chất vấn trả lời trực tiếp tại kỳ họp.",
    ]


def build_epub(title: str, chapters: list[str], identifier: str) -> bytes:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(identifier)
    book.set_title(title)
    book.set_language("vi")
    book.add_author("HĐND tỉnh Lào Cai")
    items = []
    for number, body in enumerate(chapters, start=1):
        heading, _, rest = body.partition("\n")
        item = epub.EpubHtml(title=heading[:80], file_name=f"chuong-{number}.xhtml", lang="vi")
        item.content = f"<h1>{heading}</h1>" + "".join(
            f"<p>{para}</p>" for para in rest.split("\n") if para
        )
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.spine = ["nav", *items]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.epub"
        epub.write_epub(str(path), book)
        return path.read_bytes()


def _document(key: str, title: str, level: str, extension: str, data: bytes) -> ArchiveDocument:
    document = ArchiveDocument.objects.filter(title=title, file__endswith=f".{extension}").first()
    if document is None:
        document = ArchiveDocument(title=title, kind=DocumentKind.OTHER, access_level=level)
        document.file.save(f"{key}.{extension}", ContentFile(data), save=False)
        document.save()
    return document


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load(ctx) -> None:
    from core.models import HomePage

    home = HomePage.objects.get(depth=2)
    index = _child(
        home,
        LibraryIndexPage,
        "thu-vien",
        title="Thư viện điện tử",
        show_in_menus=True,
        intro="<p>Tuyển tập nghị quyết, kỷ yếu, sách tham khảo và ấn phẩm định kỳ của HĐND tỉnh: "
        "đọc trực tuyến trên điện thoại hoặc tải về.</p>",
    )
    collections = {
        slug: _child(index, LibraryCollectionPage, slug, title=title, kind=kind)
        for slug, title, kind in COLLECTIONS
    }
    term = ctx.objects.get("term16")
    for collection, slug, title, authors, publisher, year, isbn, subjects, level, formats in BOOKS:
        files = {}
        for extension in formats:
            if extension == "pdf":
                data = text_pdf(title, _book_text(title), header="HĐND TỈNH LÀO CAI")
            else:
                data = build_epub(title, _book_text(title), f"urn:council:book:{slug}")
            files[extension] = _document(slug, title, level, extension, data)
        page = _child(
            collections[collection],
            LibraryItemPage,
            slug,
            title=title,
            authors=authors,
            publisher=publisher,
            year=year,
            isbn=isbn,
            access_level=level,
            term=term if level == Level.DELEGATES else None,
            pdf=files.get("pdf"),
            epub=files.get("epub"),
        )
        if not page.subjects.exists():
            page.subjects.add(*subjects)
            page.save_revision().publish()
    periodical = _child(
        collections["an-pham-dinh-ky"],
        LibraryItemPage,
        "ban-tin-hdnd-tinh",
        title="Bản tin Hội đồng nhân dân tỉnh Lào Cai",
        authors="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        publisher="Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        issn="0378-5955",
        access_level=Level.PUBLIC,
    )
    for slug, title, volume, issued in ISSUES:
        pdf = _document(slug, title, Level.PUBLIC, "pdf", text_pdf(title, _book_text(title)))
        _child(
            periodical,
            LibraryItemPage,
            slug,
            title=title,
            volume=volume,
            issue_date=issued,
            year=issued.year,
            access_level=Level.PUBLIC,
            pdf=pdf,
        )
    ctx.objects["library_index"] = index
