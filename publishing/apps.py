from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Xuất bản")

    def ready(self):
        from . import signals, tasks  # noqa: F401  (tasks: registers the periodic refresh)

        signals.connect()
