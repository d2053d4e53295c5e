from django.apps import AppConfig


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = "Đại biểu"
