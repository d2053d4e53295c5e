"""Demo step: index everything the earlier steps loaded, extracting the text of files that have
none yet, so the demo archive answers searches at once (scans wait for OCR). Idempotent."""

from __future__ import annotations


def load(ctx) -> None:
    from .indexing import reindex_all
    from .models import SearchEntry

    count = reindex_all()
    waiting = SearchEntry.objects.filter(text_status="needs_ocr").count()
    ctx.write(f"Tìm kiếm: đã lập chỉ mục {count} mục ({waiting} bản quét chờ OCR).")
