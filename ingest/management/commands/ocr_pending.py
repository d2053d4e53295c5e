"""`manage.py ocr_pending`: queue OCR for scans still waiting (new, lost or interrupted jobs)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ingest import services
from ingest.ocr import stale_jobs


class Command(BaseCommand):
    help = (
        "Xếp hàng nhận dạng OCR cho các bản quét còn chờ: bản mới chưa có lượt OCR và lượt bị "
        "gián đoạn (máy chạy nền dừng giữa chừng)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale-minutes", type=int, default=60,
                            help="Lượt đang chạy/chờ quá số phút này thì xếp hàng lại")  # fmt: skip
        parser.add_argument("--now", action="store_true", help="Chạy OCR ngay trong lệnh này")

    def handle(self, stale_minutes=60, now=False, **options):
        from ingest.ocr import run_ocr
        from library.models import DocumentVersion

        waiting = DocumentVersion.objects.filter(text_status="needs_ocr", ocr_job__isnull=True)
        versions = list(waiting) + [job.version for job in stale_jobs(stale_minutes)]
        for version in versions:
            if now:
                result = run_ocr(version.pk)
                self.stdout.write(
                    _("phiên bản %(id)s: %(result)s") % {"id": version.pk, "result": result}
                )
            else:
                services.queue_ocr(version, force=True)
        self.stdout.write(
            _("%(count)s bản quét được xếp hàng/nhận dạng lại.") % {"count": len(versions)}
        )
