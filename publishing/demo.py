"""Demo step: build the demo sessions' editions, a delegate's personal copy, a revised document
and the supplement it produces. Idempotent: unchanged inputs build nothing."""

from __future__ import annotations

DEMO_REVISION_NOTE = "Sửa theo ý kiến thẩm tra của Ban Kinh tế – Ngân sách (dữ liệu mẫu)"


def load(ctx) -> None:
    from django.core.files.base import ContentFile

    from core.pdfgen import text_pdf
    from library.access import Level
    from library.services import add_version

    from . import services
    from .models import Build, Edition, PersonalCopy

    sessions = ctx.objects.get("sessions") or {}
    if not sessions:
        ctx.write("    (bỏ qua: chưa có kỳ họp – chạy sessions.demo trước)")
        return
    made = []
    for session in sessions.values():
        made += services.build_all(session)
    session = sessions.get(12) or next(iter(sessions.values()))
    first = (
        Build.objects.filter(session=session, edition=Edition.DELEGATES, status=Build.Status.DONE)
        .order_by("number")
        .first()
    )
    delegate = ctx.users.get("daibieu")
    if first is not None and delegate is not None:
        copy = services.personal_copy(first, delegate, "pdf")
        if copy.downloaded_at is None:
            services.mark_downloaded(copy)
    # A revised draft arrives after the delegates downloaded their packet.
    draft = None
    for entry in first.manifest if first else []:
        if not entry["public"]:
            from library.models import ArchiveDocument

            draft = ArchiveDocument.objects.filter(pk=entry["id"]).first()
            if draft is not None and draft.access_level == Level.DELEGATES:
                break
    if draft is not None and not draft.versions.filter(change_note=DEMO_REVISION_NOTE).exists():
        pages = [
            "Điều 1. Sửa đổi theo ý kiến thẩm tra: bổ sung danh mục dự án ưu tiên đầu tư "
            "Đường giao thông liên huyện.",
            "Điều 2. Tổ chức thực hiện.",
        ]
        add_version(
            draft,
            ContentFile(text_pdf(f"{draft.title} (bản sửa đổi)", pages), name="ban-sua.pdf"),
            DEMO_REVISION_NOTE,
            ctx.users.get("vanphong"),
        )
    made += services.build_all(session)
    extra = services.supplement(session, first) if first is not None else None
    copies = PersonalCopy.objects.filter(build__session=session).count()
    ctx.write(
        f"    {len(made)} bản mới; tài liệu bổ sung: "
        f"{'có (' + extra.label + ')' if extra else 'không'}; {copies} bản cá nhân"
    )
