"""`manage.py import_documents PATH`: import a batch (ZIP or folder with manifest.csv/.json)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from ingest.importer import import_batch


class Command(BaseCommand):
    help = (
        "Nhập một lô văn bản từ hệ thống quản lý văn bản: tệp ZIP hoặc thư mục kèm danh mục "
        "(manifest.csv hoặc manifest.json). Kiểm tra toàn bộ trước, rồi ghi tất cả "
        "hoặc không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp ZIP, thư mục, hoặc tệp danh mục CSV/JSON")
        parser.add_argument(
            "--manifest", help="Tên tệp danh mục trong lô (nếu không phải manifest.csv)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (ghi vào lịch sử)")

    def handle(self, path, manifest=None, dry_run=False, user=None, **options):
        account = None
        if user:
            from django.contrib.auth import get_user_model

            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(_("Không có người dùng “%(user)s”.") % {"user": user})
        bars = {}
        quiet = options.get("verbosity", 1) < 1

        def progress(stage, done, total):
            if quiet:
                return
            if stage not in bars:
                label = "Kiểm tra" if stage == "validate" else "Ghi"
                bars[stage] = tqdm(total=total, desc=label, unit="văn bản", file=self.stderr._out)
            bars[stage].update(done - bars[stage].n)
            if done >= total:
                bars[stage].close()

        try:
            report = import_batch(path, manifest=manifest, user=account, dry_run=dry_run,
                                  progress=progress)  # fmt: skip
        except FileNotFoundError:
            raise CommandError(_("Không tìm thấy “%(path)s”.") % {"path": path})
        finally:
            for bar in bars.values():
                bar.close()
        if report.ok:
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(report.as_text())
            return
        self.stderr.write(report.as_text())
        raise CommandError(_("Lô bị từ chối: không có gì được ghi."))
