"""The session e-book: EPUB 3 to read on a phone, from the same plain inputs as the packet.

One chapter per agenda item (its heading and list of documents) and one per document: the PDF's
text with headings, or, for a scan with no text yet, its page images with alternative text.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ebooklib import epub

from core.fonts import SANS, SANS_BOLD

from .inputs import Packet, SourceDocument
from .text import vn_datetime

CSS = """
body { font-family: sans-serif; line-height: 1.5; margin: 0 4%; }
h1 { font-size: 1.4em; color: #7a1616; margin: 1em 0 .3em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .3em; }
h3 { font-size: 1em; margin: 1em 0 .2em; }
p.meta { color: #444; font-size: .9em; margin: 0 0 1em; }
p.notice { border: 1px solid #7a1616; padding: .6em; }
p.reader { color: #7a1616; font-size: .85em; }
p.page { color: #666; font-size: .8em; text-align: right; margin: 1.5em 0 .2em; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .2em .4em; text-align: left; }
"""

HEADING = re.compile(r"^(CHƯƠNG|Chương|PHẦN|Phần|MỤC|Mục)\s+[IVXLCDM0-9]+\b")
ARTICLE = re.compile(r"^Điều\s+\d+[a-z]?\.")
SCAN_MIN_CHARS = 20  # fewer characters of text on a page than this: treat the page as a scan
# Left in a personal base: the stamp writes the reader's name here (intro, non-public chapters).
READER_MARK = "<!--council-reader-->"


@dataclass
class EbookResult:
    path: Path
    chapters: int
    log: list[str] = field(default_factory=list)


def pdf_pages_text(data: bytes) -> list[str] | None:
    """Text of each page (pdftotext), or None if the file cannot be read."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                timeout=120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return pages


def pdf_page_images(data: bytes, dpi: int = 70) -> list[bytes]:
    """Each page as a greyscale JPEG (pdftoppm), small enough for a phone."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-jpeg", "-gray", "-r", str(dpi), str(source), str(Path(folder) / "p")],
            capture_output=True,
            timeout=300,
            check=True,
        )
        return [p.read_bytes() for p in sorted(Path(folder).glob("p-*.jpg"))]


def text_to_html(text: str) -> str:
    """Paragraphs from extracted text; short capitalised lines and "Điều n." become headings."""
    out = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            out.append(f"<p>{html.escape(' '.join(paragraph))}</p>")
            paragraph.clear()

    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        letters = [c for c in line if c.isalpha()]
        upper = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
        if (upper and len(line) < 90 and len(letters) > 3) or HEADING.match(line):
            flush()
            out.append(f"<h2>{html.escape(line)}</h2>")
        elif ARTICLE.match(line):
            flush()
            out.append(f"<h3>{html.escape(line)}</h3>")
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out)


def _page(title: str, body: str) -> str:
    return f"<h1>{html.escape(title)}</h1>\n{body}"


def cover_image(packet: Packet) -> bytes:
    """A 1000×1400 PNG cover: council, session, edition, build (Pillow, DejaVu)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1000, 1400), "#fbf7f0")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1000, 36), fill="#9b1c1c")
    bold = ImageFont.truetype(str(SANS_BOLD), 40)
    big = ImageFont.truetype(str(SANS_BOLD), 62)
    regular = ImageFont.truetype(str(SANS), 32)

    def centred(y, text, font, fill="#1f2d3d", width=28):
        import textwrap

        for line in textwrap.wrap(text, width):
            draw.text((500, y), line, font=font, fill=fill, anchor="mt")
            y += font.size + 14
        return y

    y = centred(160, packet.council.upper(), bold, width=30)
    y = centred(y + 180, packet.cover_title, big, fill="#9b1c1c")
    y = centred(y + 30, packet.session, bold, width=32)
    y = centred(y + 20, packet.dates, regular)
    y = centred(y + 120, packet.edition, bold)
    if packet.built_at:
        centred(
            y + 10, f"{packet.build_label} – {vn_datetime(packet.built_at)}".strip(" –"), regular
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _document_chapter(
    book: epub.EpubBook, doc: SourceDocument, number: int, log: list[str]
) -> epub.EpubHtml:
    name = f"doc-{number:03d}.xhtml"
    heading = doc.title
    meta_parts = [p for p in (doc.kind, f"số {doc.number}" if doc.number else "") if p]
    meta = f'<p class="meta">{html.escape(" – ".join(meta_parts))}</p>' if meta_parts else ""
    chapter = epub.EpubHtml(title=doc.label, file_name=name, lang="vi")
    problem = doc.problem
    data = None
    if not problem:
        try:
            data = doc.read_bytes()
        except OSError:
            problem = "không tìm thấy tệp trong kho lưu trữ"
        if data is None and not problem:
            problem = "tài liệu chưa có tệp đính kèm"
    if doc.html is not None and not doc.problem:
        chapter.content = _page(heading, meta + doc.html)
        return chapter
    pages: list[str] | None = None
    if not problem:
        if doc.text is not None:
            pages = doc.text.split("\f")
        else:
            pages = pdf_pages_text(data)
            if pages is None:
                problem = "tệp PDF bị hỏng hoặc được bảo vệ bằng mật khẩu"
            elif not pages:
                problem = "tệp PDF không có trang nào"
    if problem:
        log.append(f"Sách điện tử – tài liệu «{doc.label}»: {problem}.")
        chapter.content = _page(
            heading,
            meta + f'<p class="notice">Không đưa được nội dung tài liệu vào sách: '
            f"{html.escape(problem)}.</p>",
        )
        return chapter
    parts = [meta]
    scanned = [i for i, page in enumerate(pages) if len(page.strip()) < SCAN_MIN_CHARS]
    images = pdf_page_images(data) if scanned and data is not None else []
    for index, text in enumerate(pages):
        parts.append(f'<p class="page">Trang {index + 1}/{len(pages)}</p>')
        if index in scanned and index < len(images):
            image_name = f"images/doc-{number:03d}-p{index + 1:03d}.jpg"
            book.add_item(
                epub.EpubItem(
                    uid=f"img-{number}-{index + 1}",
                    file_name=image_name,
                    media_type="image/jpeg",
                    content=images[index],
                )
            )
            alt = f"Trang {index + 1} của {doc.label} (bản quét, chưa có văn bản nhận dạng)"
            parts.append(f'<figure><img src="{image_name}" alt="{html.escape(alt)}"/></figure>')
        else:
            parts.append(text_to_html(text))
    if scanned:
        log.append(
            f"Sách điện tử – tài liệu «{doc.label}»: {len(scanned)} trang bản quét đưa vào "
            "dưới dạng ảnh."
        )
    chapter.content = _page(heading, "\n".join(parts))
    return chapter


def build_epub(
    packet: Packet, out_path: Path | str, *, publisher: str = "", reader_mark: bool = False
) -> EbookResult:
    """Write the session e-book at `out_path`."""
    out_path = Path(out_path)
    log: list[str] = []
    book = epub.EpubBook()
    identifier = packet.identifier or f"urn:uuid:{uuid.uuid4()}"
    book.set_identifier(identifier)
    book.set_title(packet.title)
    book.set_language("vi")
    book.add_author(packet.council)
    book.add_metadata("DC", "publisher", publisher or packet.council)
    if packet.built_at:
        book.add_metadata("DC", "date", packet.built_at.date().isoformat())
    book.add_metadata("DC", "description", f"{packet.session}, {packet.dates}. {packet.edition}.")
    style = epub.EpubItem(
        uid="style", file_name="style/book.css", media_type="text/css", content=CSS
    )
    book.add_item(style)
    book.set_cover("images/cover.png", cover_image(packet), create_page=True)

    intro = epub.EpubHtml(title="Thông tin", file_name="intro.xhtml", lang="vi")
    facts = [
        f"<p><strong>{html.escape(packet.session)}</strong></p>",
        f"<p>Thời gian: {html.escape(packet.dates)}</p>" if packet.dates else "",
        f"<p>Địa điểm: {html.escape(packet.venue)}</p>" if packet.venue else "",
        f"<p>{html.escape(packet.edition)}"
        + (f", {html.escape(packet.build_label)}" if packet.build_label else "")
        + (f", cập nhật {vn_datetime(packet.built_at)}" if packet.built_at else "")
        + ".</p>",
    ]
    if packet.reader:
        facts.append(f"<p>Bản cá nhân của {html.escape(packet.reader.label)}.</p>")
    elif reader_mark:
        facts.append(f'<p class="reader">{READER_MARK}</p>')
    intro.content = _page(packet.council, "\n".join(facts))
    intro.add_item(style)
    book.add_item(intro)
    spine: list = ["cover", intro]
    toc: list = [epub.Link("intro.xhtml", "Thông tin", "intro")]

    number = 0
    stack: list[tuple[int, dict]] = []
    tree: list = []
    for item_no, item in enumerate(packet.items, start=1):
        item_page = epub.EpubHtml(
            title=item.heading, file_name=f"item-{item_no:03d}.xhtml", lang="vi"
        )
        entries = "".join(
            f'<li><a href="doc-{number + i + 1:03d}.xhtml">{html.escape(doc.label)}</a></li>'
            for i, doc in enumerate(item.documents)
        )
        body = (
            f'<p class="meta">Cơ quan trình bày: {html.escape(item.presenter)}</p>'
            if item.presenter
            else ""
        )
        body += f"<ol>{entries}</ol>" if entries else "<p>Mục này không có tài liệu.</p>"
        item_page.content = _page(item.heading, body)
        item_page.add_item(style)
        book.add_item(item_page)
        spine.append(item_page)
        children: list = []
        for doc in item.documents:
            number += 1
            chapter = _document_chapter(book, doc, number, log)
            if reader_mark and not doc.public:
                chapter.content += f'\n<p class="reader">{READER_MARK}</p>'

            chapter.add_item(style)
            book.add_item(chapter)
            spine.append(chapter)
            children.append(chapter)
        node = {"title": item.heading, "href": item_page.file_name, "children": children}
        while stack and stack[-1][0] >= item.depth:
            stack.pop()
        (stack[-1][1]["children"] if stack else tree).append(node)
        stack.append((item.depth, node))

    def nav(nodes: list) -> list:
        entries = []
        for node in nodes:
            if isinstance(node, epub.EpubHtml):
                entries.append(node)
            elif node["children"]:
                entries.append(
                    (epub.Section(node["title"], href=node["href"]), nav(node["children"]))
                )
            else:
                entries.append(epub.Link(node["href"], node["title"], node["href"]))
        return entries

    toc.extend(nav(tree))
    book.toc = toc
    book.spine = spine
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    partial = out_path.with_name(out_path.name + ".part")
    epub.write_epub(str(partial), book, {"epub3_pages": False})
    partial.replace(out_path)
    log.append(f"Đã tạo sách điện tử: {number} tài liệu.")
    return EbookResult(out_path, number, log)
