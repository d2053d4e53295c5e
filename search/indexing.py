"""Keeping the search tables in step with the archive: extraction, entries, reindexing.

Metadata and access changes are written in the saving transaction (so a level change is in
force the moment it commits); text extraction runs as a background task.
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation

from . import sources
from .extraction import EXTRACTED, FAILED, NEEDS_OCR, Extraction, extract_field_file
from .models import PageText, SearchEntry
from .normalize import terms

logger = logging.getLogger("council.search")

VERSION_STATUS = {EXTRACTED: "extracted", NEEDS_OCR: "needs_ocr", FAILED: "failed"}


def store_pages(document_id: int, version_id: int | None, extraction: Extraction) -> None:
    with transaction.atomic():
        PageText.objects.filter(document_id=document_id, version_id=version_id).delete()
        PageText.objects.bulk_create(
            PageText(
                document_id=document_id,
                version_id=version_id,
                page_number=number,
                text=text,
                folded_text=terms(text),
            )
            for number, text in enumerate(extraction.pages, start=1)
        )


def extract_version(version) -> Extraction:
    """Extract and store one version's pages; mark scans for OCR; refresh its document."""
    from library.models import DocumentVersion

    if _has_ocr_text(version.pk):
        # OCR (the ingest app) got there first: its text is better than a scan's nothing.
        index_document(version.document, refresh_text=False)
        return Extraction([], EXTRACTED, "ocr", 1.0)
    extraction = extract_field_file(version.file)
    with transaction.atomic():
        if _has_ocr_text(version.pk, lock=True):
            return Extraction([], EXTRACTED, "ocr", 1.0)
        store_pages(version.document_id, version.pk, extraction)
        updates = {"text_status": VERSION_STATUS[extraction.status]}
        if not version.page_count and extraction.pages:
            updates["page_count"] = len(extraction.pages)
        DocumentVersion.objects.filter(pk=version.pk).update(**updates)
    logger.info(
        "version %s: %s pages, %s via %s (score %.2f)",
        version.pk, len(extraction.pages), extraction.status, extraction.method, extraction.score,
    )  # fmt: skip
    index_document(version.document, refresh_text=False)
    return extraction


def _has_ocr_text(version_id: int, lock: bool = False) -> bool:
    from library.models import DocumentVersion

    queryset = DocumentVersion.objects.filter(pk=version_id)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.filter(text_status="ocr_done").exists()


def current_version(document):
    if not document.sha256:
        return None
    return document.versions.filter(sha256=document.sha256).order_by("-number").first()


def extract_document(document) -> None:
    """Make sure the document's current file has its pages stored, then index it."""
    index_document(document, refresh_text=True)


def _current_text(document, refresh: bool, force: bool = False) -> tuple[int | None, str, str]:
    """(version id, body terms, status) of the document's current file, extracting if asked."""
    if not document.has_file:
        PageText.objects.filter(document_id=document.pk, version__isnull=True).delete()
        return None, "", SearchEntry.TextStatus.NONE
    version = current_version(document)
    version_id = version.pk if version else None
    pages = PageText.objects.filter(document_id=document.pk, version_id=version_id)
    status = None
    if version is not None and version.text_status not in ("pending", ""):
        status = version.text_status
    stale = force or status is None or not pages.exists()
    if refresh and stale and status != "ocr_done" and (force or status != "needs_ocr"):
        if version is not None:
            extraction = extract_field_file(version.file)
            store_pages(document.pk, version.pk, extraction)
            type(version).objects.filter(pk=version.pk).update(
                text_status=VERSION_STATUS[extraction.status]
            )
        else:
            extraction = extract_field_file(document.file)
            store_pages(document.pk, None, extraction)
        status = extraction.status
    if status is None:
        status = SearchEntry.TextStatus.EXTRACTED if pages.exists() else "pending"
    if status == "ocr_done":
        status = SearchEntry.TextStatus.EXTRACTED
    body = " ".join(pages.order_by("page_number").values_list("folded_text", flat=True))
    return version_id, body, status


def _build(source, obj) -> dict | None:
    """The entry's fields, always in Vietnamese: the index holds content (kind labels, session
    headings), whatever interface language the request that saved the object was using."""
    with translation.override("vi"):
        return source.build(obj)


def _save_entry(source, obj, fields: dict) -> SearchEntry:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults={"source": source.name, **fields}
    )
    readers = source.readers(obj)
    if readers or entry.readers.exists():
        entry.readers.set(readers)
    return entry


def index_document(document, refresh_text: bool = False) -> SearchEntry:
    source = sources.source_for_model(type(document))
    fields = _build(source, document)
    if (
        refresh_text
        or not SearchEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        ).exists()
    ):
        version_id, body, status = _current_text(document, refresh=refresh_text)
    else:
        version_id, body, status = _current_text(document, refresh=False)
    fields.update(
        body_terms=body,
        text_document_id=document.pk if document.has_file else None,
        text_version_id=version_id,
        text_status=status,
        source_sha256=document.sha256 if document.has_file else "",
    )
    return _save_entry(source, document, fields)


def index_metadata(document) -> SearchEntry:
    """Title, number, access fields and readers only: the text stays as it was."""
    source = sources.source_for_model(type(document))
    fields = _build(source, document)
    if not document.has_file:
        fields.update(body_terms="", text_document_id=None, text_version_id=None,
                      text_status=SearchEntry.TextStatus.NONE, source_sha256="")  # fmt: skip
    return _save_entry(source, document, fields)


def index_object(obj) -> SearchEntry | None:
    source = sources.source_for_model(type(obj))
    if source is None:
        return None
    if isinstance(source, sources.DocumentSource):
        return index_document(obj, refresh_text=False)
    fields = _build(source, obj)
    if fields is None:
        remove_object(obj)
        return None
    return _save_entry(source, obj, fields)


def remove_object(obj) -> None:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def bulk_index_documents(documents, progress=None, batch_size: int = 500) -> int:
    """Entries for many documents whose page text is already stored, in batches of bulk
    inserts: what `reindex` does for documents, and what the benchmark times."""
    source = sources.source_for_model(_document_model())
    content_type = ContentType.objects.get_for_model(_document_model())
    count = 0
    batch: list = []

    def flush():
        nonlocal count
        if not batch:
            return
        ids = [d.pk for d in batch]
        versions = _current_versions(batch)
        bodies: dict[tuple[int, int | None], list[str]] = {}
        pages = PageText.objects.filter(document_id__in=ids).order_by("page_number")
        for document_id, version_id, folded in pages.values_list(
            "document_id", "version_id", "folded_text"
        ):
            bodies.setdefault((document_id, version_id), []).append(folded)
        entries, readers = [], {}
        for document in batch:
            fields = _build(source, document)
            version_id, version_status = versions.get(document.pk, (None, ""))
            body = bodies.get((document.pk, version_id)) if document.has_file else None
            if not document.has_file:
                status = SearchEntry.TextStatus.NONE
            elif version_status in ("needs_ocr", "failed"):
                status = version_status
            else:
                status = SearchEntry.TextStatus.EXTRACTED if body else "pending"
            fields.update(
                body_terms=" ".join(body or []),
                text_document_id=document.pk if document.has_file else None,
                text_version_id=version_id,
                text_status=status,
                source_sha256=document.sha256 if document.has_file else "",
            )
            entries.append(
                SearchEntry(
                    content_type=content_type, object_id=document.pk, source=source.name, **fields
                )  # fmt: skip
            )
            if document.access_level == "restricted":
                readers[document.pk] = source.readers(document)
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type, object_id__in=ids).delete()
            created = SearchEntry.objects.bulk_create(entries)
            through = SearchEntry.readers.through
            through.objects.bulk_create(
                through(searchentry_id=entry.pk, user_id=user_id)
                for entry in created
                if entry.pk
                for user_id in readers.get(entry.object_id, [])
            )
        count += len(batch)
        if progress:
            progress(len(batch))
        batch.clear()

    for document in documents.iterator(chunk_size=batch_size):
        batch.append(document)
        if len(batch) >= batch_size:
            flush()
    flush()
    return count


def _document_model():
    from library.models import ArchiveDocument

    return ArchiveDocument


def _current_versions(documents) -> dict[int, int]:
    from library.models import DocumentVersion

    wanted = {(d.pk, d.sha256) for d in documents if d.sha256}
    found: dict[int, tuple[int, int, str]] = {}
    rows = DocumentVersion.objects.filter(document_id__in=[d.pk for d in documents])
    for pk, document_id, sha, number, status in rows.values_list(
        "pk", "document_id", "sha256", "number", "text_status"
    ):
        if (document_id, sha) in wanted and number > found.get(document_id, (0, 0, ""))[0]:
            found[document_id] = (number, pk, status)
    return {document_id: (pk, status) for document_id, (_n, pk, status) in found.items()}


def reindex_all(progress=None, extract: bool = False) -> int:
    """Rebuild every entry; with `extract`, extract text again from every current file."""
    count = 0
    for source in sources.registered():
        queryset = source.get_queryset().order_by("pk")
        if isinstance(source, sources.DocumentSource):
            for obj in queryset.iterator(chunk_size=200):
                # Files without stored pages are extracted first (or every file, with --extract).
                if obj.has_file and (extract or not _has_pages(obj)):
                    _current_text(obj, refresh=True, force=extract)
            count += bulk_index_documents(queryset, progress)
            _drop_stale(source)
            continue
        for obj in queryset.iterator(chunk_size=200):
            index_object(obj)
            count += 1
            if progress:
                progress(1)
        _drop_stale(source)
    return count


def _drop_stale(source) -> None:
    content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
    existing = set(source.get_queryset().values_list("pk", flat=True))
    stale = [
        pk
        for pk, object_id in SearchEntry.objects.filter(content_type=content_type).values_list(
            "pk", "object_id"
        )
        if object_id not in existing
    ]
    for start in range(0, len(stale), 500):
        SearchEntry.objects.filter(pk__in=stale[start : start + 500]).delete()


def _has_pages(document) -> bool:
    return PageText.objects.filter(document_id=document.pk).exists()


def count_all() -> int:
    return sum(source.get_queryset().count() for source in sources.registered())
