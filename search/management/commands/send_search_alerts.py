"""Send the e-mail alerts of saved searches now (the worker also queues this every hour)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.alerts import send_all_alerts


class Command(BaseCommand):
    help = "Gửi thư báo tài liệu công khai mới cho các tìm kiếm đã lưu."

    def handle(self, *args, **options):
        sent = send_all_alerts()
        self.stdout.write(self.style.SUCCESS(_("Đã gửi %(sent)s thư báo.") % {"sent": sent}))
