"""Create or repair the secretariat's groups and the approval workflow (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.workflow import TASK_NAME, WORKFLOW_NAME, ensure_workflow


class Command(BaseCommand):
    help = gettext_lazy("Tạo (hoặc sửa) quy trình duyệt trước khi xuất bản, gán cho toàn bộ trang.")

    def handle(self, *args, **options):
        ensure_workflow()
        self.stdout.write(
            _("Quy trình “{workflow}” (bước “{task}”) đã sẵn sàng.").format(
                workflow=WORKFLOW_NAME, task=TASK_NAME
            )
        )
