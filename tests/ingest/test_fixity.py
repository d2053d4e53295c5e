"""Fixity: every stored file's sha256 is recorded at ingest and re-checked on demand."""

import hashlib

import pytest
from django.core.management import CommandError, call_command

from ingest.importer import import_batch
from ingest.models import DerivedFile, FixityRun
from library.models import DocumentVersion

from . import batches, hostile

pytestmark = pytest.mark.django_db


def stored_path(field_file):
    return field_file.storage.path(field_file.name)


def test_sha256_of_every_stored_file_is_recorded_at_ingest():
    files = {"nq-1.pdf": hostile.text_doc(), "nq-2.pdf": hostile.active_pdf()}
    import_batch(batches.make_zip([batches.row(1), batches.row(2)], files))
    for version in DocumentVersion.objects.all():
        with version.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
    original = DerivedFile.objects.get(kind="original")
    assert original.sha256 == hashlib.sha256(files["nq-2.pdf"]).hexdigest()


def test_verify_fixity_passes_on_intact_storage(capsys):
    import_batch(batches.make_zip([batches.row(1), batches.row(2)]))
    call_command("verify_fixity")
    assert "Toàn vẹn: 2 tệp" in capsys.readouterr().out
    assert FixityRun.objects.get().problems == []


def test_verify_fixity_reports_a_changed_and_a_missing_file(capsys):
    files = {"nq-1.pdf": hostile.text_doc(), "nq-2.pdf": hostile.active_pdf()}
    import_batch(batches.make_zip([batches.row(1), batches.row(2)], files))
    first = DocumentVersion.objects.get(document__number="1/2025/NQ-HĐND")
    with open(stored_path(first.file), "ab") as handle:
        handle.write(b"% bit rot")
    original = DerivedFile.objects.get(kind="original")
    original.file.storage.delete(original.file.name)
    with pytest.raises(CommandError, match="2 tệp có vấn đề"):
        call_command("verify_fixity")
    err = capsys.readouterr().err
    assert "SAI MÃ BĂM: 1/2025/NQ-HĐND – phiên bản 1" in err
    assert "THIẾU TỆP: 2/2025/NQ-HĐND" in err
    assert {p["kind"] for p in FixityRun.objects.get().problems} == {"mismatch", "missing"}
