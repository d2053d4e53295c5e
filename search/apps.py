from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals, sources, tasks  # noqa: F401 (tasks registers periodic jobs)

        sources.autodiscover()
        signals.connect()
        post_migrate.connect(signals.after_migrate, sender=self, dispatch_uid="search_fts")
