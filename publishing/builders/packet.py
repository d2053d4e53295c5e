"""The session packet: one PDF of a session's materials in agenda order.

Cover, table of contents (each entry a link), nested bookmarks (agenda item → document → the
document's own bookmarks), page labels (i, ii… for the front matter, 1, 2… for the materials) and
a running "Trang N/M" on every page. Source pages are copied untouched, so their text stays
selectable; the page number is one extra content stream per page, never a rewrite of the page.

A personal base (`Packet.personal_base`) leaves two empty form XObjects, referenced from the cover
and from every page of a non-public document; `stamp.personalize` fills them for one reader by
appending an incremental update, so a personal copy costs a file copy, not a rebuild.

Assembly uses pikepdf (qpdf): see bench/README.md for the pypdf figures that ruled it out.
"""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from core.fonts import register_reportlab_fonts

from .inputs import Packet, SourceDocument
from .text import roman, vn_datetime

A4 = (595.2756, 841.8898)
PAGE_NUMBER_FONT = "/CouncilPN"
WATERMARK_NAME = "/CouncilWm"
READER_NAME = "/CouncilReader"
# Where the reader's block sits on the cover (A4 points): the stamp draws into this box.
READER_BOX = (70, 150, 525, 250)
MARGIN = 56


class PacketError(Exception):
    """A packet could not be built at all (never raised for one bad document)."""


@dataclass
class DocumentPlacement:
    """Where one document ended up in the packet (0-based physical page indexes)."""

    document: SourceDocument
    first_page: int
    page_count: int
    placeholder: bool = False
    problem: str = ""


@dataclass
class BuildResult:
    path: Path
    page_count: int
    front_pages: int
    body_pages: int
    placements: list[DocumentPlacement] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[DocumentPlacement]:
        return [p for p in self.placements if p.placeholder]


# ---------------------------------------------------------------------------------------------
# Opening sources


def _open_source(doc: SourceDocument) -> tuple[pikepdf.Pdf | None, str]:
    """The source as an open pdf, or None and the problem in words a clerk understands."""
    if doc.problem:
        return None, doc.problem
    try:
        data = doc.read_bytes()
    except FileNotFoundError:
        return None, "không tìm thấy tệp trong kho lưu trữ"
    except OSError as exc:
        return None, f"không đọc được tệp ({exc.strerror or exc})"
    if data is None:
        return None, "tài liệu chưa có tệp đính kèm"
    if not data.lstrip()[:5].startswith(b"%PDF"):
        return None, "tệp không phải PDF hoặc bị hỏng"
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return None, "tệp PDF được bảo vệ bằng mật khẩu (mã hóa), không mở được"
    except pikepdf.PdfError:
        return None, "tệp PDF bị hỏng, không đọc được"
    try:
        count = len(pdf.pages)
    except pikepdf.PdfError:
        return None, "tệp PDF bị hỏng, không đọc được danh sách trang"
    if count == 0:
        return None, "tệp PDF không có trang nào"
    return pdf, ""


# ---------------------------------------------------------------------------------------------
# Front matter: cover, table of contents, placeholder pages (reportlab, DejaVu)


@dataclass
class TocRow:
    level: int  # 0 agenda item, 1 document
    text: str
    page_label: str  # "" when nothing to link to
    target: int | None  # 0-based physical page index, filled after layout
    body_index: int | None  # 0-based page index among the materials
    depth: int = 1  # agenda nesting: "2.1" is indented under "2"


@dataclass
class TocLink:
    toc_page: int  # 0-based among the TOC pages
    rect: tuple[float, float, float, float]
    row: TocRow


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


def _row_style(row: TocRow) -> tuple[str, float, float]:
    regular, bold = register_reportlab_fonts()
    nesting = 14 * (row.depth - 1)
    if row.level == 0:
        return (bold if row.depth == 1 else regular, 10.5, nesting)
    return regular, 9.5, nesting + 18


def _layout_toc(rows: list[TocRow]) -> list[list[tuple[TocRow, list[str], float]]]:
    """Rows split into TOC pages: (row, wrapped lines, row height) per page."""
    regular, bold = register_reportlab_fonts()
    width = A4[0] - 2 * MARGIN
    pages: list[list[tuple[TocRow, list[str], float]]] = [[]]
    top = A4[1] - MARGIN - 70  # below the heading on the first page
    y = top
    for row in rows:
        font, size, indent = _row_style(row)
        lines = _wrap(row.text, font, size, width - indent - 44)
        height = len(lines) * (size + 3) + (7 if row.level == 0 else 3)
        if y - height < MARGIN + 20:
            pages.append([])
            y = A4[1] - MARGIN
        pages[-1].append((row, lines, height))
        y -= height
    return pages


def _render_front(
    packet: Packet,
    rows: list[TocRow],
    toc_pages: list[list[tuple[TocRow, list[str], float]]],
    placeholders: list[DocumentPlacement],
    stats: dict,
) -> tuple[bytes, list[TocLink]]:
    from reportlab import rl_config
    from reportlab.lib.colors import Color, HexColor
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    regular, bold = register_reportlab_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(packet.title)
    width, height = A4
    dark = HexColor("#1f2d3d")
    accent = HexColor("#9b1c1c")

    # Cover
    pdf.setFillColor(accent)
    pdf.rect(0, height - 14, width, 14, stroke=0, fill=1)
    pdf.setFillColor(dark)
    y = height - 90
    for line in _wrap(packet.council.upper(), bold, 14, width - 2 * MARGIN):
        pdf.setFont(bold, 14)
        pdf.drawCentredString(width / 2, y, line)
        y -= 20
    pdf.setStrokeColor(accent)
    pdf.setLineWidth(1.2)
    pdf.line(width / 2 - 60, y + 4, width / 2 + 60, y + 4)
    y -= 110
    pdf.setFont(bold, 24)
    pdf.setFillColor(accent)
    title = packet.cover_title
    pdf.drawCentredString(width / 2, y, title)
    pdf.setFillColor(dark)
    y -= 36
    for line in _wrap(packet.session, bold, 17, width - 2 * MARGIN):
        pdf.setFont(bold, 17)
        pdf.drawCentredString(width / 2, y, line)
        y -= 24
    y -= 6
    pdf.setFont(regular, 12)
    when = f"Thời gian: {packet.dates}" if packet.dates else ""
    for text in (when, f"Địa điểm: {packet.venue}" if packet.venue else ""):
        if text:
            for line in _wrap(text, regular, 12, width - 2 * MARGIN):
                pdf.drawCentredString(width / 2, y, line)
                y -= 17
    y -= 30
    pdf.setFillColor(HexColor("#f3ece0"))
    pdf.roundRect(MARGIN + 40, y - 62, width - 2 * MARGIN - 80, 84, 6, stroke=0, fill=1)
    pdf.setFillColor(dark)
    pdf.setFont(bold, 15)
    pdf.drawCentredString(width / 2, y - 4, packet.edition)
    pdf.setFont(regular, 11)
    build = packet.build_label
    if packet.built_at:
        build = (
            f"{build}, cập nhật {vn_datetime(packet.built_at)}"
            if build
            else (f"Cập nhật {vn_datetime(packet.built_at)}")
        )
    if build:
        pdf.drawCentredString(width / 2, y - 24, build)
    pdf.drawCentredString(
        width / 2,
        y - 44,
        f"{stats['items']} mục chương trình · {stats['documents']} tài liệu · "
        f"{stats['body_pages']} trang",
    )
    if packet.note:
        pdf.setFont(regular, 10)
        for i, line in enumerate(_wrap(packet.note, regular, 10, width - 2 * MARGIN - 100)):
            pdf.drawCentredString(width / 2, y - 80 - 14 * i, line)
    if packet.reader is not None and not packet.personal_base:
        draw_reader_block(pdf, packet.reader, packet.built_at)
    pdf.showPage()

    # Table of contents
    links: list[TocLink] = []
    usable = width - 2 * MARGIN
    for page_no, page_rows in enumerate(toc_pages):
        y = height - MARGIN
        if page_no == 0:
            pdf.setFont(bold, 16)
            pdf.setFillColor(dark)
            pdf.drawString(MARGIN, y - 16, "MỤC LỤC")
            pdf.setFont(regular, 9)
            pdf.drawString(MARGIN, y - 34, packet.session)
            pdf.setFont(regular, 8.5)
            pdf.drawRightString(width - MARGIN, y - 34, "Trang")
            y = height - MARGIN - 70
        for row, lines, row_height in page_rows:
            font, size, indent = _row_style(row)
            pdf.setFont(font, size)
            pdf.setFillColor(dark if row.target is not None or row.level else HexColor("#555555"))
            line_y = y - size
            if row.level == 0:
                line_y -= 4
            for i, line in enumerate(lines):
                pdf.drawString(MARGIN + indent, line_y - i * (size + 3), line)
            last_y = line_y - (len(lines) - 1) * (size + 3)
            if row.page_label:
                last_width = pdf.stringWidth(lines[-1], font, size)
                dots_from = MARGIN + indent + last_width + 4
                dots_to = width - MARGIN - pdf.stringWidth(row.page_label, font, size) - 4
                if dots_to > dots_from:
                    # Leaders drawn as a dotted line, not text: copying the TOC stays clean.
                    pdf.saveState()
                    pdf.setStrokeColor(Color(0.6, 0.6, 0.6))
                    pdf.setLineWidth(0.8)
                    pdf.setDash([0.8, 2.6])
                    pdf.line(dots_from, last_y + 1, dots_to, last_y + 1)
                    pdf.restoreState()
                pdf.setFont(font, size)
                pdf.drawRightString(width - MARGIN, last_y, row.page_label)
            if row.target is not None:
                links.append(
                    TocLink(
                        page_no,
                        (MARGIN + indent - 2, last_y - 3, MARGIN + usable + 2, y + 1),
                        row,
                    )
                )
            y -= row_height
        pdf.showPage()

    # Placeholders for documents that could not go in
    for placement in placeholders:
        draw_placeholder(pdf, placement.document, placement.problem)
        pdf.showPage()

    # A sample of the running number's glyphs: the number font is taken from this page.
    pdf.setFont(regular, 8)
    pdf.drawString(MARGIN, MARGIN, "Trang 0123456789/ivxlcdm")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue(), links


def draw_placeholder(pdf, doc: SourceDocument, problem: str) -> None:
    from reportlab.lib.colors import HexColor

    regular, bold = register_reportlab_fonts()
    width, height = A4
    y = height - 140
    pdf.setStrokeColor(HexColor("#9b1c1c"))
    pdf.setLineWidth(2)
    pdf.rect(MARGIN, 200, width - 2 * MARGIN, height - 300, stroke=1, fill=0)
    pdf.setFillColor(HexColor("#9b1c1c"))
    pdf.setFont(bold, 16)
    pdf.drawCentredString(width / 2, y, "KHÔNG ĐƯA ĐƯỢC TÀI LIỆU VÀO TẬP")
    pdf.setFillColor(HexColor("#1f2d3d"))
    y -= 40
    pdf.setFont(bold, 12)
    for line in _wrap(doc.label, bold, 12, width - 2 * MARGIN - 40):
        pdf.drawCentredString(width / 2, y, line)
        y -= 17
    y -= 14
    pdf.setFont(regular, 11)
    for line in _wrap(f"Lý do: {problem}.", regular, 11, width - 2 * MARGIN - 40):
        pdf.drawCentredString(width / 2, y, line)
        y -= 16
    y -= 20
    advice = (
        "Văn phòng đã ghi nhận lỗi này trong nhật ký tạo tập tài liệu. Đại biểu có thể xem "
        "tài liệu riêng lẻ trên Cổng thông tin hoặc liên hệ Văn phòng để nhận bản thay thế."
    )
    pdf.setFont(regular, 10)
    for line in _wrap(advice, regular, 10, width - 2 * MARGIN - 60):
        pdf.drawCentredString(width / 2, y, line)
        y -= 14


def draw_reader_block(pdf, reader, built_at: datetime.datetime | None) -> None:
    """The reader's block on the cover of a personal copy (A4 coordinates in READER_BOX)."""
    from reportlab.lib.colors import HexColor

    regular, bold = register_reportlab_fonts()
    x0, y0, x1, y1 = READER_BOX
    pdf.setStrokeColor(HexColor("#9b1c1c"))
    pdf.setLineWidth(1)
    pdf.roundRect(x0, y0, x1 - x0, y1 - y0, 6, stroke=1, fill=0)
    centre = (x0 + x1) / 2
    pdf.setFillColor(HexColor("#9b1c1c"))
    pdf.setFont(bold, 10)
    pdf.drawCentredString(centre, y1 - 20, "BẢN CÁ NHÂN")
    pdf.setFillColor(HexColor("#1f2d3d"))
    pdf.setFont(bold, 14)
    pdf.drawCentredString(centre, y1 - 42, reader.name)
    pdf.setFont(regular, 10)
    line = f"Tài khoản: {reader.account}"
    if built_at:
        line += f" · tạo lúc {vn_datetime(built_at)}"
    pdf.drawCentredString(centre, y1 - 60, line)
    pdf.setFont(regular, 8.5)
    pdf.drawCentredString(
        centre,
        y1 - 80,
        "Tài liệu chưa công khai mang tên người nhận trên từng trang; không sao chép, chuyển tiếp.",
    )


def toc_label(doc: SourceDocument) -> str:
    """ "45/TTr-UBND – Tờ trình về …": the number first, the kind only if the title lacks it."""
    text = doc.title
    kind = doc.kind.lower().split(" (")[0].split(",")[0]
    if kind and not text.lower().startswith(kind):
        text = f"{doc.kind}: {text}"
    return f"{doc.number} – {text}" if doc.number else text


# ---------------------------------------------------------------------------------------------
# Outlines


@dataclass
class OutlineNode:
    title: str
    page: int | None  # 0-based physical index
    view: list | None = None  # extra destination operands, e.g. ["/XYZ", 0, 800, None]
    children: list[OutlineNode] = field(default_factory=list)
    open: bool = False


def _source_outline(src: pikepdf.Pdf, offset: int, limit: int = 5000) -> list[OutlineNode]:
    """The document's own bookmarks, pointing at its pages' new positions."""
    outlines = src.Root.get("/Outlines")
    if outlines is None or "/First" not in outlines:
        return []
    index = {page.objgen: i for i, page in enumerate(src.pages)}
    named = None
    seen: set = set()
    budget = [limit]

    def resolve(dest):
        nonlocal named
        if isinstance(dest, pikepdf.Dictionary) and "/D" in dest:
            dest = dest.D
        if isinstance(dest, (pikepdf.String, pikepdf.Name)):
            key = str(dest).lstrip("/")
            if named is None:
                named = {}
                try:
                    names = src.Root.get("/Names")
                    if names is not None and "/Dests" in names:
                        named.update(dict(pikepdf.NameTree(names.Dests).items()))
                    if "/Dests" in src.Root:
                        named.update({str(k).lstrip("/"): v for k, v in src.Root.Dests.items()})
                except (pikepdf.PdfError, ValueError, TypeError):
                    pass
            dest = named.get(key)
            if isinstance(dest, pikepdf.Dictionary) and "/D" in dest:
                dest = dest.D
        if isinstance(dest, pikepdf.Array) and len(dest) >= 1:
            target = dest[0]
            if isinstance(target, pikepdf.Dictionary) and target.objgen in index:
                return index[target.objgen], list(dest[1:])
            if isinstance(target, int) and 0 <= int(target) < len(index):
                return int(target), list(dest[1:])
        return None, None

    def walk(item, depth: int) -> list[OutlineNode]:
        nodes = []
        while item is not None and budget[0] > 0 and depth < 12:
            if item.objgen != (0, 0):
                if item.objgen in seen:  # a loop in a damaged outline
                    break
                seen.add(item.objgen)
            budget[0] -= 1
            dest = item.get("/Dest")
            if dest is None:
                action = item.get("/A")
                if action is not None and action.get("/S") == "/GoTo":
                    dest = action.get("/D")
            page, view = resolve(dest) if dest is not None else (None, None)
            node = OutlineNode(
                str(item.get("/Title", "")),
                None if page is None else page + offset,
                view,
            )
            if "/First" in item:
                node.children = walk(item.First, depth + 1)
            nodes.append(node)
            item = item.get("/Next")
        return nodes

    try:
        return walk(outlines.First, 0)
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        return []


def _write_outline(pdf: pikepdf.Pdf, nodes: list[OutlineNode], pages) -> None:
    root = pdf.make_indirect(Dictionary(Type=Name.Outlines))

    def make_dest(node: OutlineNode):
        page = pages[node.page].obj
        view = node.view or [Name.Fit]
        operands = []
        for value in view:
            operands.append(value if value is not None else None)
        return Array([page, *operands])

    def build(parent, children: list[OutlineNode]) -> int:
        previous = None
        first = None
        visible = 0
        for node in children:
            entry = Dictionary(Title=pikepdf.String(node.title), Parent=parent)
            if node.page is not None:
                entry.Dest = make_dest(node)
            entry = pdf.make_indirect(entry)
            if previous is None:
                first = entry
            else:
                previous.Next = entry
                entry.Prev = previous
            previous = entry
            visible += 1
            if node.children:
                count = build(entry, node.children)
                entry.Count = count if node.open else -count
                if node.open:
                    visible += count
        if first is not None:
            parent.First = first
            parent.Last = previous
        return visible

    root.Count = build(root, nodes)
    pdf.Root.Outlines = root


# ---------------------------------------------------------------------------------------------
# Overlays


def _inherited(page_obj, key: str):
    """A page attribute, looking up the page tree as PDF inheritance allows."""
    node, depth = page_obj, 0
    while node is not None and depth < 32:
        value = node.get(key)
        if value is not None:
            return value
        node, depth = node.get("/Parent"), depth + 1
    return None


def _display_matrix(page_obj) -> tuple[str, float, float]:
    """A `cm` that makes (0,0) the displayed page's lower-left corner, and its width/height."""
    box = _inherited(page_obj, "/CropBox") or _inherited(page_obj, "/MediaBox")
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        x0, y0, x1, y1 = 0.0, 0.0, A4[0], A4[1]
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    try:
        rotate = int(_inherited(page_obj, "/Rotate") or 0) % 360
    except (TypeError, ValueError):
        rotate = 0
    w, h = x1 - x0, y1 - y0
    if rotate == 90:
        return f"0 1 -1 0 {x1:.2f} {y0:.2f} cm", h, w
    if rotate == 180:
        return f"-1 0 0 -1 {x1:.2f} {y1:.2f} cm", w, h
    if rotate == 270:
        return f"0 -1 1 0 {x0:.2f} {y1:.2f} cm", h, w
    return f"1 0 0 1 {x0:.2f} {y0:.2f} cm", w, h


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _add_resource(page_obj, category: str, name: str, value) -> None:
    resources = page_obj.get("/Resources")
    if resources is None:
        # Never hide inherited resources behind a new, empty dictionary: copy them down.
        inherited = _inherited(page_obj, "/Resources")
        copied = dict(inherited.items()) if inherited is not None else {}
        resources = page_obj.Resources = Dictionary(copied)
    group = resources.get(category)
    if group is None:
        resources[category] = Dictionary({name: value})
    else:
        group[name] = value


# ---------------------------------------------------------------------------------------------
# The build


def build_packet(packet: Packet, out_path: Path | str) -> BuildResult:
    """Build the packet PDF at `out_path` (written beside it first, then renamed)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    regular, _bold = register_reportlab_fonts()
    out_path = Path(out_path)
    log: list[str] = []
    sources: list[tuple[SourceDocument, pikepdf.Pdf | None, str]] = []
    for doc in packet.documents():
        src, problem = _open_source(doc)
        if problem:
            log.append(f"Tài liệu «{doc.label}»: {problem} – đã thay bằng trang thông báo.")
        sources.append((doc, src, problem))

    # Body positions (0-based among the materials), before the front matter is known.
    placements: list[DocumentPlacement] = []
    body = 0
    for doc, src, problem in sources:
        count = len(src.pages) if src is not None else 1
        placements.append(DocumentPlacement(doc, body, count, src is None, problem))
        body += count
    body_pages = body

    rows: list[TocRow] = []
    position = iter(placements)
    item_rows: list[tuple[TocRow, list[TocRow]]] = []
    for item in packet.items:
        doc_rows = []
        for doc in item.documents:
            placement = next(position)
            rows_text = toc_label(doc)
            if placement.placeholder:
                rows_text += " (không đưa được vào tập)"
            doc_rows.append(
                TocRow(1, rows_text, str(placement.first_page + 1), None, placement.first_page)
            )
        for row in doc_rows:
            row.depth = item.depth
        first = doc_rows[0].body_index if doc_rows else None
        item_row = TocRow(0, item.heading, "", None, first, item.depth)
        rows.append(item_row)
        rows.extend(doc_rows)
        item_rows.append((item_row, doc_rows))
    # An item without documents of its own starts where its first sub-item does; an item with
    # nothing at all under it says so.
    for index, (item_row, _docs) in enumerate(item_rows):
        depth = packet.items[index].depth
        if item_row.body_index is None:
            for later in range(index + 1, len(item_rows)):
                if packet.items[later].depth <= depth:
                    break
                if item_rows[later][0].body_index is not None:
                    item_row.body_index = item_rows[later][0].body_index
                    break
        if item_row.body_index is None:
            item_row.text += " (không có tài liệu trong bản này)"
        else:
            item_row.page_label = str(item_row.body_index + 1)
    if not rows:
        rows.append(TocRow(1, "Chưa có tài liệu nào trong bản này.", "", None, None))

    toc_pages = _layout_toc(rows)
    front_pages = 1 + len(toc_pages)
    for row in rows:
        if row.body_index is not None:
            row.target = front_pages + row.body_index
    for placement in placements:
        placement.first_page += front_pages

    stats = {
        "items": len(packet.items),
        "documents": len(placements),
        "body_pages": body_pages,
    }
    problems = [p for p in placements if p.placeholder]
    front_bytes, links = _render_front(packet, rows, toc_pages, problems, stats)
    front = pikepdf.open(io.BytesIO(front_bytes))

    out = pikepdf.new()
    out.pages.extend(front.pages[:front_pages])
    placeholder_page = {id(p): front_pages + i for i, p in enumerate(problems)}
    outline: list[OutlineNode] = []
    stack: list[OutlineNode] = []
    placement_iter = iter(placements)
    source_iter = iter(sources)
    for item in packet.items:
        item_node = OutlineNode(item.heading, None, open=True)
        for _doc in item.documents:
            placement = next(placement_iter)
            _, src, _problem = next(source_iter)
            title = placement.document.label
            doc_node = OutlineNode(title, placement.first_page)
            if src is None:
                out.pages.append(front.pages[placeholder_page[id(placement)]])
            else:
                out.pages.extend(src.pages)
                doc_node.children = _source_outline(src, placement.first_page)
            item_node.children.append(doc_node)
            if item_node.page is None:
                item_node.page = placement.first_page
        # Nest by depth: "2.1" goes under "2".
        while stack and len(stack) >= item.depth:
            stack.pop()
        if stack:
            stack[-1].children.append(item_node)
            if stack[-1].page is None:
                stack[-1].page = item_node.page
        else:
            outline.append(item_node)
        stack.append(item_node)
    toc_node = OutlineNode("Mục lục", 1)
    _write_outline(out, [OutlineNode("Bìa", 0), toc_node, *outline], out.pages)

    total = len(out.pages)
    # Running numbers: one shared font, a q/Q pair around the page's own content, one small
    # stream per page.
    sample = front.pages[len(front.pages) - 1].obj
    number_font = out.copy_foreign(next(iter(sample.Resources.Font.values())))
    push = out.make_stream(b"q\n")
    pop = out.make_stream(b"Q\n")
    watermark_slot = reader_slot = None
    if packet.personal_base:
        empty_form = {
            "/Type": Name.XObject,
            "/Subtype": Name.Form,
            "/BBox": Array([0, 0, A4[0], A4[1]]),
            "/Resources": Dictionary(),
        }
        watermark_slot = out.make_stream(b"", Dictionary(empty_form))
        reader_slot = out.make_stream(b"", Dictionary(empty_form))
        out.Root.CouncilPacket = Dictionary(Watermark=watermark_slot, Reader=reader_slot)
    stamp_streams: dict[tuple, pikepdf.Stream] = {}
    nonpublic_pages: set[int] = set()
    if packet.personal_base:
        for placement in placements:
            if not placement.document.public and not placement.placeholder:
                nonpublic_pages.update(
                    range(placement.first_page, placement.first_page + placement.page_count)
                )
    for index, page in enumerate(out.pages):
        obj = page.obj
        matrix, w, h = _display_matrix(obj)
        if index < front_pages:
            text = f"Trang {roman(index + 1)}"
        else:
            text = f"Trang {index - front_pages + 1}/{body_pages}"
        text_width = stringWidth(text, regular, 8)
        x = w - 36 - text_width
        number = (
            f"q {matrix} 1 1 1 rg {x - 3:.2f} 12 {text_width + 6:.2f} 11 re f "
            f"0.25 0.25 0.25 rg BT {PAGE_NUMBER_FONT} 8 Tf {x:.2f} 15 Td "
            f"({_pdf_text(text)}) Tj ET Q\n"
        ).encode()
        contents = obj.get("/Contents")
        parts = [push]
        if isinstance(contents, pikepdf.Array):
            parts.extend(contents)
        elif contents is not None:
            parts.append(contents)
        parts.append(pop)
        parts.append(out.make_stream(number))
        if index in nonpublic_pages:
            key = (matrix, round(w), round(h))
            stream = stamp_streams.get(key)
            if stream is None:
                scale = min(w / A4[0], h / A4[1])
                draw = f"q {matrix} {scale:.4f} 0 0 {scale:.4f} 0 0 cm {WATERMARK_NAME} Do Q\n"
                stream = out.make_stream(draw.encode())
                stamp_streams[key] = stream
            parts.append(stream)
            _add_resource(obj, "/XObject", WATERMARK_NAME, watermark_slot)
        if index == 0 and reader_slot is not None:
            parts.append(out.make_stream(f"q {READER_NAME} Do Q\n".encode()))
            _add_resource(obj, "/XObject", READER_NAME, reader_slot)
        obj.Contents = Array(parts)
        _add_resource(obj, "/Font", PAGE_NUMBER_FONT, number_font)

    # TOC links
    for link in links:
        page = out.pages[1 + link.toc_page].obj
        annotation = out.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=Array(list(link.rect)),
                Border=Array([0, 0, 0]),
                Dest=Array([out.pages[link.row.target].obj, Name.Fit]),
            )
        )
        if "/Annots" not in page:
            page.Annots = Array()
        page.Annots.append(annotation)

    out.Root.PageLabels = Dictionary(
        Nums=Array([0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D)])
    )
    out.Root.PageMode = Name.UseOutlines
    out.Root.Lang = pikepdf.String("vi")
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = packet.title
        meta["dc:creator"] = [packet.council]
        meta["dc:language"] = ["vi"]
    out.docinfo[Name.Title] = pikepdf.String(packet.title)
    out.docinfo[Name.Author] = pikepdf.String(packet.council)
    out.docinfo[Name.Subject] = pikepdf.String(f"{packet.session} – {packet.dates}")
    out.docinfo[Name.Creator] = pikepdf.String("Cổng thông tin HĐND tỉnh – xuất bản")

    partial = out_path.with_name(out_path.name + ".part")
    out.save(
        partial,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=True,
        deterministic_id=True,
    )
    os.replace(partial, out_path)
    for _doc, src, _problem in sources:
        if src is not None:
            src.close()
    front.close()
    log.append(
        f"Đã tạo {packet.edition.lower()}: {len(placements)} tài liệu, {body_pages} trang tài "
        f"liệu, {total} trang cả bìa và mục lục."
    )
    return BuildResult(out_path, total, front_pages, body_pages, placements, log)
