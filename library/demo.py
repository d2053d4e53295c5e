"""Demo archive: about 40 documents of HĐND tỉnh Lào Cai khóa XVI, as real PDFs (a quarter of
them image-only scans), at every access level. Idempotent: a document is found again by its
number (or, for a draft, its kind and title) and its file is never written twice.

Shares `ctx.objects["documents"]` (key → ArchiveDocument) with the sessions demo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.pdfgen import scanned_pdf, text_pdf
from library.access import Level
from library.models import ArchiveDocument, DocumentKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
K = DocumentKind

UBND = "Ủy ban nhân dân tỉnh"
HDND = "Hội đồng nhân dân tỉnh"
TT_HDND = "Thường trực HĐND tỉnh"
KTNS = "Ban Kinh tế – Ngân sách HĐND tỉnh"
VHXH = "Ban Văn hóa – Xã hội HĐND tỉnh"
PC = "Ban Pháp chế HĐND tỉnh"
DT = "Ban Dân tộc HĐND tỉnh"

CHAIR = "Vũ Xuân Cường"
VICE = "Giàng A Tông"
GOV = "Trịnh Xuân Trường"
VICE_GOV = "Hoàng Quốc Khánh"


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


D = datetime.date
# After the year-end session closes, its drafts and reports become public.
S12_PUBLIC = at(D(2026, 12, 11))
# The thematic supervision report is announced in the hall; online from that morning.
EMBARGO = at(D(2026, 12, 10))


@dataclass
class Doc:
    key: str
    kind: str
    title: str
    number: str = ""
    body: str = UBND
    signer: str = ""
    issued: datetime.date | None = None
    effective: datetime.date | None = None
    level: str = Level.PUBLIC
    scan: bool = False
    pages: int = 2
    release_at: datetime.datetime | None = None
    public_at: datetime.datetime | None = None
    readers: tuple[str, ...] = ()
    revisions: list[tuple[str, str]] = field(default_factory=list)  # (change note, new text)


DOCS: list[Doc] = [
    # --- Kỳ họp thứ 11 (giữa năm, 15–17/7/2026): closed, resolutions adopted and public ---
    Doc("s11_invite", K.NOTICE, "Thông báo triệu tập Kỳ họp thứ 11, HĐND tỉnh khóa XVI",
        "52/TB-HĐND", TT_HDND, CHAIR, D(2026, 7, 3), pages=1),
    Doc("s11_agenda", K.PLAN, "Chương trình Kỳ họp thứ 11, HĐND tỉnh khóa XVI",
        "88/KH-HĐND", TT_HDND, CHAIR, D(2026, 7, 3), pages=2),
    Doc("s11_ktxh", K.REPORT,
        "Báo cáo tình hình kinh tế – xã hội, quốc phòng – an ninh 6 tháng đầu năm, nhiệm vụ "
        "trọng tâm 6 tháng cuối năm 2026", "210/BC-UBND", UBND, GOV, D(2026, 7, 6), scan=True,
        pages=4),
    Doc("s11_ktxh_tt", K.VERIFICATION,
        "Báo cáo thẩm tra tình hình kinh tế – xã hội 6 tháng đầu năm 2026", "31/BC-KTNS", KTNS,
        "Nguyễn Thị Thu Hà", D(2026, 7, 10), pages=2),
    Doc("s11_nn_ttr", K.SUBMISSION,
        "Tờ trình dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông "
        "nghiệp hàng hóa tập trung trên địa bàn tỉnh Lào Cai giai đoạn 2026–2030",
        "45/TTr-UBND", UBND, VICE_GOV, D(2026, 6, 30), pages=3),
    Doc("s11_nn_tt", K.VERIFICATION,
        "Báo cáo thẩm tra dự thảo Nghị quyết về chính sách hỗ trợ phát triển sản xuất nông "
        "nghiệp hàng hóa tập trung", "32/BC-KTNS", KTNS, "Nguyễn Thị Thu Hà", D(2026, 7, 10)),
    Doc("s11_nn_draft", K.DRAFT_RESOLUTION,
        "Dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp hàng "
        "hóa tập trung giai đoạn 2026–2030", level=Level.DELEGATES,
        public_at=at(D(2026, 7, 18))),
    Doc("s11_nn_nq", K.RESOLUTION_NORMATIVE,
        "Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp hàng hóa tập "
        "trung trên địa bàn tỉnh Lào Cai giai đoạn 2026–2030", "15/2026/NQ-HĐND", HDND, CHAIR,
        D(2026, 7, 17), D(2026, 8, 1), scan=True, pages=3),
    Doc("s11_dtc_ttr", K.SUBMISSION,
        "Tờ trình điều chỉnh, bổ sung kế hoạch đầu tư công trung hạn giai đoạn 2026–2030 "
        "nguồn ngân sách địa phương", "46/TTr-UBND", UBND, VICE_GOV, D(2026, 7, 1)),
    Doc("s11_dtc_tt", K.VERIFICATION,
        "Báo cáo thẩm tra việc điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2026–2030",
        "33/BC-KTNS", KTNS, "Nguyễn Thị Thu Hà", D(2026, 7, 11)),
    Doc("s11_dtc_nq", K.RESOLUTION,
        "Nghị quyết điều chỉnh, bổ sung kế hoạch đầu tư công trung hạn giai đoạn 2026–2030 "
        "nguồn ngân sách địa phương", "123/NQ-HĐND", HDND, CHAIR, D(2026, 7, 17), scan=True),
    Doc("s11_gd_ttr", K.SUBMISSION,
        "Tờ trình dự thảo Nghị quyết quy định chính sách hỗ trợ học sinh, giáo viên vùng đồng "
        "bào dân tộc thiểu số và miền núi", "47/TTr-UBND", UBND, VICE_GOV, D(2026, 7, 1)),
    Doc("s11_gd_tt", K.VERIFICATION,
        "Báo cáo thẩm tra dự thảo Nghị quyết hỗ trợ học sinh, giáo viên vùng đồng bào dân tộc "
        "thiểu số", "18/BC-VHXH", VHXH, "Lý Thị Vinh", D(2026, 7, 11)),
    Doc("s11_gd_nq", K.RESOLUTION_NORMATIVE,
        "Nghị quyết quy định chính sách hỗ trợ học sinh, giáo viên vùng đồng bào dân tộc "
        "thiểu số và miền núi tỉnh Lào Cai", "16/2026/NQ-HĐND", HDND, CHAIR, D(2026, 7, 17),
        D(2026, 9, 1), pages=3),
    Doc("s11_kn", K.REPORT,
        "Báo cáo kết quả giải quyết, trả lời ý kiến, kiến nghị của cử tri gửi đến Kỳ họp thứ 10",
        "215/BC-UBND", UBND, GOV, D(2026, 7, 8), scan=True, pages=3),
    Doc("s11_canbo", K.SUBMISSION,
        "Tờ trình về việc miễn nhiệm và bầu bổ sung chức danh Ủy viên Ủy ban nhân dân tỉnh",
        "48/TTr-UBND", UBND, GOV, D(2026, 7, 12), level=Level.RESTRICTED, readers=("nguoidoc",),
        pages=1),
    Doc("s11_minutes", K.MINUTES, "Biên bản Kỳ họp thứ 11, HĐND tỉnh khóa XVI",
        "02/BB-HĐND", HDND, "Nguyễn Văn Thắng", D(2026, 7, 17), scan=True, pages=4),
    Doc("s11_result", K.NOTICE, "Thông báo kết quả Kỳ họp thứ 11, HĐND tỉnh khóa XVI",
        "61/TB-HĐND", TT_HDND, CHAIR, D(2026, 7, 20), pages=2),
    # --- Kỳ họp thứ 12 (cuối năm, 8–10/12/2026): materials for delegates only, for now ---
    Doc("s12_invite", K.NOTICE, "Thông báo triệu tập Kỳ họp thứ 12, HĐND tỉnh khóa XVI",
        "97/TB-HĐND", TT_HDND, CHAIR, D(2026, 11, 20), pages=1),
    Doc("s12_ktxh", K.REPORT,
        "Báo cáo tình hình kinh tế – xã hội năm 2026, phương hướng nhiệm vụ năm 2027",
        "380/BC-UBND", UBND, GOV, D(2026, 11, 24), level=Level.DELEGATES, public_at=S12_PUBLIC,
        pages=4),
    Doc("s12_ktxh_tt", K.VERIFICATION,
        "Báo cáo thẩm tra tình hình kinh tế – xã hội năm 2026 và kế hoạch năm 2027",
        "52/BC-KTNS", KTNS, "Nguyễn Thị Thu Hà", D(2026, 11, 25), level=Level.DELEGATES,
        public_at=S12_PUBLIC),
    Doc("s12_ns_ttr", K.SUBMISSION,
        "Tờ trình dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương và "
        "phương án phân bổ ngân sách cấp tỉnh năm 2027", "96/TTr-UBND", UBND, VICE_GOV,
        D(2026, 11, 18), level=Level.DELEGATES, public_at=S12_PUBLIC, scan=True, pages=3),
    Doc("s12_ns_draft", K.DRAFT_RESOLUTION,
        "Dự thảo Nghị quyết về dự toán ngân sách địa phương và phân bổ ngân sách cấp tỉnh năm "
        "2027", level=Level.DELEGATES, public_at=S12_PUBLIC, pages=2,
        revisions=[("Tiếp thu ý kiến thẩm tra của Ban Kinh tế – Ngân sách: tăng chi sự nghiệp "
                    "giáo dục thêm 15 tỷ đồng; điều chỉnh dự phòng ngân sách.",
                    "Chi sự nghiệp giáo dục – đào tạo: 3.215 tỷ đồng (tăng 15 tỷ đồng so với dự "
                    "thảo trình kỳ họp). Dự phòng ngân sách: 2,5% tổng chi cân đối.")]),
    Doc("s12_ns_tt", K.VERIFICATION,
        "Báo cáo thẩm tra dự toán ngân sách địa phương và phương án phân bổ ngân sách năm 2027",
        "53/BC-KTNS", KTNS, "Nguyễn Thị Thu Hà", D(2026, 11, 26), level=Level.DELEGATES,
        public_at=S12_PUBLIC),
    Doc("s12_gd_ttr", K.SUBMISSION,
        "Tờ trình dự thảo Nghị quyết ban hành Bảng giá đất áp dụng từ ngày 01/01/2027 trên địa "
        "bàn tỉnh Lào Cai", "97/TTr-UBND", UBND, VICE_GOV, D(2026, 11, 19),
        level=Level.DELEGATES, public_at=S12_PUBLIC, pages=3),
    Doc("s12_gd_draft", K.DRAFT_RESOLUTION,
        "Dự thảo Nghị quyết ban hành Bảng giá đất áp dụng từ ngày 01/01/2027",
        level=Level.DELEGATES, public_at=S12_PUBLIC, scan=True, pages=3),
    Doc("s12_gd_tt", K.VERIFICATION,
        "Báo cáo thẩm tra dự thảo Nghị quyết ban hành Bảng giá đất từ ngày 01/01/2027",
        "54/BC-KTNS", KTNS, "Nguyễn Thị Thu Hà", D(2026, 11, 26), level=Level.DELEGATES,
        public_at=S12_PUBLIC),
    Doc("s12_bc_ttr", K.SUBMISSION,
        "Tờ trình phê duyệt biên chế công chức trong cơ quan hành chính nhà nước tỉnh Lào Cai "
        "năm 2027", "98/TTr-UBND", UBND, GOV, D(2026, 11, 20), level=Level.DELEGATES,
        public_at=S12_PUBLIC),
    Doc("s12_bc_draft", K.DRAFT_RESOLUTION,
        "Dự thảo Nghị quyết phê duyệt biên chế công chức năm 2027", level=Level.DELEGATES,
        public_at=S12_PUBLIC, pages=1),
    Doc("s12_gs", K.REPORT,
        "Báo cáo kết quả giám sát chuyên đề việc thực hiện chính sách hỗ trợ nhà ở cho hộ "
        "nghèo giai đoạn 2021–2026", "120/BC-HĐND", TT_HDND, VICE, D(2026, 11, 27),
        release_at=EMBARGO, pages=3),
    Doc("s12_canbo", K.SUBMISSION,
        "Tờ trình về việc kiện toàn chức danh Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "99/TTr-UBND", UBND, GOV, D(2026, 11, 25), level=Level.RESTRICTED, readers=("nguoidoc",),
        pages=1),
    Doc("s12_secret", K.REPORT,
        "Báo cáo công tác quốc phòng, quân sự địa phương và bảo vệ bí mật nhà nước năm 2026",
        "15/BC-BCH", "Bộ Chỉ huy Quân sự tỉnh", "Đại tá Lê Văn Hùng", D(2026, 11, 21),
        level=Level.SECRET),
    # --- Earlier resolutions in force: the public archive ---
    Doc("nq_2025_12", K.RESOLUTION_NORMATIVE,
        "Nghị quyết quy định mức thu, miễn, giảm, quản lý và sử dụng phí tham quan danh lam "
        "thắng cảnh Sa Pa", "12/2025/NQ-HĐND", HDND, CHAIR, D(2025, 7, 10), D(2025, 8, 1),
        scan=True),
    Doc("nq_2025_20", K.RESOLUTION_NORMATIVE,
        "Nghị quyết quy định chính sách khuyến khích phát triển du lịch cộng đồng tỉnh Lào Cai",
        "20/2025/NQ-HĐND", HDND, CHAIR, D(2025, 12, 9), D(2026, 1, 1), pages=3),
    Doc("nq_2025_ns", K.RESOLUTION,
        "Nghị quyết về dự toán ngân sách địa phương và phân bổ ngân sách cấp tỉnh năm 2026",
        "310/NQ-HĐND", HDND, CHAIR, D(2025, 12, 10), scan=True, pages=3),
    Doc("nq_2025_gs", K.RESOLUTION,
        "Nghị quyết thành lập Đoàn giám sát chuyên đề năm 2026 của HĐND tỉnh",
        "311/NQ-HĐND", HDND, CHAIR, D(2025, 12, 10), pages=1),
    Doc("kl_2026_ttr", K.NOTICE,
        "Kết luận của Thường trực HĐND tỉnh tại phiên họp giải trình về công tác quản lý "
        "khai thác khoáng sản", "17/KL-HĐND", TT_HDND, VICE, D(2026, 9, 15)),
    Doc("cv_2026_kn", K.LETTER,
        "Công văn đề nghị Ủy ban nhân dân tỉnh chỉ đạo giải quyết kiến nghị cử tri trước Kỳ "
        "họp thứ 12", "402/HĐND-VP", TT_HDND, VICE, D(2026, 10, 20), pages=1),
    Doc("bc_2026_tt", K.REPORT,
        "Báo cáo kết quả hoạt động của Thường trực HĐND tỉnh năm 2026",
        "118/BC-HĐND", TT_HDND, CHAIR, D(2026, 11, 24), level=Level.DELEGATES,
        public_at=S12_PUBLIC),
    Doc("bc_2026_pc", K.REPORT,
        "Báo cáo kết quả giám sát công tác thi hành án dân sự năm 2026 của Ban Pháp chế",
        "27/BC-PC", PC, "Hoàng Văn Sơn", D(2026, 11, 23), pages=2),
    Doc("bc_2026_dt", K.REPORT,
        "Báo cáo kết quả khảo sát việc thực hiện chương trình mục tiêu quốc gia phát triển "
        "kinh tế – xã hội vùng đồng bào dân tộc thiểu số", "22/BC-DT", DT, "Sùng Thị Mai",
        D(2026, 10, 30), scan=True, pages=2),
]  # fmt: skip


def _pages(doc: Doc, extra: str = "") -> list[str]:
    opening = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ "
        "sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày "
        "22 tháng 11 năm 2019;\nCăn cứ Luật Ban hành văn bản quy phạm pháp luật;\n"
    )
    body = [
        f"{opening}{doc.body} {doc.title[0].lower()}{doc.title[1:]}.",
        "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng.\nNghị quyết (văn bản) này quy định "
        "nội dung, mức và phương thức thực hiện trên địa bàn tỉnh Lào Cai.",
        "Điều 2. Tổ chức thực hiện.\nGiao Ủy ban nhân dân tỉnh tổ chức thực hiện. Thường trực "
        "HĐND, các Ban HĐND, các Tổ đại biểu và đại biểu HĐND tỉnh giám sát việc thực hiện.",
        "Nơi nhận: Như Điều 2; Văn phòng Quốc hội; Chính phủ; Thường trực Tỉnh ủy; lưu VT.",
    ]
    if extra:
        body[1] = f"{body[1]}\n{extra}"
    pages = body[: max(1, doc.pages)]
    while len(pages) < doc.pages:
        pages.append(f"Phụ lục {len(pages) - 2}: số liệu chi tiết kèm theo {doc.title.lower()}.")
    return pages


def _pdf(doc: Doc, extra: str = "") -> bytes:
    header = f"{doc.body.upper()}  ·  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    if doc.scan:
        return scanned_pdf(doc.title, _pages(doc, extra), dpi=72)
    return text_pdf(doc.title, _pages(doc, extra), header=header)


def _find(doc: Doc) -> ArchiveDocument | None:
    from library import numbers

    if doc.number:
        key = numbers.parse(doc.number).key(doc.issued.year if doc.issued else None)
        return ArchiveDocument.objects.filter(number_key=key).first()
    return ArchiveDocument.objects.filter(number="", kind=doc.kind, title=doc.title).first()


def load(ctx) -> None:
    from delegates.models import Term
    from library.services import add_version

    term, _ = Term.objects.get_or_create(number=16, defaults={"start_date": D(2021, 6, 25)})
    clerk = ctx.users.get("vanphong")
    documents = ctx.objects.setdefault("documents", {})
    created = 0
    for doc in DOCS:
        document = _find(doc) or ArchiveDocument()
        is_new = document.pk is None
        document.title = doc.title
        document.number = doc.number
        document.kind = doc.kind
        document.issuing_body = doc.body
        document.signer = doc.signer
        document.issued_on = doc.issued
        document.effective_on = doc.effective
        document.access_level = doc.level
        document.release_at = doc.release_at
        document.public_at = doc.public_at
        document.term = term
        document.uploaded_by_user = document.uploaded_by_user or clerk
        document.save()
        readers = [ctx.users[name] for name in doc.readers if name in ctx.users]
        if readers:
            document.readers.add(*readers)
        if doc.level != Level.SECRET:
            count = document.versions.count()
            if count == 0:
                add_version(document, _pdf(doc), "", clerk, original_name=f"{doc.key}.pdf")
            for index, (note, extra) in enumerate(doc.revisions, start=2):
                if count < index:
                    add_version(
                        document,
                        _pdf(doc, extra),
                        note,
                        clerk,
                        original_name=f"{doc.key}-v{index}.pdf",
                    )
            document.refresh_from_db()
        documents[doc.key] = document
        created += is_new
    ctx.write(f"    tài liệu: {len(DOCS)} ({created} mới)")
