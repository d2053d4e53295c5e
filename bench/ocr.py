"""Character error rate of our OCR (ocrmypdf + tesseract `vie`) on clean 300 dpi scans, and the
time of a 200-document batch import (scans and text PDFs).

Run: `.venv/bin/python bench/ocr.py` (`--pages N` for the CER sample, `--batch N` for the
import, `--skip-batch`). Scans are made with `core.pdfgen.scanned_pdf(..., dpi=300)` from known
Vietnamese text, so the reference is exact. CER = Levenshtein distance / reference length,
after NFC and collapsing whitespace (line breaks are layout, not characters). Target: ≤ 3 %.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (str(ROOT), str(ROOT / "site")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

OUT = ROOT / "bench" / "out"

# Known text, in the register of the council's documents (diacritics on nearly every word).
PARAGRAPHS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
    "11 năm 2019.",
    "Xét Tờ trình số 45/TTr-UBND ngày 10 tháng 7 năm 2024 của Ủy ban nhân dân tỉnh về việc phê "
    "duyệt kế hoạch đầu tư công trung hạn giai đoạn 2021 – 2025; Báo cáo thẩm tra của Ban Kinh tế "
    "– Ngân sách Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh "
    "tại kỳ họp.",
    "Điều 1. Phê duyệt điều chỉnh kế hoạch đầu tư công trung hạn nguồn vốn ngân sách địa phương, "
    "ưu tiên dự án đường giao thông liên huyện, trường học vùng đồng bào dân tộc thiểu số và "
    "công trình thủy lợi phục vụ sản xuất nông nghiệp.",
    "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết. Thường trực Hội đồng nhân "
    "dân, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện.",
    "Nghị quyết này đã được Hội đồng nhân dân tỉnh Lào Cai khóa XVI, kỳ họp thứ mười hai thông "
    "qua ngày 12 tháng 7 năm 2024 và có hiệu lực kể từ ngày 22 tháng 7 năm 2024.",
]
TITLE = "Nghị quyết về việc điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2021 – 2025"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def page_body(number: int) -> str:
    rotated = PARAGRAPHS[number % len(PARAGRAPHS) :] + PARAGRAPHS[: number % len(PARAGRAPHS)]
    return "\n".join(rotated)


def reference(number: int, body: str) -> str:
    """Exactly what `scanned_pdf` draws on that page (its wrapping, title on page 1)."""
    lines = []
    if number == 1:
        lines += textwrap.wrap(TITLE, 60)
    for paragraph in body.split("\n"):
        lines += textwrap.wrap(paragraph, 80)
    return normalise(" ".join(lines))


def measure_cer(pages: int) -> dict:
    from core.pdfgen import scanned_pdf
    from ingest.ocr import ocr_pdf

    bodies = [page_body(n) for n in range(1, pages + 1)]
    scan = scanned_pdf(TITLE, bodies, dpi=300)
    started = time.perf_counter()
    result = ocr_pdf(scan)
    seconds = time.perf_counter() - started
    errors = total = 0
    per_page = []
    for number, (body, text) in enumerate(zip(bodies, result.pages, strict=False), start=1):
        ref = reference(number, body)
        distance = levenshtein(ref, normalise(text))
        errors += distance
        total += len(ref)
        per_page.append(round(distance / len(ref) * 100, 2))
    return {
        "pages": pages,
        "dpi": 300,
        "characters": total,
        "errors": errors,
        "cer_percent": round(errors / total * 100, 2),
        "per_page_cer_percent": per_page,
        "ocr_seconds": round(seconds, 1),
        "seconds_per_page": round(seconds / pages, 2),
        "output_type": result.output_type,
        "pdfa_backend": "internal (no Ghostscript)",
    }


def measure_batch(count: int) -> dict:
    """Generate a `count`-document batch (every 4th a scan) and import it in one command."""
    import io
    import zipfile

    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from core.pdfgen import scanned_pdf, text_pdf

    setup_test_environment()
    import csv

    from django.db import connection

    buffer = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["Số, ký hiệu", "Loại", "Trích yếu", "Ngày ban hành", "Mức truy cập", "Tệp"])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(1, count + 1):
            title = f"Nghị quyết số {n} về kế hoạch đầu tư công năm 2025"
            body = [PARAGRAPHS[n % len(PARAGRAPHS)]]
            data = scanned_pdf(title, body, dpi=150) if n % 4 == 0 else text_pdf(title, body)
            archive.writestr(f"van-ban-{n:03d}.pdf", data)
            writer.writerow([f"{n}/2025/NQ-HĐND", "Nghị quyết", title, f"{(n % 28) + 1}/7/2025",
                             "Công khai", f"van-ban-{n:03d}.pdf"])  # fmt: skip
        archive.writestr("manifest.csv", manifest.getvalue().encode("utf-8"))
    path = OUT / f"batch-{count}.zip"
    path.write_bytes(buffer.getvalue())
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        call_command("import_documents", str(path), verbosity=0)
        first = time.perf_counter() - started
        started = time.perf_counter()
        call_command("import_documents", str(path), verbosity=0)
        again = time.perf_counter() - started
        from library.models import DocumentVersion

        scans = DocumentVersion.objects.filter(text_status="needs_ocr").count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return {
        "documents": count,
        "scans_queued_for_ocr": scans,
        "zip_mb": round(len(buffer.getvalue()) / 1e6, 1),
        "import_seconds": round(first, 1),
        "rerun_seconds": round(again, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--skip-batch", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    # As in production: the import queues text extraction, signature checks and OCR for the
    # worker (the test settings would run them inline, inside the timed import).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    django.setup()

    settings.INGEST_AUTO_OCR = False  # the batch timing is the import; OCR is timed above
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"cer": measure_cer(args.pages)}
    cer = results["cer"]
    print(
        f"OCR (tesseract vie, {cer['dpi']} dpi, {cer['pages']} pages, {cer['characters']} chars): "
        f"CER {cer['cer_percent']} % (target ≤ 3 %), per page {cer['per_page_cer_percent']}, "
        f"{cer['seconds_per_page']} s/page, output {cer['output_type']}"
    )
    if not args.skip_batch:
        results["batch"] = measure_batch(args.batch)
        batch = results["batch"]
        print(
            f"Import of {batch['documents']} documents ({batch['scans_queued_for_ocr']} scans "
            f"queued for OCR, {batch['zip_mb']} MB ZIP): {batch['import_seconds']} s; "
            f"re-run (nothing changes): {batch['rerun_seconds']} s"
        )
    (OUT / "ocr.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
