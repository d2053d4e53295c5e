"""Faults with a rule of "nothing lost": the database connection cut mid-import (all or
nothing), the S3 server gone mid-upload (an error, no row pointing at a missing file), and
refused access checks logged."""

import datetime
import logging
import signal
import time
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from django.db import connection, transaction
from django.db.utils import DatabaseError, InterfaceError

from ingest.importer import import_batch
from ingest.models import ImportBatch
from library.access import Level
from library.models import ArchiveDocument, DocumentVersion
from tests.factories import ArchiveDocumentFactory, BodyFactory, TermFactory, delegate_user
from tests.ingest import batches
from tests.s3 import BUCKET, s3_client, start_moto_server, use_bucket

postgres_only = pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_terminate_backend needs PostgreSQL: run with DATABASE_URL=postgres://… "
    "(SQLite has no server connection to cut)",
)


def terminate_django_connection() -> None:
    """From a second connection, as an operator or a failover would: kill Django's backend."""
    import psycopg

    pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
        autocommit=True,
    ) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_connection_cut_mid_document_import_writes_nothing(settings):
    rows = [batches.row(n) for n in range(1, 6)]
    cut = {"done": False}

    def progress(stage, index, total):
        if stage == "write" and index == 2 and not cut["done"]:
            cut["done"] = True
            terminate_django_connection()

    with pytest.raises((DatabaseError, InterfaceError)):
        import_batch(batches.make_zip(rows), name="lo-dut.zip", progress=progress)
    assert cut["done"]
    connection.close()
    assert ArchiveDocument.objects.count() == 0
    assert DocumentVersion.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    # The files of the rows written before the cut were removed from storage too.
    media = Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True

    # Run again once the database is back: the whole batch goes in.
    report = import_batch(batches.make_zip(rows), name="lo-dut.zip")
    assert report.ok and report.count("add") == 5
    assert ArchiveDocument.objects.count() == 5


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_connection_cut_mid_delegate_import_writes_nothing():
    from delegates import importers
    from delegates.models import Body, Constituency, Membership, Person
    from tests.delegates.test_import import ROWS, make_csv

    term = TermFactory()
    BodyFactory(term=term, kind=Body.Kind.COUNCIL, name="HĐND tỉnh Lào Cai khóa XVI")
    BodyFactory(term=term, kind=Body.Kind.COMMITTEE, name="Ban Pháp chế")
    BodyFactory(term=term, kind=Body.Kind.GROUP, name="Tổ đại biểu Bát Xát")
    Constituency.objects.create(term=term, number=1, name="Thành phố Lào Cai")
    memberships_before = Membership.objects.count()

    def progress(iterable, **kwargs):
        if kwargs.get("desc") != "Ghi":
            return iterable

        def cut_after_first():
            for index, item in enumerate(iterable):
                if index == 1:
                    terminate_django_connection()
                yield item

        return cut_after_first()

    with pytest.raises((DatabaseError, InterfaceError)):
        importers.import_file(make_csv(ROWS), "dai-bieu.csv", progress=progress)
    connection.close()
    assert Person.objects.count() == 0
    assert Membership.objects.count() == memberships_before

    report = importers.import_file(make_csv(ROWS), "dai-bieu.csv")
    assert report.written and not report.errors
    assert Person.objects.count() == 3


def test_postgres_fault_tests_say_why_they_skip_on_sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("running on PostgreSQL: the fault tests above ran")
    assert postgres_only.kwargs["reason"].startswith("pg_terminate_backend needs PostgreSQL")


# --- S3 gone mid-upload ------------------------------------------------------------------------


@pytest.fixture
def killable_s3(settings):
    """A moto S3 server of this test's own, so it can be killed without harming the others."""
    process, endpoint = start_moto_server()
    client = s3_client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    use_bucket(settings, endpoint)
    # Fail fast instead of botocore's default retries against a dead server.
    settings.AWS_S3_CLIENT_CONFIG = __import__("botocore.config").config.Config(
        retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2, read_timeout=5
    )

    def kill():
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    yield {"client": client, "kill": kill, "process": process}
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def stored_keys(client) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_s3_gone_mid_import_leaves_no_row_pointing_at_a_missing_file(killable_s3):
    rows = [batches.row(n) for n in range(1, 5)]
    state = {"killed": False}

    def progress(stage, index, total):
        if stage == "write" and index == 2 and not state["killed"]:
            state["killed"] = True
            killable_s3["kill"]()

    with pytest.raises(EndpointConnectionError, match="Could not connect"):
        import_batch(batches.make_zip(rows), name="lo-s3.zip", progress=progress)
    assert state["killed"]
    assert ArchiveDocument.objects.count() == 0
    assert DocumentVersion.objects.count() == 0
    assert ImportBatch.objects.count() == 0


@pytest.mark.django_db
def test_every_document_row_points_at_a_file_that_exists_after_an_s3_failure(killable_s3):
    stored = ArchiveDocumentFactory(title="Nghị quyết đã lưu trước sự cố")
    assert stored.file.name in stored_keys(killable_s3["client"])
    killable_s3["kill"]()
    # As a request would: the upload inside a transaction, which the storage error rolls back.
    with pytest.raises(EndpointConnectionError), transaction.atomic():
        ArchiveDocumentFactory(title="Nghị quyết tải lên khi S3 ngừng")
    assert list(ArchiveDocument.objects.values_list("pk", flat=True)) == [stored.pk]


# --- Refused access is logged ----------------------------------------------------------------


@pytest.mark.django_db
def test_refused_access_checks_are_logged(client, caplog):
    term = TermFactory()
    document = ArchiveDocumentFactory(
        title="Dự thảo CANARYLOGGED", access_level=Level.DELEGATES, term=term
    )
    caplog.set_level(logging.WARNING, logger="council.access")
    from django.urls import reverse

    assert client.get(reverse("library:document", args=[document.slug])).status_code == 404
    other = delegate_user(TermFactory(number=15, start_date=datetime.date(2016, 6, 1)), "khoaxv")
    client.force_login(other)
    url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    assert client.get(url).status_code == 403
    refusals = [r for r in caplog.records if r.name == "council.access"]
    assert len(refusals) >= 2
    text = "\n".join(r.getMessage() for r in refusals)
    assert f"object=library.ArchiveDocument.{document.pk}" in text
    assert f"user={other.pk}" in text and "user=None" in text
    assert "CANARYLOGGED" not in text  # the log names the object, never its title
