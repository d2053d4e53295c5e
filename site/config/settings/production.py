"""Production: PostgreSQL, Redis, S3, Elasticsearch, all read from the environment.

Refuses to start, naming the variable, when one is missing.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from search.elasticsearch import index_settings as vietnamese_index_settings

from .base import *  # noqa: F403


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value.strip() == "":
        raise ImproperlyConfigured(
            f"Thiếu biến môi trường {name}: hãy đặt {name} trước khi khởi động "
            f"(xem mục Triển khai trong README.md)."
        )
    return value


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env(name).split(",") if part.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY quá ngắn: cần ít nhất 50 ký tự ngẫu nhiên.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}

CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Private bucket: nothing in it is reachable without a signature, and the serving view
# checks access before it streams or signs anything.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY")
AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", "us-east-1")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
AWS_QUERYSTRING_EXPIRE = 300
AWS_S3_FILE_OVERWRITE = False
AWS_S3_CUSTOM_DOMAIN = None
# Stream through the view (default) or, after the access check, redirect to a signed URL.
COUNCIL_S3_REDIRECT = os.environ.get("COUNCIL_S3_REDIRECT", "0") == "1"
COUNCIL_S3_URL_SECONDS = 120
STORAGES = {
    "default": {"BACKEND": "library.storage.PrivateS3Storage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": env_list("ELASTICSEARCH_URL"),
        "INDEX": os.environ.get("ELASTICSEARCH_INDEX", "council"),
        "TIMEOUT": 10,
        "AUTO_UPDATE": True,
        # Vietnamese folding that keeps the original token (docs/search.md).
        "INDEX_SETTINGS": vietnamese_index_settings(
            icu=os.environ.get("ELASTICSEARCH_ICU", "0") == "1"
        ),
    }
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
