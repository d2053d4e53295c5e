"""The ingest demo step: a realistic batch, idempotent."""

import pytest

from core.demo import DemoContext
from ingest import demo
from ingest.models import OcrJob, SignatureCheck
from library.models import ArchiveDocument

pytestmark = pytest.mark.django_db


def test_demo_batch_imports_once(django_capture_on_commit_callbacks):
    lines = []
    ctx = DemoContext(write=lines.append)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(ctx)
    assert ArchiveDocument.objects.filter(number__in=demo.DEMO_NUMBERS).count() == 5
    secret = ArchiveDocument.objects.get(number="305/TB-UBND")
    assert secret.access_level == "secret" and not secret.file
    assert OcrJob.objects.filter(status="queued").count() == 2
    assert SignatureCheck.objects.get().status == "untrusted"
    demo.load(ctx)
    assert "bỏ qua" in lines[-1]
    assert ArchiveDocument.objects.filter(number__in=demo.DEMO_NUMBERS).count() == 5
