"""`manage.py load_demo`: the Vietnamese demo council, idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: HĐND tỉnh, khóa XVI, 55 đại biểu, hai kỳ họp, tài liệu, sách."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Cho phép nạp khi DEBUG tắt (không dùng thật)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Dữ liệu mẫu chỉ dùng cho môi trường phát triển (DEBUG=True); "
                "thêm --force nếu thật sự muốn nạp."
            )
        self.stdout.write("Đang nạp dữ liệu mẫu…")
        demo.run(write=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu mẫu."))
