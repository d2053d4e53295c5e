from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = pgettext_lazy("menu", "Đại biểu")
