"""Digital signatures of uploaded PDFs, read and verified with pyhanko at upload.

For each signature: who signed, when, whether the signed bytes are intact, whether the file was
changed after signing, and whether the signer's chain leads to a root of the configured trust
store (`INGEST_SIGNATURE_TRUST_ROOTS`: PEM/DER files or folders; empty = nothing trusted).
The document page shows `signature_badge(version)` with `ingest/signature_badge.html`; the file
offered as "bản gốc có chữ ký số" is always the original upload, never the OCR copy.
"""

from __future__ import annotations

import datetime
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DerivedFile, SignatureCheck

logger = logging.getLogger("council.ingest")
# An untrusted chain is an expected result here (recorded as such), not a warning with a traceback.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)


@dataclass
class SignatureInfo:
    field_name: str
    status: str
    signer: str
    signer_subject: str
    issuer: str
    signed_at: datetime.datetime | None
    intact: bool
    covers_whole_file: bool
    trusted: bool
    summary: str


def trust_roots() -> list:
    """Certificates of the configured trust store (asn1crypto objects)."""
    from asn1crypto import pem, x509

    roots = []
    for entry in getattr(settings, "INGEST_SIGNATURE_TRUST_ROOTS", []) or []:
        path = Path(entry)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            data = file.read_bytes()
            blocks = [der for _t, _h, der in pem.unarmor(data, multiple=True)] if pem.detect(
                data
            ) else [data]  # fmt: skip
            for der in blocks:
                try:
                    roots.append(x509.Certificate.load(der))
                except ValueError:
                    logger.warning("not a certificate in trust store: %s", file)
    return roots


def _name(cert) -> str:
    try:
        subject = cert.subject.native
    except Exception:
        return ""
    return subject.get("common_name") or cert.subject.human_friendly


def read_signatures(data: bytes) -> list[SignatureInfo]:
    """Every signature of a PDF, verified. [] for an unsigned (or unreadable) PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        logger.info("no readable signatures: %s", exc)
        return []
    if not embedded:
        return []
    roots = trust_roots()
    results = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                    revocation_mode="soft-fail")  # fmt: skip
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # a malformed signature is reported, never a crash
            results.append(SignatureInfo(
                field_name=signature.field_name or "", status=SignatureCheck.Status.INVALID,
                signer="", signer_subject="", issuer="", signed_at=None, intact=False,
                covers_whole_file=False, trusted=False, summary=str(exc)[:1000],
            ))  # fmt: skip
            continue
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.validation.status import SignatureCoverageLevel

        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        harmless = status.modification_level in (None, ModificationLevel.NONE) or (
            status.modification_level == ModificationLevel.LTA_UPDATES
        )
        unchanged = whole or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and harmless
            and status.docmdp_ok is not False
        )  # fmt: skip
        if not status.intact or not status.valid:
            state = SignatureCheck.Status.MODIFIED if not status.intact else (
                SignatureCheck.Status.INVALID)  # fmt: skip
        elif not unchanged:
            state = SignatureCheck.Status.MODIFIED
        elif not status.trusted:
            state = SignatureCheck.Status.UNTRUSTED
        else:
            state = SignatureCheck.Status.VALID
        cert = status.signing_cert
        results.append(SignatureInfo(
            field_name=signature.field_name or "",
            status=state,
            signer=_name(cert)[:300] if cert else "",
            signer_subject=(cert.subject.human_friendly if cert else "")[:500],
            issuer=(cert.issuer.human_friendly if cert else "")[:500],
            signed_at=status.signer_reported_dt,
            intact=bool(status.intact),
            covers_whole_file=unchanged,
            trusted=bool(status.trusted),
            summary=status.summary()[:1000],
        ))  # fmt: skip
    return results


def original_bytes(version) -> bytes:
    """The upload as received: the original kept aside when the check cleaned it, else the
    version's own file (which is then the original)."""
    original = DerivedFile.objects.filter(version=version, kind=DerivedFile.Kind.ORIGINAL).first()
    field = original.file if original else version.file
    with field.open("rb") as handle:
        return handle.read()


def check_version(version_id: int) -> str:
    """Verify and record the signatures of one version (idempotent)."""
    from library.models import DocumentVersion

    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    data = original_bytes(version)
    if data[:5] != b"%PDF-":
        return "not-pdf"
    found = read_signatures(data)
    with transaction.atomic():
        SignatureCheck.objects.filter(version=version).delete()
        SignatureCheck.objects.bulk_create(
            SignatureCheck(version=version, position=n, **info.__dict__)
            for n, info in enumerate(found, start=1)
        )
    return f"{len(found)} signature(s)"


# --- the badge --------------------------------------------------------------------------------

BADGES = {
    SignatureCheck.Status.VALID: ("valid", gettext_lazy("Chữ ký số hợp lệ")),
    SignatureCheck.Status.MODIFIED: ("modified", gettext_lazy("Tệp đã bị thay đổi sau khi ký")),
    SignatureCheck.Status.UNTRUSTED: ("untrusted", gettext_lazy("Chữ ký số chưa được xác thực")),
    SignatureCheck.Status.INVALID: ("invalid", gettext_lazy("Chữ ký số không hợp lệ")),
}
_WORST = [
    SignatureCheck.Status.INVALID,
    SignatureCheck.Status.MODIFIED,
    SignatureCheck.Status.UNTRUSTED,
    SignatureCheck.Status.VALID,
]


def signature_badge(version) -> dict | None:
    """What the document page shows for a version's signatures; None when it has none.

    Keys: state (valid/modified/untrusted/invalid: the worst of its signatures), label,
    explanation, signatures (list of SignatureCheck), original_url_name hint."""
    if version is None:
        return None
    checks = list(SignatureCheck.objects.filter(version=version).order_by("position"))
    if not checks:
        return None
    worst = min(checks, key=lambda c: _WORST.index(c.status))
    state, label = BADGES[worst.status]
    explanations = {
        "valid": _("Tệp gốc còn nguyên vẹn từ khi ký và chứng thư của người ký thuộc danh sách "
                   "tin cậy."),
        "modified": _("Nội dung tệp đã bị sửa đổi sau khi ký: chữ ký không còn bảo đảm nội dung "
                      "này. Hãy đối chiếu với bản gốc của cơ quan ban hành."),
        "untrusted": _("Tệp còn nguyên vẹn từ khi ký, nhưng chứng thư của người ký không thuộc "
                       "danh sách tổ chức cung cấp dịch vụ chứng thực tin cậy đã cấu hình."),
        "invalid": _("Không kiểm tra được chữ ký số của tệp này."),
    }  # fmt: skip
    cleaned = DerivedFile.objects.filter(version=version, kind=DerivedFile.Kind.ORIGINAL).exists()
    original_url = ""
    if not cleaned and version.document.slug:
        original_url = reverse(
            "library:version_download",
            kwargs={"slug": version.document.slug, "number": version.number},
        )
    return {
        "original_url": original_url,
        "state": state,
        "label": label,
        "explanation": explanations[state],
        "signatures": checks,
        "original_is_served": not cleaned,
        "note": _(
            "Bản tải về là bản gốc có chữ ký số. Bản OCR và tập tài liệu ghép không giữ chữ ký số."
        )
        if not cleaned
        else _(
            "Bản gốc có chữ ký số chứa thành phần có thể gây hại nên được Văn phòng lưu giữ; bản "
            "đăng tải đã được làm sạch và không còn giá trị chữ ký số."
        ),
    }


def document_signature_badge(document) -> dict | None:
    """The badge of a document's current file (what the document page shows)."""
    if not document.has_file:
        return None
    return signature_badge(document.versions.filter(file=document.file.name).first())
