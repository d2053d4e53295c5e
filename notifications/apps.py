from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Thông báo cho đại biểu"

    def ready(self):
        from . import signals, tasks  # noqa: F401  (tasks: registers the periodic send)

        signals.connect()
