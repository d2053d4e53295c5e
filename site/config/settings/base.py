"""Settings shared by every environment: safe defaults, nothing that needs a service."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

SITE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SITE_DIR.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = "insecure-development-key-only-for-local-use"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "core",
    "library",
    "delegates",
    "sessions.apps.SessionsConfig",
    "publishing",
    "search",
    "ingest",
    "notifications",
    "security",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff (admin, secretariat) must pass the second factor before any other page.
    "security.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes): 5 failures for one username from one address lock it for 1 hour.
# Axes' backend must come first; it only checks the lockout, ModelBackend authenticates.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "delegates/account/lockout.html"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Two-factor authentication for staff (security/): TOTP app plus backup codes.
COUNCIL_STAFF_TWO_FACTOR = True
OTP_TOTP_ISSUER = "HĐND tỉnh"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale"]
# d/m/Y dates in both languages (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files never land beside the code, and never become world-readable.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running task whose worker has been silent this long is requeued (see core/worker.py).
COUNCIL_WORKER_LEASE_SECONDS = 60

WAGTAIL_SITE_NAME = "HĐND tỉnh"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILDOCS_DOCUMENT_MODEL = "library.ArchiveDocument"
# Every file goes through the serving view, where the access core is asked first.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "epub"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True},
}
# The API v2 ignores our access rules: it is never mounted.
WAGTAILAPI_SEARCH_ENABLED = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Văn phòng HĐND tỉnh <vanphong@hdnd.example.vn>"
# Notices to delegates (notifications/): changes within the window go out as one e-mail.
COUNCIL_NOTIFY_DIGEST_MINUTES = 15
COUNCIL_NOTIFY_DAILY_HOUR = 7  # local time of the daily digest
COUNCIL_NOTIFY_UNSUBSCRIBE_DAYS = 30  # unsubscribe links expire after this many days
COUNCIL_NOTIFY_MAX_ATTEMPTS = 5  # failed sends are retried with backoff, then marked failed

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "council": {"handlers": ["console"], "level": "INFO"},
        "council.access": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

COUNCIL_ROLE_LABELS = {
    "clerk": _("Chuyên viên Văn phòng"),
    "head": _("Lãnh đạo Văn phòng"),
}

# Ingestion (ingest/): every admin upload goes through the hostile-file check.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "ingest.forms.CheckedDocumentForm"
INGEST_MAX_FILE_BYTES = 200 * 1024 * 1024
INGEST_MAX_PDF_PAGES = 3000
INGEST_ZIP_MAX_MEMBERS = 5000
INGEST_ZIP_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
INGEST_ZIP_MAX_RATIO = 100
INGEST_OCR_LANGUAGE = "vie"
INGEST_OCR_OUTPUT_TYPE = "pdfa-2"  # made without Ghostscript (ocrmypdf's internal backend)
INGEST_OCR_TIMEOUT = 1800
INGEST_CONVERT_TIMEOUT = 180
# Trusted roots for digital signatures: PEM/DER files or folders (e.g. the national root CA).
INGEST_SIGNATURE_TRUST_ROOTS: list[str] = []

# Content Security Policy (django-csp 4): no inline script anywhere on the public site; the PDF
# reader's worker and the EPUB reader's frames are our own static files. The Wagtail admin has its
# own inline scripts and is excluded (it is staff-only, behind login).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/quan-tri/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
