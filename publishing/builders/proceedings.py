"""The proceedings of a closed session for the public archive (kỷ yếu kỳ họp): resolutions,
minutes, interpellations and vote tables, as a packet-style PDF and an e-book.

Interpellations and votes have no PDF of their own: they are typeset here (reportlab platypus,
DejaVu) and carried as generated documents, with an XHTML twin for the e-book.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from core.fonts import register_reportlab_fonts

from .inputs import AgendaEntry, Packet, SourceDocument


@dataclass
class InterpellationEntry:
    asker: str
    respondent: str
    respondent_title: str
    question: str
    answer: str


@dataclass
class BallotEntry:
    subject: str
    result: str  # "Thông qua"
    held_at: str  # "9:30 ngày 10/12/2026"
    totals: list[tuple[str, int]]  # [("Tán thành", 48), …]
    votes: list[tuple[str, str]] = field(default_factory=list)  # [(name, choice label)]


@dataclass
class Proceedings:
    council: str
    session: str
    dates: str
    venue: str = ""
    resolutions: list[SourceDocument] = field(default_factory=list)
    minutes: list[SourceDocument] = field(default_factory=list)
    interpellations: list[InterpellationEntry] = field(default_factory=list)
    ballots: list[BallotEntry] = field(default_factory=list)


def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    regular, bold = register_reportlab_fonts()
    base = getSampleStyleSheet()
    return {
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=16,
                             leading=20, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12.5,
                             leading=16, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=10.5,
                               leading=14.5),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontName=regular, fontSize=9,
                                leading=12),
        "bold": bold,
        "regular": regular,
    }  # fmt: skip


def _pdf(title: str, flowables_for) -> bytes:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    rl_config.invariant = 1
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=56, rightMargin=56, topMargin=56,
        bottomMargin=56,
    )  # fmt: skip
    doc.build(flowables_for(_styles()))
    return buffer.getvalue()


def _p(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(html.escape(text).replace("\n", "<br/>"), style)


def interpellations_document(entries: list[InterpellationEntry]) -> SourceDocument:
    def flowables(s):
        items = [_p("Chất vấn và trả lời chất vấn", s["h1"])]
        for n, e in enumerate(entries, start=1):
            items.append(_p(f"{n}. Đại biểu {e.asker} chất vấn", s["h2"]))
            items.append(_p(e.question, s["body"]))
            who = f"{e.respondent}, {e.respondent_title}" if e.respondent_title else e.respondent
            items.append(_p(f"Trả lời: {who}", s["h2"]))
            items.append(_p(e.answer or "(chưa có tóm tắt trả lời)", s["body"]))
        return items

    body = "".join(
        f"<h2>{n}. Đại biểu {html.escape(e.asker)} chất vấn</h2>"
        f"<p>{html.escape(e.question)}</p>"
        f"<h3>Trả lời: {html.escape(e.respondent)}"
        f"{', ' + html.escape(e.respondent_title) if e.respondent_title else ''}</h3>"
        f"<p>{html.escape(e.answer or '(chưa có tóm tắt trả lời)')}</p>"
        for n, e in enumerate(entries, start=1)
    )
    return SourceDocument(
        "Chất vấn và trả lời chất vấn",
        kind="Tổng hợp",
        data=_pdf("Chất vấn và trả lời chất vấn", flowables),
        html=body,
        key="generated-interpellations",
    )


def ballots_document(ballots: list[BallotEntry]) -> SourceDocument:
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, Table, TableStyle

    def flowables(s):
        items = [_p("Kết quả biểu quyết", s["h1"])]
        for n, b in enumerate(ballots, start=1):
            items.append(_p(f"{n}. {b.subject}", s["h2"]))
            items.append(_p(f"Biểu quyết lúc {b.held_at}. Kết quả: {b.result}.", s["body"]))
            rows = [[_p("Lựa chọn", s["small"]), _p("Số đại biểu", s["small"])]]
            rows += [[_p(lb, s["small"]), _p(str(n), s["small"])] for lb, n in b.totals]
            table = Table(rows, colWidths=[260, 100], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3ece0")),
            ]))  # fmt: skip
            items.append(Spacer(1, 6))
            items.append(table)
            if b.votes:
                items.append(Spacer(1, 6))
                votes = [[_p("Đại biểu", s["small"]), _p("Lựa chọn", s["small"])]]
                votes += [[_p(nm, s["small"]), _p(ch, s["small"])] for nm, ch in b.votes]
                table = Table(votes, colWidths=[260, 160], hAlign="LEFT", repeatRows=1)
                table.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3ece0")),
                ]))  # fmt: skip
                items.append(table)
        return items

    parts = []
    for n, b in enumerate(ballots, start=1):
        totals = "".join(
            f"<tr><td>{html.escape(label)}</td><td>{count}</td></tr>" for label, count in b.totals
        )
        parts.append(
            f"<h2>{n}. {html.escape(b.subject)}</h2>"
            f"<p>Biểu quyết lúc {html.escape(b.held_at)}. Kết quả: {html.escape(b.result)}.</p>"
            f'<table><caption>Tổng hợp kết quả</caption><thead><tr><th scope="col">Lựa chọn'
            f'</th><th scope="col">Số đại biểu</th></tr></thead><tbody>{totals}</tbody></table>'
        )
        if b.votes:
            rows = "".join(
                f"<tr><td>{html.escape(name)}</td><td>{html.escape(choice)}</td></tr>"
                for name, choice in b.votes
            )
            parts.append(
                "<table><caption>Phiếu của từng đại biểu</caption><thead><tr>"
                '<th scope="col">Đại biểu</th><th scope="col">Lựa chọn</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>"
            )
    return SourceDocument(
        "Kết quả biểu quyết",
        kind="Tổng hợp",
        data=_pdf("Kết quả biểu quyết", flowables),
        html="".join(parts),
        key="generated-ballots",
    )


def proceedings_packet(proceedings: Proceedings) -> Packet:
    """The proceedings as packet inputs: the PDF and e-book builders do the rest."""
    sections = [
        ("Nghị quyết đã thông qua", proceedings.resolutions),
        ("Biên bản, thông báo kết quả kỳ họp", proceedings.minutes),
        (
            "Chất vấn và trả lời chất vấn",
            [interpellations_document(proceedings.interpellations)]
            if proceedings.interpellations
            else [],
        ),
        (
            "Kết quả biểu quyết",
            [ballots_document(proceedings.ballots)] if proceedings.ballots else [],
        ),
    ]
    numerals = ["I", "II", "III", "IV"]
    items = [
        AgendaEntry(title, code=numerals[n], documents=docs)
        for n, (title, docs) in enumerate((t, d) for t, d in sections if d)
    ]
    return Packet(
        council=proceedings.council,
        session=proceedings.session,
        dates=proceedings.dates,
        venue=proceedings.venue,
        edition="Kỷ yếu kỳ họp",
        items=items,
        cover_title="KỶ YẾU KỲ HỌP",
    )
