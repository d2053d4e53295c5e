from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Thư viện, tài liệu"

    def ready(self):
        from . import signals  # noqa: F401
