"""Actions on archive documents: versions, text, diffs, and the checks and records around
serving a file. Views, the API, the admin hook and the demo all call these."""

from __future__ import annotations

import difflib
import hashlib
import io
import logging
import os
import subprocess
import tempfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .models import (
    SECRET_FILE_REFUSED,
    ArchiveDocument,
    DocumentVersion,
    DownloadLog,
    ReadReceipt,
)

logger = logging.getLogger("council.library")

# Kinds by content (ingest.filecheck.detect_kind tells a DOCX from an EPUB or XLSX).
ALLOWED_TYPES = {
    "pdf": ("pdf", "application/pdf"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}
# Fewer letters than this and a PDF is treated as a scan waiting for OCR.
MIN_TEXT_PER_PAGE = 20


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    size: int
    extension: str
    content_type: str
    page_count: int | None
    text: str


def inspect_file(data: bytes, original_name: str = "") -> FileFacts:
    """What we need to know about an uploaded file; a Vietnamese error when we cannot accept it."""
    if not data:
        raise ValidationError(_("Tệp tải lên rỗng. Hãy chọn lại tệp PDF hoặc DOCX."))
    from ingest.filecheck import detect_kind

    kind = ALLOWED_TYPES.get(detect_kind(data))
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF hoặc DOCX. Hãy tải lên tệp PDF (ưu tiên) hoặc DOCX.")
            % {"name": original_name or "?"}
        )
    extension, content_type = kind
    page_count = None
    text = ""
    if extension == "pdf":
        page_count = pdf_page_count(data)
        if page_count is None:
            raise ValidationError(
                _(
                    "Không đọc được tệp PDF “%(name)s” (tệp hỏng hoặc có mật khẩu). "
                    "Hãy xuất lại tệp."
                )
                % {"name": original_name or "?"}
            )
        text = pdf_text(data)
    return FileFacts(
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        extension=extension,
        content_type=content_type,
        page_count=page_count,
        text=text,
    )


def pdf_page_count(data: bytes) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        return None


def pdf_text(data: bytes) -> str:
    """The PDF's text layer (pdftotext keeps the reading order best); '' for a scan."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            result = subprocess.run(
                ["pdftotext", "-layout", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                timeout=120,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            logger.warning("pdftotext failed", exc_info=True)
            return ""
    text = result.stdout.decode("utf-8", "replace").replace("\f", "\n")
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def _text_status(facts: FileFacts) -> str:
    if facts.extension != "pdf":
        return DocumentVersion.TextStatus.PENDING
    if sum(ch.isalpha() for ch in facts.text) >= MIN_TEXT_PER_PAGE:
        return DocumentVersion.TextStatus.EXTRACTED
    return DocumentVersion.TextStatus.NEEDS_OCR


def _read_upload(uploaded_file) -> tuple[bytes, str]:
    if isinstance(uploaded_file, bytes | bytearray):
        return bytes(uploaded_file), ""
    name = os.path.basename(getattr(uploaded_file, "name", "") or "")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return uploaded_file.read(), name


@transaction.atomic
def add_version(
    document: ArchiveDocument,
    uploaded_file,
    change_note: str = "",
    user=None,
    *,
    original_name: str = "",
) -> DocumentVersion:
    """Add an uploaded file as the document's newest version and make it the current file.

    Refuses a secret document, an unreadable file, and a file identical to the current version.
    """
    if document.access_level == access.Level.SECRET:
        raise ValidationError(SECRET_FILE_REFUSED)
    data, name = _read_upload(uploaded_file)
    original_name = original_name or name or "van-ban.pdf"
    facts = inspect_file(data, original_name)
    document = ArchiveDocument.objects.select_for_update().get(pk=document.pk)
    ensure_initial_version(document)
    latest = document.versions.order_by("-number").first()
    if latest is not None and latest.sha256 == facts.sha256:
        raise ValidationError(
            _(
                "Tệp này giống hệt phiên bản %(number)s đang dùng; không tạo phiên bản mới. "
                "Hãy chọn tệp đã sửa."
            )
            % {"number": latest.number}
        )
    version = DocumentVersion(
        document=document,
        number=(latest.number + 1) if latest else 1,
        original_name=original_name[:255],
        content_type=facts.content_type,
        sha256=facts.sha256,
        file_size=facts.size,
        page_count=facts.page_count,
        change_note=(change_note or "").strip()[:500],
        text=facts.text,
        text_status=_text_status(facts),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    version.file.save(f"upload.{facts.extension}", ContentFile(data), save=False)
    version.save()
    _point_document_at(document, version)
    return version


def _point_document_at(document: ArchiveDocument, version: DocumentVersion) -> None:
    document.file.name = version.file.name
    document.sha256 = version.sha256
    document.page_count = version.page_count
    document.file_size = version.file_size
    document.file_hash = ""
    document._syncing_version = True
    try:
        document.save()
    finally:
        document._syncing_version = False


def ensure_initial_version(document: ArchiveDocument) -> DocumentVersion | None:
    """A document uploaded through Wagtail's forms gets its file recorded as a version, so the
    version list is the whole history. Does nothing when the current file is already recorded."""
    if not document.has_file:
        return None
    latest = document.versions.order_by("-number").first()
    if latest is not None and latest.file.name == document.file.name:
        return latest
    document.file.open("rb")
    try:
        data = document.file.read()
    finally:
        document.file.close()
    try:
        facts = inspect_file(data, document.file.name)
    except ValidationError:
        facts = FileFacts(hashlib.sha256(data).hexdigest(), len(data), "", "", None, "")
    version = DocumentVersion.objects.create(
        document=document,
        number=(latest.number + 1) if latest else 1,
        file=document.file.name,
        original_name=os.path.basename(document.file.name),
        content_type=facts.content_type,
        sha256=facts.sha256,
        file_size=facts.size,
        page_count=facts.page_count,
        text=facts.text,
        text_status=_text_status(facts) if facts.extension else DocumentVersion.TextStatus.FAILED,
    )
    ArchiveDocument.objects.filter(pk=document.pk).update(
        page_count=facts.page_count, sha256=facts.sha256, file_size=facts.size
    )
    document.page_count, document.sha256 = facts.page_count, facts.sha256
    document.file_size = facts.size
    return version


def create_document(*, file_bytes: bytes | None = None, file_name: str = "", user=None, **fields):
    """Create a document (validated, nothing saved on error) with its first version."""
    readers = fields.pop("readers", None)
    with transaction.atomic():
        document = ArchiveDocument(**fields)
        document.full_clean(exclude=["file", "file_hash", "file_size", "collection"])
        document.save()
        if readers:
            document.readers.set(readers)
        if file_bytes is not None:
            add_version(document, file_bytes, "", user, original_name=file_name)
            document.refresh_from_db()
    return document


# --- diffs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "same", "gap"
    text: str


def diff_versions(old: DocumentVersion, new: DocumentVersion, context: int = 2) -> list[DiffLine]:
    """Line diff of two versions' text; [] when either has no text (a scan before OCR)."""
    if not (old.text.strip() and new.text.strip()):
        return []
    old_lines = [line.strip() for line in old.text.splitlines() if line.strip()]
    new_lines = [line.strip() for line in new.text.splitlines() if line.strip()]
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if out:
            out.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(DiffLine("same", line) for line in old_lines[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend(DiffLine("del", line) for line in old_lines[i1:i2])
            if tag in ("replace", "insert"):
                out.extend(DiffLine("add", line) for line in new_lines[j1:j2])
    return out


# --- serving -----------------------------------------------------------------------------------


def client_ip(request) -> str | None:
    # Behind the reverse proxy the first X-Forwarded-For hop is the client (see production.py).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return candidate or None


def record_download(request, document: ArchiveDocument, version: DocumentVersion | None) -> None:
    """The audit record of non-public downloads and the reader's read receipt."""
    now = timezone.now()
    user = request.user if request.user.is_authenticated else None
    if not access.is_public(document, now):
        DownloadLog.objects.create(
            document=document,
            document_label=str(document)[:300],
            version=version,
            version_number=version.number if version else None,
            user=user,
            username=user.get_username() if user else "",
            access_level=document.access_level,
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            path=request.get_full_path()[:300],
        )
    if user is not None:
        updated = ReadReceipt.objects.filter(user=user, document=document).update(
            last_opened_at=now, count=F("count") + 1, version=version
        )
        if not updated:
            ReadReceipt.objects.get_or_create(
                user=user,
                document=document,
                defaults={"last_opened_at": now, "version": version},
            )


def check_document_download(document, request):
    """Wagtail's serving view: refuse (404 anonymous / 403 signed in) unless the reader may see
    this document's file; record the download. Returns None to let Wagtail stream the file."""
    access.require_view(request, document)
    if not document.has_file:
        raise Http404
    version = document.versions.filter(file=document.file.name).first()
    record_download(request, document, version)
    return None


def download_name(document: ArchiveDocument, version: DocumentVersion | None) -> str:
    base = document.slug or f"tai-lieu-{document.pk}"
    ext = os.path.splitext((version.file.name if version else document.file.name) or "")[1]
    suffix = f"-v{version.number}" if version else ""
    return f"{base}{suffix}{ext or '.pdf'}"


def serve_file(request, document: ArchiveDocument, version: DocumentVersion | None = None):
    """Stream the current file or one version after the access check, with the audit record."""
    access.require_view(request, document)
    if not document.has_file:
        raise Http404
    field = version.file if version is not None else document.file
    if version is None:
        version = document.versions.filter(file=document.file.name).first()
    try:
        handle = field.storage.open(field.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        logger.error("missing file for document %s: %s", document.pk, field.name)
        raise Http404 from exc
    record_download(request, document, version)
    content_type = (version.content_type if version else "") or "application/pdf"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type != "application/pdf" or request.GET.get("tai") == "1",
        filename=download_name(document, version),
    )
    if access.is_public(document):
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def latest_version_times(document_ids) -> dict[int, object]:
    """When each document last got a new version: one query, for 'changed since' marks."""
    rows = (
        DocumentVersion.objects.filter(document_id__in=list(document_ids))
        .values("document_id")
        .annotate(latest=Max("created_at"))
    )
    return {row["document_id"]: row["latest"] for row in rows}
