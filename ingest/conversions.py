"""The PDF rendition of an office version (DOCX, XLSX, ODT), kept beside it for reading and
packets; made by LibreOffice in the worker."""

from __future__ import annotations

import logging

from .convert import ConversionError, office_to_pdf
from .filecheck import detect_kind
from .models import DerivedFile
from .services import OFFICE_CONTENT_TYPES, store_derived

logger = logging.getLogger("council.ingest")


def office_extension(version) -> str | None:
    """A quick guess from the recorded type and name (is a conversion worth queueing?)."""
    if version.content_type in OFFICE_CONTENT_TYPES:
        return OFFICE_CONTENT_TYPES[version.content_type]
    name = (version.original_name or version.file.name or "").lower()
    for extension in ("docx", "xlsx", "odt"):
        if name.endswith("." + extension):
            return extension
    return None


def convert_version(version_id: int) -> str:
    from library.models import DocumentVersion

    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    extension = office_extension(version)
    if extension is None:
        return "not-office"
    if DerivedFile.objects.filter(version=version, kind=DerivedFile.Kind.PDF).exists():
        return "skipped"
    with version.file.open("rb") as handle:
        data = handle.read()
    # The content decides, not the recorded type (every ZIP-based file may be labelled DOCX).
    extension = detect_kind(data)
    if extension not in {"docx", "xlsx", "odt"}:
        return "not-office"
    try:
        pdf = office_to_pdf(data, extension)
    except ConversionError as exc:
        logger.warning("conversion of version %s failed: %s", version_id, exc)
        return "failed"
    store_derived(version, DerivedFile.Kind.PDF, pdf, "Chuyển sang PDF bằng LibreOffice")
    return "done"
