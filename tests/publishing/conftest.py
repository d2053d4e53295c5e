import datetime
import io

import pikepdf
import pytest

from core.pdfgen import scanned_pdf, text_pdf
from publishing.builders.inputs import AgendaEntry, Packet, SourceDocument

BODY = "Hội đồng nhân dân tỉnh quyết nghị các nội dung ưu tiên về Đường giao thông nông thôn."


def pdf_bytes(title: str, pages: int) -> bytes:
    return text_pdf(title, [f"{BODY} Trang {n + 1}." for n in range(pages)], header="HĐND TỈNH")


def encrypted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(pdf_bytes("Tài liệu mã hóa", 2)))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="matkhau", owner="chu"))
    return out.getvalue()


def empty_pdf() -> bytes:
    out = io.BytesIO()
    pikepdf.new().save(out)
    return out.getvalue()


@pytest.fixture
def agenda(tmp_path):
    """Two agenda items (the second with a sub-item) and five documents, one non-public."""
    path = tmp_path / "baocao.pdf"
    path.write_bytes(pdf_bytes("Báo cáo tình hình kinh tế – xã hội", 3))
    return [
        AgendaEntry(
            "Báo cáo tình hình kinh tế – xã hội năm 2025",
            code="1",
            documents=[
                SourceDocument("Báo cáo tình hình kinh tế – xã hội", "210/BC-UBND", "Báo cáo",
                               public=True, path=path, key="bc"),
                SourceDocument("Báo cáo thẩm tra của Ban Kinh tế – Ngân sách", "31/BC-KTNS",
                               "Báo cáo thẩm tra", public=True,
                               data=pdf_bytes("Báo cáo thẩm tra", 2), key="bctt"),
            ],
        ),
        AgendaEntry(
            "Nghị quyết về danh mục dự án ưu tiên đầu tư",
            code="2",
            documents=[
                SourceDocument("Tờ trình dự thảo Nghị quyết ưu tiên đầu tư", "45/TTr-UBND",
                               "Tờ trình", public=False,
                               data=pdf_bytes("Tờ trình ưu tiên đầu tư", 4), key="tt"),
            ],
        ),
        AgendaEntry(
            "Dự thảo nghị quyết kèm theo",
            code="2.1",
            depth=2,
            documents=[
                SourceDocument("Dự thảo nghị quyết (bản quét)", "", "Dự thảo nghị quyết",
                               public=False, data=scanned_pdf("Dự thảo", ["Điều 1."]), key="dt"),
            ],
        ),
    ]  # fmt: skip


@pytest.fixture
def packet(agenda):
    return Packet(
        council="Hội đồng nhân dân tỉnh Quảng Trị",
        session="Kỳ họp thứ 12, HĐND tỉnh khóa XVI",
        dates="2/12 – 4/12/2025",
        venue="Hội trường HĐND tỉnh, số 1 Đường Hùng Vương",
        edition="Bản dành cho đại biểu",
        items=agenda,
        build_label="Bản số 3",
        built_at=datetime.datetime(2025, 12, 2, 14, 5),
        personal_base=True,
    )


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def inherited_resources_pdf() -> bytes:
    """Two pages that take their font, media box and (the second) rotation from the page tree."""
    content = b"BT /F1 14 Tf 72 700 Td (Inherited resources) Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Rotate 90 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )
