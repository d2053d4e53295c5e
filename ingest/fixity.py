"""Fixity: every stored file's sha256 was recorded at ingest (versions, documents, derived
files); `verify` re-hashes storage and reports any mismatch or missing file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from .models import DerivedFile, FixityRun


@dataclass
class StoredFile:
    label: str
    storage: object
    name: str
    sha256: str


@dataclass
class Problem:
    label: str
    name: str
    kind: str  # "missing" / "mismatch" / "unrecorded"
    expected: str = ""
    found: str = ""

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    def message(self) -> str:
        if self.kind == "missing":
            return f"THIẾU TỆP: {self.label} ({self.name})"
        if self.kind == "unrecorded":
            return f"CHƯA GHI MÃ BĂM: {self.label} ({self.name})"
        return (
            f"SAI MÃ BĂM: {self.label} ({self.name}): ghi nhận {self.expected[:16]}…, "
            f"hiện tại {self.found[:16]}…"
        )


def stored_files() -> Iterator[StoredFile]:
    from library.models import ArchiveDocument, DocumentVersion

    seen = set()
    versions = DocumentVersion.objects.select_related("document").order_by("pk")
    for version in versions.iterator(chunk_size=500):
        if version.file:
            seen.add(version.file.name)
            label = f"{version.document.display_number} – phiên bản {version.number}"
            yield StoredFile(label, version.file.storage, version.file.name, version.sha256)
    documents = ArchiveDocument.objects.exclude(file="").order_by("pk")
    for document in documents.iterator(chunk_size=500):
        if document.file.name not in seen:
            yield StoredFile(f"{document.display_number} – tệp hiện hành", document.file.storage,
                             document.file.name, document.sha256)  # fmt: skip
    derived = DerivedFile.objects.select_related("version__document").order_by("pk")
    for item in derived.iterator(chunk_size=500):
        label = f"{item.version.document.display_number} – {item.get_kind_display()}"
        yield StoredFile(label, item.file.storage, item.file.name, item.sha256)


def count_files() -> int:
    from library.models import ArchiveDocument, DocumentVersion

    version_names = set(DocumentVersion.objects.exclude(file="").values_list("file", flat=True))
    document_only = ArchiveDocument.objects.exclude(file="").exclude(file__in=version_names)
    return len(version_names) + document_only.count() + DerivedFile.objects.count()


def file_hash(storage, name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    return digest.hexdigest()


def verify(progress: Callable[[int], None] | None = None) -> FixityRun:
    run = FixityRun.objects.create()
    problems: list[Problem] = []
    checked = 0
    for item in stored_files():
        found = file_hash(item.storage, item.name)
        if found is None:
            problems.append(Problem(item.label, item.name, "missing", item.sha256))
        elif not item.sha256:
            problems.append(Problem(item.label, item.name, "unrecorded", "", found))
        elif found != item.sha256:
            problems.append(Problem(item.label, item.name, "mismatch", item.sha256, found))
        checked += 1
        if progress:
            progress(1)
    run.checked = checked
    run.problems = [p.as_dict() for p in problems]
    run.finished_at = timezone.now()
    run.save()
    return run
