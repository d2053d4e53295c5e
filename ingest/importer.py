"""Bulk import of a batch from the document management system: validate everything, then write
all or nothing. The command and the admin view both call `import_batch`.

Re-running a batch changes nothing: a row is matched to its document by number (or, without a
number, by kind, title and date), its file by sha256 (of the upload as received).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from library import numbers
from library.access import Level
from library.models import ArchiveDocument

from . import services
from .filecheck import CheckedFile, check_upload, safe_display_name
from .manifest import (
    Batch,
    BatchError,
    ManifestRow,
    match_key,
    open_batch,
    parse_access_level,
    parse_date,
    parse_datetime,
    parse_kind,
    session_parts,
)

logger = logging.getLogger("council.ingest")

IMPORT_KINDS = {"pdf", "docx", "odt"}
METADATA_FIELDS = (
    "title", "number", "kind", "issuing_body", "signer", "issued_on", "effective_on",
    "access_level", "release_at", "public_at", "term",
)  # fmt: skip
Progress = Callable[[str, int, int], None]


@dataclass
class PlannedRow:
    row: int
    fields: dict
    file_member: str = ""
    file_name: str = ""
    checked: CheckedFile | None = None
    document: ArchiveDocument | None = None
    session: object | None = None
    agenda_item: object | None = None
    action: str = ""  # add / update / skip
    reason: str = ""


@dataclass
class ImportReport:
    source: str
    errors: list[BatchError] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    dry_run: bool = False
    batch_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item["action"] == action)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "errors": [e.as_dict() for e in self.errors],
            "items": self.items,
            "added": self.count("add"),
            "updated": self.count("update"),
            "skipped": self.count("skip"),
        }

    def as_text(self) -> str:
        lines = []
        if self.errors:
            lines.append(_("Lô bị từ chối, không ghi gì. %(n)s lỗi:") % {"n": len(self.errors)})
            for error in self.errors:
                where = _("dòng %(row)s") % {"row": error.row} if error.row else _("cả lô")
                column = error.as_dict()["column"]
                lines.append(
                    f"  - {where}" + (f", {column}" if column else "") + f": {error.message}"
                )
            return "\n".join(lines)
        labels = {"add": _("thêm mới"), "update": _("cập nhật"), "skip": _("bỏ qua")}
        for item in self.items:
            where = _("dòng %(row)s") % {"row": item["row"]}
            lines.append(
                f"  - {where}: {labels[item['action']]} – "
                f"{item['number'] or item['title'][:60]}"
                + (f" ({item['reason']})" if item["reason"] else "")
            )
        head = _("Kiểm tra xong (chưa ghi)") if self.dry_run else _("Đã nhập lô")
        lines.insert(0, _("%(head)s: %(a)s thêm mới, %(u)s cập nhật, %(s)s bỏ qua.")
                     % {"head": head, "a": self.count("add"), "u": self.count("update"),
                        "s": self.count("skip")})  # fmt: skip
        return "\n".join(lines)


def import_batch(
    source,
    *,
    name: str = "",
    manifest: str | None = None,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
    record=None,
) -> ImportReport:
    """Validate a whole batch and, when nothing is wrong and not `dry_run`, write it in one
    transaction. Returns the report; a refused batch writes nothing at all."""
    batch = open_batch(source, name=name, manifest=manifest)
    try:
        report = ImportReport(source=batch.name, dry_run=dry_run)
        report.errors.extend(batch.errors)
        plans = validate(batch, report, progress) if not batch.errors else []
        if report.errors:
            return report
        for plan in plans:
            report.items.append(_item(plan))
        if dry_run:
            return report
        batch_record = apply(plans, batch, report, user=user, progress=progress, record=record)
        report.batch_id = batch_record.pk if batch_record else None
        return report
    finally:
        batch.close()


def _item(plan: PlannedRow) -> dict:
    return {
        "row": plan.row,
        "number": plan.fields.get("number", ""),
        "title": plan.fields.get("title", ""),
        "action": plan.action,
        "reason": plan.reason,
        "file": plan.file_name,
        "document_id": plan.document.pk if plan.document and plan.document.pk else None,
    }


# --- validation -------------------------------------------------------------------------------


def validate(batch: Batch, report: ImportReport, progress: Progress | None = None):
    errors = report.errors
    plans: list[PlannedRow] = []
    used_files: dict[str, int] = {}
    numbers_seen: dict[str, int] = {}
    total = len(batch.rows)
    for index, row in enumerate(batch.rows, start=1):
        plan = _validate_row(batch, row, errors, used_files, numbers_seen)
        if plan is not None:
            plans.append(plan)
        if progress:
            progress("validate", index, total)
    for key, member in batch.file_keys.items():
        if key not in used_files:
            message = _(
                "Tệp “%(name)s” có trong lô nhưng không có dòng nào trong danh mục. Hãy thêm "
                "dòng cho tệp này hoặc bỏ tệp khỏi lô."
            ) % {"name": safe_display_name(member)}
            errors.append(BatchError(0, "file", message))
    if errors:
        return []
    for plan in plans:
        _decide(plan)
    return plans


def _validate_row(batch, row: ManifestRow, errors, used_files, numbers_seen):
    values = row.values
    count_before = len(errors)

    def error(column: str, message) -> None:
        errors.append(BatchError(row.row, column, str(message)))

    def parsed(column: str, parser):
        try:
            return parser(values.get(column, ""))
        except ValidationError as exc:
            error(column, " ".join(exc.messages))
            return None

    fields: dict = {
        "title": values.get("title", "").strip(),
        "issuing_body": values.get("issuing_body", "").strip()[:200],
        "signer": values.get("signer", "").strip()[:200],
    }
    if not fields["title"]:
        error("title", _("Thiếu trích yếu (tiêu đề) của văn bản."))
    elif len(fields["title"]) > 255:
        error("title", _("Trích yếu dài quá 255 ký tự; hãy rút gọn."))
    fields["kind"] = parsed("kind", parse_kind)
    fields["issued_on"] = parsed("issued_on", parse_date)
    fields["effective_on"] = parsed("effective_on", parse_date)
    fields["access_level"] = parsed("access_level", parse_access_level)
    fields["release_at"] = parsed("release_at", parse_datetime)
    fields["public_at"] = parsed("public_at", parse_datetime)

    number_text = values.get("number", "").strip()
    fields["number"] = ""
    number_key = ""
    if number_text:
        try:
            number = numbers.parse(number_text)
            fields["number"] = number.text
            year = number.year or (fields["issued_on"].year if fields["issued_on"] else None)
            if year is not None:
                number_key = number.key(year)
        except ValidationError as exc:
            error("number", " ".join(exc.messages))
    if number_key:
        if number_key in numbers_seen:
            error(
                "number",
                _(
                    "Số, ký hiệu “%(number)s” trùng với dòng %(other)s trong cùng lô. Mỗi văn "
                    "bản chỉ ghi một dòng."
                )
                % {"number": fields["number"], "other": numbers_seen[number_key]},
            )
        else:  # fmt: skip
            numbers_seen[number_key] = row.row

    session, agenda_item = _session_and_item(values, error)
    if session is not None:
        fields["term"] = session.term

    plan = PlannedRow(row=row.row, fields=fields, session=session, agenda_item=agenda_item)
    file_value = values.get("file", "").strip()
    secret = fields["access_level"] == Level.SECRET
    if file_value:
        key = match_key(file_value)
        member = batch.file_keys.get(key)
        if member is None:
            by_base = [k for k in batch.file_keys if k.rsplit("/", 1)[-1] == key.rsplit("/", 1)[-1]]
            if len(by_base) == 1:
                key, member = by_base[0], batch.file_keys[by_base[0]]
        if member is not None:
            if key in used_files:
                message = _("Tệp “%(name)s” đã được dòng %(other)s dùng.") % {
                    "name": safe_display_name(file_value),
                    "other": used_files[key],
                }
                error("file", message)
            used_files.setdefault(key, row.row)
        if secret:
            # Never read, never checked, never written: only refused.
            error("file", _(
                "Văn bản mật (Mật, Tối mật, Tuyệt mật) chỉ được nhập thông tin mô tả; tệp "
                "“%(name)s” bị từ chối và không được lưu. Hãy bỏ tệp khỏi lô và xóa tên tệp ở "
                "dòng này.") % {"name": safe_display_name(file_value)})  # fmt: skip
        elif member is None:
            error("file", _(
                "Không có tệp “%(name)s” trong lô. Hãy kiểm tra tên tệp trong danh mục hoặc thêm "
                "tệp vào lô.") % {"name": safe_display_name(file_value)})  # fmt: skip
        else:
            plan.file_member = member
            plan.file_name = safe_display_name(member)
            try:
                plan.checked = check_upload(batch.read(member), member, allowed=IMPORT_KINDS)
            except ValidationError as exc:
                error("file", " ".join(exc.messages))

    if len(errors) > count_before:
        return None
    document = _existing_document(fields, number_key)
    plan.document = document
    candidate = document if document is not None else ArchiveDocument()
    for name, value in fields.items():
        setattr(candidate, name, value)
    try:
        clean_document(candidate)
    except ValidationError as exc:
        for column, messages in exc.message_dict.items():
            column = column if column in fields else ""
            for message in messages:
                error(column, message)
    else:
        # As the model will store them (canonical number, kind guessed from the number), so a
        # re-run compares like with like.
        for name in ("number", "kind"):
            fields[name] = getattr(candidate, name)
    finally:
        if document is not None:
            document.refresh_from_db()
    if len(errors) > count_before:
        return None
    return plan


def clean_document(document: ArchiveDocument) -> None:
    """The model's own validation (number, year, access fields) without the file, which the
    hostile-file check has already judged (Wagtail's extension check fails on "no file")."""
    try:
        document.full_clean(exclude=["file", "file_hash", "file_size", "collection", "tags"])
    except ValidationError as exc:
        errors = {k: v for k, v in exc.message_dict.items() if k != "file"}
        if errors:
            raise ValidationError(errors)


def _session_and_item(values, error):
    from sessions.models import AgendaItem, SessionPage

    session_text = values.get("session", "").strip()
    item_code = values.get("agenda_item", "").strip().rstrip(".")
    session = None
    if session_text:
        parts = session_parts(session_text)
        if parts is None:
            error("session", _(
                "Không đọc được kỳ họp “%(value)s”. Hãy viết như “12/XVI” hoặc “Kỳ họp thứ 12, "
                "khóa XVI”.") % {"value": session_text})  # fmt: skip
        else:
            session = SessionPage.objects.filter(number=parts[0], term__number=parts[1]).first()
            if session is None:
                error("session", _(
                    "Không có kỳ họp thứ %(n)s của khóa %(t)s trên hệ thống. Hãy tạo kỳ họp trước "
                    "hoặc sửa cột Kỳ họp.") % {"n": parts[0], "t": _roman(parts[1])})  # fmt: skip
    item = None
    if item_code:
        if session_text == "":
            error("agenda_item", _("Có mục chương trình nhưng thiếu kỳ họp: hãy ghi cột Kỳ họp."))
        elif session is not None:
            item = AgendaItem.objects.filter(session=session, code=item_code).first()
            if item is None:
                error("agenda_item", _(
                    "Kỳ họp này không có mục chương trình “%(code)s”. Hãy kiểm tra số mục.")
                    % {"code": item_code})  # fmt: skip
    return session, item


def _roman(number: int) -> str:
    from core.text import to_roman

    return to_roman(number)


def _existing_document(fields: dict, number_key: str) -> ArchiveDocument | None:
    if number_key:
        return ArchiveDocument.objects.filter(number_key=number_key).first()
    if not fields.get("title"):
        return None
    return (
        ArchiveDocument.objects.filter(
            number="", title=fields["title"], kind=fields.get("kind") or "khac",
            issued_on=fields.get("issued_on"),
        ).order_by("pk").first()
    )  # fmt: skip


def _decide(plan: PlannedRow) -> None:
    document = plan.document
    if document is None:
        plan.action, plan.reason = "add", ""
        return
    changed = [
        name for name in METADATA_FIELDS
        if name in plan.fields and getattr(document, name) != plan.fields[name]
    ]  # fmt: skip
    file_changed = plan.checked is not None and not _same_file(document, plan.checked)
    link_missing = _link_missing(plan)
    if not changed and not file_changed and not link_missing:
        plan.action, plan.reason = "skip", _("đã có, không thay đổi")
        return
    reasons = []
    if changed:
        reasons.append(_("sửa thông tin: %(f)s") % {"f": ", ".join(changed)})
    if file_changed:
        reasons.append(_("tệp mới (phiên bản mới)"))
    if link_missing:
        reasons.append(_("gắn vào kỳ họp"))
    plan.action, plan.reason = "update", "; ".join(reasons)


def _same_file(document: ArchiveDocument, checked: CheckedFile) -> bool:
    hashes = {checked.sha256, checked.original_sha256}
    if document.sha256 in hashes:
        return True
    current = document.versions.filter(file=document.file.name).first() if document.file else None
    if current is None:
        return False
    return current.derived_files.filter(kind="original", sha256__in=hashes).exists()


def _link_missing(plan: PlannedRow) -> bool:
    if plan.document is None or plan.session is None:
        return False
    if plan.agenda_item is not None:
        return not plan.agenda_item.documents.filter(document=plan.document).exists()
    return not plan.session.session_documents.filter(document=plan.document).exists()


# --- writing ----------------------------------------------------------------------------------


def apply(plans: list[PlannedRow], batch: Batch, report: ImportReport, *, user=None,
          progress: Progress | None = None, record=None):  # fmt: skip
    """Write every planned row in one transaction; on any failure delete what reached storage."""
    from .models import ImportBatch

    written: list[tuple[object, str]] = []  # (storage, name) of every file saved
    sessions_touched = {}
    try:
        with transaction.atomic():
            for index, plan in enumerate(plans, start=1):
                if plan.action != "skip":
                    _write(plan, user, written, sessions_touched)
                if progress:
                    progress("write", index, len(plans))
            report.items = [_item(plan) for plan in plans]
            if record is not None or any(plan.action != "skip" for plan in plans):
                record = record or ImportBatch(source_name=batch.name[:300])
                record.sha256 = _batch_digest(plans)
                if getattr(user, "is_authenticated", False):
                    record.created_by = user
                record.added = report.count("add")
                record.updated = report.count("update")
                record.skipped = report.count("skip")
                record.report = report.as_dict()
                record.status = ImportBatch.Status.DONE
                record.save()
            for session in sessions_touched.values():
                services.publish_session_links(session, user)
    except Exception:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete %s after a failed import", name)
        raise
    return record


def _batch_digest(plans) -> str:
    digest = hashlib.sha256()
    for plan in plans:
        digest.update(f"{plan.row}:{plan.checked.original_sha256 if plan.checked else ''}".encode())
    return digest.hexdigest()


def _write(plan: PlannedRow, user, written, sessions_touched) -> None:
    from library.services import add_version

    fields = dict(plan.fields)
    if plan.document is None:
        document = ArchiveDocument(**fields)
        clean_document(document)
        document.save()
    else:
        document = ArchiveDocument.objects.select_for_update().get(pk=plan.document.pk)
        for name, value in fields.items():
            setattr(document, name, value)
        clean_document(document)
        document.save()
    plan.document = document
    if plan.checked is not None and not _same_file(document, plan.checked):
        note = _("Nhập từ lô %(name)s") % {"name": plan.file_name}
        version = add_version(document, plan.checked.data, note, user,
                              original_name=plan.checked.display_name)  # fmt: skip
        written.append((version.file.storage, version.file.name))
        services.record_checked_upload(version, plan.checked, written=written)
    if plan.session is not None and _link_missing(plan):
        services.link_to_session(document, plan.session, plan.agenda_item)
        sessions_touched[plan.session.pk] = plan.session


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


# --- admin uploads: validated in the request, written by the worker ---------------------------


def queue_batch(data: bytes, name: str, user=None):
    """Store a batch that has passed validation and queue it for writing. The caller must have
    validated it (`import_batch(..., dry_run=True)`): a confidential file never gets this far."""
    from django.core.files.base import ContentFile

    from .models import ImportBatch
    from .tasks import write_queued_batch

    record = ImportBatch(
        source_name=safe_display_name(name)[:300],
        status=ImportBatch.Status.QUEUED,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    record.pending_file.save("batch.zip", ContentFile(data), save=False)
    record.save()
    batch_id = record.pk
    transaction.on_commit(lambda: write_queued_batch.enqueue(batch_id))
    return record


def write_queued(batch_id: int) -> str:
    """The worker's half of an admin upload (idempotent: a written batch is not written again;
    a re-run of the same files would skip them anyway)."""
    from .models import ImportBatch

    record = ImportBatch.objects.filter(pk=batch_id).first()
    if record is None or record.status != ImportBatch.Status.QUEUED or not record.pending_file:
        return "nothing"
    with record.pending_file.open("rb") as handle:
        data = handle.read()
    try:
        report = import_batch(data, name=record.source_name, user=record.created_by,
                              record=record)  # fmt: skip
    except Exception as exc:
        logger.exception("queued batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, report={"ok": False, "errors": [
                {"row": 0, "column": "", "message": (_("Lỗi khi ghi: %(error)s")
                                                      % {"error": exc})[:500]}]},
        )  # fmt: skip
        return "failed"
    if not report.ok:  # something changed since the upload was checked: nothing was written
        ImportBatch.objects.filter(pk=batch_id).update(
            status=ImportBatch.Status.FAILED, report=report.as_dict()
        )
    record.refresh_from_db()
    storage, pending = record.pending_file.storage, record.pending_file.name
    ImportBatch.objects.filter(pk=batch_id).update(pending_file="")
    storage.delete(pending)
    return "done" if report.ok else "refused"
