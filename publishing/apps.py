from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Xuất bản"

    def ready(self):
        from . import signals, tasks  # noqa: F401  (tasks: registers the periodic refresh)

        signals.connect()
