"""Settings for `bench/load.py`: production-like (DEBUG off, PostgreSQL, database search) on
loopback, with a database and media folder of the benchmark's own."""

import os

import dj_database_url

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/council_load"),
        conn_max_age=60,
    )
}
MEDIA_ROOT = os.environ.get("COUNCIL_LOAD_MEDIA", str(BASE_DIR / "bench" / "out" / "load-media"))
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": True,
        "SEARCH_CONFIG": "vietnamese_unaccent",
    },
}
# The demo builds its packets and text inline (no worker process in the benchmark).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
