"""The demo reads like a real council's proceedings, at every level, and loads twice unchanged."""

import pytest
from django.core.files.storage import default_storage

from core import demo
from library.access import Level
from library.models import ArchiveDocument, DocumentVersion
from sessions.models import (
    AgendaItem,
    AgendaItemDocument,
    Ballot,
    Interpellation,
    Petition,
    SessionPage,
    Vote,
)

pytestmark = pytest.mark.django_db(transaction=False)

STEPS = ["core.demo", "delegates.demo", "library.demo", "sessions.demo"]


def run_steps():
    import importlib

    ctx = demo.DemoContext(write=lambda *_: None)
    for name in STEPS:
        importlib.import_module(name).load(ctx)
    return ctx


def snapshot():
    return {
        "documents": ArchiveDocument.objects.count(),
        "versions": sorted(DocumentVersion.objects.values_list("file", flat=True)),
        "items": AgendaItem.objects.count(),
        "links": AgendaItemDocument.objects.count(),
        "ballots": Ballot.objects.count(),
        "votes": Vote.objects.count(),
        "interpellations": Interpellation.objects.count(),
        "petitions": Petition.objects.count(),
        "sessions": SessionPage.objects.count(),
    }


def test_demo_loads_twice_without_change(client):
    ctx = run_steps()
    first = snapshot()
    run_steps()
    assert snapshot() == first
    assert 38 <= first["documents"] <= 45
    assert first["ballots"] == 3 and first["votes"] > 100
    levels = set(ArchiveDocument.objects.values_list("access_level", flat=True))
    assert levels == {Level.PUBLIC, Level.DELEGATES, Level.RESTRICTED, Level.SECRET}
    secret = ArchiveDocument.objects.get(access_level=Level.SECRET)
    assert not secret.file and not secret.versions.exists()
    revised = ArchiveDocument.objects.get(title__startswith="Dự thảo Nghị quyết về dự toán")
    assert revised.versions.count() == 2
    scans = DocumentVersion.objects.filter(text_status=DocumentVersion.TextStatus.NEEDS_OCR).count()
    assert scans >= 8
    for path in first["versions"]:
        assert default_storage.exists(path)

    s11, s12 = ctx.objects["sessions"][11], ctx.objects["sessions"][12]
    assert s11.url == "/ky-hop/khoa-xvi/ky-hop-thu-11/"
    public = client.get(s11.url).content.decode()
    assert "15/2026/NQ-HĐND" in public and "Tán thành" in public
    upcoming = client.get(s12.url).content.decode()
    assert "Tài liệu chưa công khai" in upcoming
    assert "Dự thảo Nghị quyết về dự toán" not in upcoming
    client.force_login(ctx.users["daibieu"])
    portal = client.get("/ky-hop-cua-toi/").content.decode()
    assert "Dự thảo Nghị quyết về dự toán" in portal
