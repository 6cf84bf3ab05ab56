"""Settings for the Partnership Action Tracker.

Everything that differs between machines comes from the environment through the small typed
helpers below, which fail loudly on a malformed value. Development defaults are safe: SQLite in the
project directory, DEBUG on only when asked for, console email.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")
# The test suite (pytest, or `manage.py test`) runs with DEBUG off like production, but with
# throwaway keys and the safety nets that would get in a test's way relaxed (see below).
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING:
        # Several server processes would each invent their own key and bounce users between
        # them signed out: refuse to start instead, in one line.
        raise SystemExit(
            "SECRET_KEY is not set: set it (the same value on every server) or set DEBUG=true "
            "for development."
        )
    # A per-process key keeps development and tests safe without a shared, known secret.
    SECRET_KEY = "dev-" + secrets.token_urlsafe(48)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so its `changepassword` (recorded in the history) replaces Django's own.
    "partnership",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "recommendations",
    "meetings",
    "reports",
    "demo",
    "notifications",
    "performance",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuses an oversized body before anything reads it (anonymous requests get a small limit).
    "partnership.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sign-in throttling: must come after AuthenticationMiddleware.
    "axes.middleware.AxesMiddleware",
    # Records the signed-in user on history rows written during a request (admin included).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so read-check-write blocks (optimistic locking)
    # are serialised on SQLite as select_for_update serialises them on PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Several app servers share one database: sessions live there (Django's default), and so does
# the cache unless REDIS_URL points at a Redis every server reaches.
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tracker_cache",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partnership.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in protection (django-axes, database-backed so every server shares it): 5 wrong
# passwords for one account from one address lock that pair out for 15 minutes. Locking by the
# pair, not the account alone, means an attacker elsewhere cannot lock a real user out.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False
# Behind a proxy, the client's address is the first X-Forwarded-For entry it adds.
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", "0") or None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("MANIFEST_STATIC", "false")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "tracker@localhost")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
if os.environ.get("EMAIL_URL"):
    # One setting instead of the EMAIL_* above: smtp://user:pass@host:587?tls=true,
    # smtps://host:465, console://, or locmem://. It wins over the separate variables.
    from partnership.email_url import parse_email_url

    globals().update(parse_email_url(os.environ["EMAIL_URL"]))
# Absolute links in email point here (no trailing slash), for example https://tracker.example.gov.uk
SITE_URL = envstr("SITE_URL", "http://localhost:8000")
# Notifications (notifications/): see docs/deployment.md for the send_notifications timer.
NOTIFICATIONS_SERVICE_NAME = envstr("NOTIFICATIONS_SERVICE_NAME", "Partnership Action Tracker")
NOTIFICATIONS_REMINDER_INTERVAL_HOURS = envint("NOTIFICATIONS_REMINDER_INTERVAL_HOURS", "48")
NOTIFICATIONS_REMINDER_DAYS_BEFORE = envint("NOTIFICATIONS_REMINDER_DAYS_BEFORE", "3")
NOTIFICATIONS_DIGEST_WEEKDAY = envint("NOTIFICATIONS_DIGEST_WEEKDAY", "0")  # 0 = Monday
NOTIFICATIONS_SUMMARY_WITHIN_DAYS = envint("NOTIFICATIONS_SUMMARY_WITHIN_DAYS", "14")
NOTIFICATIONS_MAX_ATTEMPTS = envint("NOTIFICATIONS_MAX_ATTEMPTS", "6")
NOTIFICATIONS_RETRY_SECONDS = envint("NOTIFICATIONS_RETRY_SECONDS", "60")

# Tests and development run tasks at once (immediate); production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    }
}

# Request bodies: refused before they are read when over these sizes (anonymous users can only
# sign in, so they get a small allowance).
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", str(12 * 1024 * 1024))
ANONYMOUS_REQUEST_MAX_BYTES = envint("ANONYMOUS_REQUEST_MAX_BYTES", str(64 * 1024))

# Uploads: importer files are read in memory; keep a hard ceiling.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(10 * 1024 * 1024))
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "5000")
# A preview or import of a larger file runs in the task worker behind a progress page
# (recommendations/import_jobs.py): rows as an XLSX declares them, or lines of a text file.
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", "300")
IMPORT_BACKGROUND_BYTES = envint("IMPORT_BACKGROUND_BYTES", str(512 * 1024))
# What one import may make the reader do, checked before the work (a hostile file is refused
# in seconds and a few MB): cells in a workbook, cells covered by merged ranges, bytes a zip
# (.xlsx/.docx) unpacks to, PDF pages, and seconds of parsing.
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", "250000")
IMPORT_MAX_MERGED_CELLS = envint("IMPORT_MAX_MERGED_CELLS", "50000")
IMPORT_MAX_UNZIPPED_BYTES = envint("IMPORT_MAX_UNZIPPED_BYTES", str(80 * 1024 * 1024))
IMPORT_MAX_PAGES = envint("IMPORT_MAX_PAGES", "150")
IMPORT_MAX_SECONDS = envint("IMPORT_MAX_SECONDS", "120")

# Content-Security-Policy: only our own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The read API (api/, docs/api.md): personal tokens first (their refusal is a 401), the browser
# session second (a signed-in person can open a link); JSON only; read-only viewsets; Find's
# FilterSet through django-filter; cursor pages of 100.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CountedCursorPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership Action Tracker API",
    "DESCRIPTION": "Read-only. Authenticate with a personal API token: "
    "'Authorization: Bearer <token>'. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes shapes, never data: anyone may fetch it (a BI tool's first step).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "recommendations.models.Rag",
        "LifecycleEnum": "recommendations.models.Lifecycle",
        "PlanKindEnum": "recommendations.models.PlanKind",
        "SectionKindEnum": "recommendations.models.SectionKind",
        "DatePrecisionEnum": "recommendations.models.DatePrecision",
    },
}

# The audit trail's database backstops. Fixtures (`loaddata`) may not write audited tables, and
# on PostgreSQL history and issued-paper tables refuse TRUNCATE, outside the test suite (which
# empties tables between tests).
AUDIT_ALLOW_FIXTURES = TESTING
AUDIT_REFUSE_TRUNCATE = not TESTING

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and envbool("SECURE_COOKIES", "false"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # axes logs every sign-in at INFO; partnership.signin already logs them, without passwords.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# SQLite ignores the INCLUDE columns of PostgreSQL covering indexes (rec_filter_columns); the
# index still works as a plain one there, so the warning is noise for the embedded default.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The protective markings and their order live in recommendations.markings.Marking.
