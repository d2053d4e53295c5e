"""Fast, isolated settings for the test suite: MD5 hashing, immediate tasks, temporary media.

`DATABASE_URL` switches the suite to PostgreSQL (see `make test-pg`).
"""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # Only for the tests that run a real worker process against a database of their own.
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
COUNCIL_WORKER_LEASE_SECONDS = int(os.environ.get("COUNCIL_WORKER_LEASE_SECONDS", "60"))
MEDIA_ROOT = tempfile.mkdtemp(prefix="council-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="council-test-static-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Other apps' tests sign staff in with force_login; tests/security turns the 2FA gate back on.
COUNCIL_STAFF_TWO_FACTOR = False
WAGTAILADMIN_BASE_URL = "http://testserver"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "AUTO_UPDATE": True,
            # Created by search's migration 0002: `simple` + `unaccent` (đ→d included).
            "SEARCH_CONFIG": "vietnamese_unaccent",
        },
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
