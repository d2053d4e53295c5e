from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # `sessions` would clash with django.contrib.sessions.
    label = "council_sessions"
    verbose_name = "Kỳ họp"
