import pytest


@pytest.fixture(autouse=True)
def _no_automatic_ocr(settings):
    """OCR is slow: tests that want it run it explicitly (and are marked slow)."""
    settings.INGEST_AUTO_OCR = False
