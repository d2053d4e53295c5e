from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Bảo mật tài khoản"

    def ready(self):
        from . import signals  # noqa: F401  (connects the session-ending receivers)
