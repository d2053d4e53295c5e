from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "sessions"
    # `sessions` would clash with django.contrib.sessions.
    label = "council_sessions"
    verbose_name = _("Kỳ họp")
