"""Send the e-mail alerts of saved searches now (the worker also queues this every hour)."""

from django.core.management.base import BaseCommand

from search.alerts import send_all_alerts


class Command(BaseCommand):
    help = "Gửi thư báo tài liệu công khai mới cho các tìm kiếm đã lưu."

    def handle(self, *args, **options):
        sent = send_all_alerts()
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {sent} thư báo."))
