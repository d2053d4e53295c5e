"""`manage.py migrate_media_to_s3`: copy local media files to the configured S3 storage.

Every file referenced by a FileField is read from the local media folder, uploaded under the
same name, read back and compared by sha256; files already there with the same content are
skipped, so the command can be re-run after an interruption.
"""

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models
from tqdm import tqdm

from ingest.fixity import file_hash
from library.storage import is_remote


def referenced_files() -> list[str]:
    names: set[str] = set()
    for model in apps.get_models():
        fields = [f for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            values = model._default_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            )
            names.update(v for v in values if v)
    return sorted(names)


class Command(BaseCommand):
    help = "Sao chép tệp từ thư mục media cục bộ lên kho S3, kiểm tra bằng sha256."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT))
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, source, dry_run, **options):
        if not is_remote(default_storage):
            raise CommandError(
                "Kho lưu trữ mặc định chưa phải S3: hãy chạy lệnh với cấu hình production "
                "(STORAGES['default'] = library.storage.PrivateS3Storage)."
            )
        local = FileSystemStorage(location=source)
        counts = {"copied": 0, "skipped": 0, "missing": 0, "mismatch": 0}
        problems = []
        names = referenced_files()
        for name in tqdm(names, desc="Sao chép lên S3", unit="tệp", disable=None):
            if not local.exists(name):
                counts["missing"] += 1
                problems.append(f"thiếu tệp cục bộ: {name}")
                continue
            expected = file_hash(local, name)
            if default_storage.exists(name):
                if file_hash(default_storage, name) == expected:
                    counts["skipped"] += 1
                    continue
                counts["mismatch"] += 1
                problems.append(f"đã có trên S3 với nội dung khác, không ghi đè: {name}")
                continue
            if dry_run:
                counts["copied"] += 1
                continue
            with local.open(name, "rb") as handle:
                # Low-level save keeps the exact name (the storage would rename on collision).
                default_storage._save(name, handle)
            if file_hash(default_storage, name) != expected:
                counts["mismatch"] += 1
                problems.append(f"tổng kiểm tra sai sau khi chép: {name}")
                continue
            counts["copied"] += 1
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"Đã chép {counts['copied']}, bỏ qua {counts['skipped']} (đã có), "
            f"thiếu {counts['missing']}, sai lệch {counts['mismatch']}."
        )
        if counts["missing"] or counts["mismatch"]:
            raise CommandError("Có tệp chưa chép được; xem danh sách ở trên.")
