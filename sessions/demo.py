"""Demo proceedings: HĐND tỉnh Lào Cai khóa XVI, Kỳ họp thứ 11 (mid-year, closed, with votes,
interpellations and minutes) and Kỳ họp thứ 12 (year-end, 8–10/12/2026, materials for
delegates only until it closes). Idempotent: pages, items, votes are found again, never doubled.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q

from library.access import Level

D = datetime.date
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# (code, title, presenter, [document keys])
S11_AGENDA = [
    (
        "1",
        "Khai mạc kỳ họp; báo cáo tình hình kinh tế – xã hội 6 tháng đầu năm 2026",
        "Ủy ban nhân dân tỉnh",
        ["s11_ktxh", "s11_ktxh_tt"],
    ),
    ("2", "Xem xét các tờ trình, dự thảo nghị quyết", "", []),
    (
        "2.1",
        "Chính sách hỗ trợ phát triển sản xuất nông nghiệp hàng hóa tập trung 2026–2030",
        "Sở Nông nghiệp và Môi trường",
        ["s11_nn_ttr", "s11_nn_tt", "s11_nn_draft", "s11_nn_nq"],
    ),
    (
        "2.2",
        "Điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2026–2030",
        "Sở Tài chính",
        ["s11_dtc_ttr", "s11_dtc_tt", "s11_dtc_nq"],
    ),
    (
        "2.3",
        "Chính sách hỗ trợ học sinh, giáo viên vùng đồng bào dân tộc thiểu số",
        "Sở Giáo dục và Đào tạo",
        ["s11_gd_ttr", "s11_gd_tt", "s11_gd_nq"],
    ),
    (
        "3",
        "Chất vấn và trả lời chất vấn; kết quả giải quyết kiến nghị cử tri",
        "Thường trực HĐND tỉnh",
        ["s11_kn"],
    ),
    ("4", "Công tác cán bộ", "Ủy ban nhân dân tỉnh", ["s11_canbo"]),
    ("5", "Bế mạc kỳ họp", "Chủ tịch HĐND tỉnh", []),
]
S11_GENERAL = ["s11_invite", "s11_agenda", "s11_minutes", "s11_result"]

S12_AGENDA = [
    (
        "1",
        "Khai mạc; báo cáo kinh tế – xã hội năm 2026, kế hoạch năm 2027",
        "Ủy ban nhân dân tỉnh",
        ["s12_ktxh", "s12_ktxh_tt"],
    ),
    (
        "1.1",
        "Báo cáo hoạt động của Thường trực HĐND tỉnh năm 2026",
        "Thường trực HĐND tỉnh",
        ["bc_2026_tt"],
    ),
    ("2", "Ngân sách và đất đai", "", []),
    (
        "2.1",
        "Dự toán và phân bổ ngân sách địa phương năm 2027",
        "Sở Tài chính",
        ["s12_ns_ttr", "s12_ns_tt", "s12_ns_draft"],
    ),
    (
        "2.2",
        "Bảng giá đất áp dụng từ ngày 01/01/2027",
        "Sở Nông nghiệp và Môi trường",
        ["s12_gd_ttr", "s12_gd_tt", "s12_gd_draft"],
    ),
    ("2.3", "Biên chế công chức năm 2027", "Sở Nội vụ", ["s12_bc_ttr", "s12_bc_draft"]),
    (
        "3",
        "Kết quả giám sát chuyên đề của Thường trực HĐND tỉnh",
        "Thường trực HĐND tỉnh",
        ["s12_gs", "bc_2026_pc"],
    ),
    ("4", "Quốc phòng – an ninh", "Bộ Chỉ huy Quân sự tỉnh", ["s12_secret"]),
    ("5", "Công tác cán bộ", "Ủy ban nhân dân tỉnh", ["s12_canbo"]),
]
S12_GENERAL = ["s12_invite"]

# (subject, agenda code, draft key, resolution key)
S11_BALLOTS = [
    (
        "Thông qua Nghị quyết quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp hàng "
        "hóa tập trung giai đoạn 2026–2030",
        "2.1",
        "s11_nn_draft",
        "s11_nn_nq",
    ),
    (
        "Thông qua Nghị quyết điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2026–2030",
        "2.2",
        None,
        "s11_dtc_nq",
    ),
    (
        "Thông qua Nghị quyết quy định chính sách hỗ trợ học sinh, giáo viên vùng đồng bào dân "
        "tộc thiểu số và miền núi",
        "2.3",
        None,
        "s11_gd_nq",
    ),
]

INTERPELLATIONS = [
    (
        "Ông Nguyễn Trọng Hài",
        "Giám đốc Sở Nông nghiệp và Môi trường",
        "Tiến độ cấp giấy chứng nhận quyền sử dụng đất cho hộ đồng bào dân tộc thiểu số tại các xã "
        "vùng cao còn chậm; nguyên nhân và giải pháp trong 6 tháng cuối năm?",
        "Đã cấp 1.240 giấy chứng nhận trong 6 tháng; đến 30/9/2026 hoàn thành đo đạc bổ sung "
        "tại 12 xã còn tồn đọng; giao UBND cấp huyện rà soát hồ sơ tồn đọng từng hộ.",
        ["s11_kn"],
    ),
    (
        "Bà Lê Thị Hồng",
        "Giám đốc Sở Giáo dục và Đào tạo",
        "Tình trạng thiếu giáo viên mầm non, tiểu học tại huyện Si Ma Cai và Mường Khương; khi nào "
        "tuyển đủ chỉ tiêu biên chế được giao?",
        "Năm học 2026–2027 tuyển mới 215 giáo viên; thực hiện hợp đồng giáo viên theo Nghị định "
        "111/2022/NĐ-CP cho các vị trí còn thiếu.",
        ["s11_gd_nq"],
    ),
    (
        "Ông Phạm Văn Quang",
        "Giám đốc Sở Xây dựng",
        "Chất lượng tuyến đường tỉnh lộ 152 sau sửa chữa xuống cấp nhanh; trách nhiệm của chủ đầu "
        "tư và nhà thầu?",
        "Đã yêu cầu nhà thầu bảo hành, sửa chữa 3,2 km hư hỏng trước mùa mưa; xử lý trách nhiệm "
        "đơn vị tư vấn giám sát.",
        [],
    ),
]

# (meeting, date, topic, content, agency, answer, status, session number)
PETITIONS = [
    ("Tiếp xúc cử tri trước Kỳ họp thứ 11 tại xã Bản Lầu, huyện Mường Khương", D(2026, 6, 20),
     "Giao thông", "Đề nghị đầu tư nâng cấp tuyến đường liên xã Bản Lầu – Lùng Vai đã xuống cấp.",
     "Sở Xây dựng", "Tuyến đường đã được bố trí vốn trong kế hoạch đầu tư công trung hạn "
     "2026–2030, dự kiến khởi công quý II/2027.", "answered", 11),
    ("Tiếp xúc cử tri trước Kỳ họp thứ 11 tại phường Sa Pa, thị xã Sa Pa", D(2026, 6, 22),
     "Du lịch", "Đề nghị có cơ chế quản lý hoạt động homestay tự phát, bảo đảm cảnh quan.",
     "Sở Văn hóa, Thể thao và Du lịch", "Đã ban hành hướng dẫn điều kiện kinh doanh homestay; "
     "kiểm tra 146 cơ sở trong quý III/2026.", "resolved", 11),
    ("Tiếp xúc cử tri trước Kỳ họp thứ 11 tại xã Bảo Hà, huyện Bảo Yên", D(2026, 6, 24),
     "Đất đai", "Cử tri phản ánh chậm chi trả tiền bồi thường giải phóng mặt bằng dự án đường "
     "nối cao tốc.", "Ủy ban nhân dân huyện Bảo Yên", "", "forwarded", 11),
    ("Tiếp xúc cử tri trước Kỳ họp thứ 12 tại xã Y Tý, huyện Bát Xát", D(2026, 11, 12),
     "Y tế", "Đề nghị bố trí bác sĩ thường trực tại trạm y tế xã Y Tý trong mùa đông.",
     "Sở Y tế", "", "received", 12),
    ("Tiếp xúc cử tri trước Kỳ họp thứ 12 tại phường Cốc Lếu, thành phố Lào Cai",
     D(2026, 11, 14), "Môi trường", "Đề nghị xử lý tình trạng ngập úng cục bộ tại đường Hoàng "
     "Liên khi mưa lớn.", "Ủy ban nhân dân thành phố Lào Cai", "", "forwarded", 12),
]  # fmt: skip


def _pattern(index: int) -> str:
    """Deterministic, believable votes: nearly all for, a few absent, the odd no or abstain."""
    if index % 17 == 5:
        return "absent"
    if index % 23 == 7:
        return "abstain"
    if index % 29 == 11:
        return "against"
    return "for"


def _root(home):
    from .models import ProceedingsIndexPage

    root = ProceedingsIndexPage.objects.first()
    if root is None:
        root = home.add_child(
            instance=ProceedingsIndexPage(
                title="Kỳ họp",
                slug="ky-hop",
                show_in_menus=True,
                intro="<p>Chương trình, tài liệu, kết quả biểu quyết và chất vấn tại các kỳ "
                "họp của Hội đồng nhân dân tỉnh.</p>",
            )
        )
    return root


def _index(root, term):
    from .models import SessionIndexPage

    index = SessionIndexPage.objects.filter(term=term).first()
    if index is None:
        index = root.add_child(
            instance=SessionIndexPage(
                title=f"Kỳ họp HĐND tỉnh khóa {term.roman}",
                term=term,
                slug=term.slug,
                intro=f"<p>Các kỳ họp của Hội đồng nhân dân tỉnh khóa {term.roman}, "
                f"nhiệm kỳ {term.years}.</p>",
            )
        )
    return index


def _session(index, number, **fields):
    from .models import SessionPage

    page = SessionPage.objects.filter(term=index.term, number=number).first()
    if page is None:
        page = index.add_child(instance=SessionPage(number=number, **fields))
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    return page


def _agenda(page, agenda, general, documents):
    from .models import AgendaItem, AgendaItemDocument, SessionDocument

    for order, (code, title, presenter, keys) in enumerate(agenda):
        item, _ = AgendaItem.objects.update_or_create(
            session=page, code=code,
            defaults={"title": title, "presenter": presenter, "sort_order": order},
        )  # fmt: skip
        for position, key in enumerate(keys):
            AgendaItemDocument.objects.update_or_create(
                item=item, document=documents[key], defaults={"sort_order": position}
            )
    for position, key in enumerate(general):
        SessionDocument.objects.update_or_create(
            session=page, document=documents[key], defaults={"sort_order": position}
        )


def load(ctx) -> None:
    from core.models import HomePage
    from delegates.models import Body, Person, Term
    from library.models import ReadReceipt

    from .models import AgendaItem, Ballot, Interpellation, Petition, SessionPage, Vote

    documents = ctx.objects.get("documents")
    if not documents:
        ctx.write("    (bỏ qua: chưa có tài liệu – chạy library.demo trước)")
        return
    term, _ = Term.objects.get_or_create(number=16, defaults={"start_date": D(2021, 6, 25)})
    home = HomePage.objects.get(depth=2)
    index = _index(_root(home), term)
    s11 = _session(
        index, 11, title="Kỳ họp thứ 11 (kỳ họp thường lệ giữa năm 2026)",
        kind=SessionPage.Kind.REGULAR, start_date=D(2026, 7, 15), end_date=D(2026, 7, 17),
        venue="Hội trường Trung tâm Hội nghị tỉnh, thành phố Lào Cai",
        status=SessionPage.Status.CLOSED,
        summary="<p>Kỳ họp thứ 11 xem xét tình hình kinh tế – xã hội 6 tháng đầu năm 2026, "
        "thông qua 3 nghị quyết, tiến hành chất vấn và trả lời chất vấn.</p>",
    )  # fmt: skip
    s12 = _session(
        index, 12, title="Kỳ họp thứ 12 (kỳ họp thường lệ cuối năm 2026)",
        kind=SessionPage.Kind.REGULAR, start_date=D(2026, 12, 8), end_date=D(2026, 12, 10),
        venue="Hội trường Trung tâm Hội nghị tỉnh, thành phố Lào Cai",
        status=SessionPage.Status.PLANNED,
        summary="<p>Kỳ họp thứ 12 xem xét kết quả năm 2026, quyết định dự toán ngân sách và "
        "Bảng giá đất năm 2027. Tài liệu được gửi đại biểu trước kỳ họp và công khai sau "
        "khi kỳ họp bế mạc.</p>",
    )  # fmt: skip
    _agenda(s11, S11_AGENDA, S11_GENERAL, documents)
    _agenda(s12, S12_AGENDA, S12_GENERAL, documents)
    for page in (s11, s12):
        # Publish after the agenda exists, so the live revision carries it.
        page.save_revision().publish()

    members = list(
        Person.objects.filter(
            memberships__body__term=term, memberships__body__kind=Body.Kind.COUNCIL
        )
        .filter(memberships__start_date__lte=s11.start_date)
        .filter(
            Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=s11.start_date)
        )
        .distinct()
        .order_by("key")
    )
    for order, (subject, code, draft, resolution) in enumerate(S11_BALLOTS):
        ballot, _ = Ballot.objects.update_or_create(
            session=s11, subject=subject,
            defaults={
                "agenda_item": AgendaItem.objects.get(session=s11, code=code),
                "draft": documents.get(draft) if draft else None,
                "resolution": documents[resolution],
                "held_at": datetime.datetime(2026, 7, 17, 9 + order, 30, tzinfo=TZ),
                "result": Ballot.Result.ADOPTED,
                "access_level": Level.PUBLIC,
                "term": term,
            },
        )  # fmt: skip
        if members and not ballot.votes.exists():
            Vote.objects.bulk_create(
                Vote(ballot=ballot, person=person, choice=_pattern(i + order))
                for i, person in enumerate(members)
            )
    if members:
        for order, (respondent, title, question, answer, keys) in enumerate(INTERPELLATIONS):
            item, _ = Interpellation.objects.update_or_create(
                session=s11, sort_order=order,
                defaults={
                    "asker": members[(order * 7 + 3) % len(members)],
                    "respondent": respondent, "respondent_title": title, "question": question,
                    "answer_summary": answer, "access_level": Level.PUBLIC, "term": term,
                },
            )  # fmt: skip
            item.documents.set([documents[key] for key in keys])
    sessions = {11: s11, 12: s12}
    for meeting, day, topic, content, agency, answer, status, number in PETITIONS:
        Petition.objects.update_or_create(
            meeting=meeting, topic=topic,
            defaults={
                "session": sessions[number], "meeting_date": day, "content": content,
                "responsible_agency": agency, "answer": answer, "status": status,
                "access_level": Level.PUBLIC, "term": term,
            },
        )  # fmt: skip
    delegate = ctx.users.get("daibieu")
    if delegate is not None:
        from django.utils import timezone

        for key in ("s12_ktxh", "s12_ns_ttr", "s12_ns_draft"):
            ReadReceipt.objects.get_or_create(
                user=delegate, document=documents[key],
                defaults={"last_opened_at": timezone.now()},
            )  # fmt: skip
    ctx.objects["sessions"] = sessions
    ctx.write(f"    kỳ họp: {s11.url_path}, {s12.url_path}; {len(members)} đại biểu biểu quyết")
