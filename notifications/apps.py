from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Thông báo cho đại biểu")

    def ready(self):
        from . import signals, tasks  # noqa: F401  (tasks: registers the periodic send)

        signals.connect()
