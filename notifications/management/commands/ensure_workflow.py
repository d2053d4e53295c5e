"""Create or repair the secretariat's groups and the approval workflow (idempotent)."""

from django.core.management.base import BaseCommand

from notifications.workflow import TASK_NAME, WORKFLOW_NAME, ensure_workflow


class Command(BaseCommand):
    help = "Tạo (hoặc sửa) quy trình duyệt trước khi xuất bản, gán cho toàn bộ trang."

    def handle(self, *args, **options):
        ensure_workflow()
        self.stdout.write(f"Quy trình “{WORKFLOW_NAME}” (bước “{TASK_NAME}”) đã sẵn sàng.")
