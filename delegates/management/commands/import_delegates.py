"""`manage.py import_delegates FILE`: validate a CSV/XLSX list of delegates, then write it all."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from delegates import importers


class Command(BaseCommand):
    help = (
        "Nhập danh sách đại biểu từ tệp CSV hoặc XLSX (cột theo docs/import-delegates.md). "
        "Kiểm tra mọi dòng trước; có lỗi thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx")
        parser.add_argument(
            "--encoding",
            choices=sorted(importers.ENCODINGS),
            help="Bảng mã của tệp CSV (mặc định: tự nhận biết UTF-8, Windows-1258, Windows-1252).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi vào cơ sở dữ liệu."
        )
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")

        def progress(iterable, **kwargs):
            return tqdm(iterable, file=self.stderr._out, disable=options["no_progress"], **kwargs)

        report = importers.import_file(
            path.read_bytes(),
            path.name,
            options["encoding"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Tệp có {len(report.errors)} lỗi; chưa ghi gì vào cơ sở dữ liệu. "
                "Hãy sửa các lỗi trên rồi nhập lại."
            )
        if report.encoding not in ("xlsx", ""):
            self.stdout.write(f"Bảng mã: {report.encoding}")
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"Tệp hợp lệ: {report.rows} dòng. Chưa ghi gì."))
            return
        for kind, counts in report.changes.counts.items():
            self.stdout.write(
                f"{importers.KIND_LABELS.get(kind, kind)}: thêm {counts['created']}, "
                f"cập nhật {counts['updated']}, không đổi {counts['unchanged']}"
            )
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {report.rows} dòng."))
