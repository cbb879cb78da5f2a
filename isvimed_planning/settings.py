"""Settings for isvimed-planning.

Everything that differs between a laptop and production comes from the environment
(documented in .env.example). With nothing set, the application runs on an embedded
default: a SQLite file and a Celery broker on the filesystem, so `make run` needs no server.
"""
from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from .env import ImproperlyConfiguredEnv, env_bool, env_decimal, env_int, env_list, env_str, env_url
from .storage_config import default_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ISVIMED_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_INSECURE_DEV_KEY = "dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfiguredEnv("SECRET_KEY is required when DEBUG is off.")
if not DEBUG and SECRET_KEY == _INSECURE_DEV_KEY:
    raise ImproperlyConfiguredEnv("SECRET_KEY must not be the development key when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "django_filters",
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_celery_beat",
    "isvimed_planning.apps.CoreConfig",
    "isvimed_planning.deadlines.apps.DeadlinesConfig",
    "isvimed_planning.workbook.apps.WorkbookConfig",
    # The procedure's steps, in the order data flows (each imports only those above it).
    "strategy",
    "projects",
    "budget",
    "action_plan",
    "monitoring",
    "accountability",
    "transparency",
    "opendata",
    "tooling",
    # Not here: Django REST Framework and drf-spectacular (the open-data API, opendata/api.py) run
    # without being installed apps, and as apps their Spanish catalogues would replace Django's
    # form messages ("Este campo es requerido." instead of "Este campo es obligatorio.").
]

MIDDLEWARE = [
    # First, so that every answer is logged, the security middleware's redirects included.
    "isvimed_planning.client_ip.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "isvimed_planning.auth.SessionTimeoutMiddleware",
    "isvimed_planning.errors.MethodNotAllowedPage",
    # Last, as django-axes asks: turns a locked-out login into the Spanish lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "isvimed_planning.urls"
WSGI_APPLICATION = "isvimed_planning.wsgi.application"
ASGI_APPLICATION = "isvimed_planning.asgi.application"
# Select boxes and inputs written in Python (isvimed_planning/form_rendering.py): the same HTML, a fraction of the CPU.
FORM_RENDERER = "isvimed_planning.form_rendering.FormRenderer"

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
                "isvimed_planning.context_processors.navigation",
            ],
            "builtins": ["isvimed_planning.templatetags.isvimed"],
        },
    }
]

# Database: DATABASE_URL (postgres://… in production), else a SQLite file under var/.
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{VAR_DIR / 'isvimed.sqlite3'}", ("sqlite", "postgres", "postgresql")
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login (every login form, the admin's included).
    "isvimed_planning.auth.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes, hooks in isvimed_planning/auth.py): failures of one username
# from one address, and (a higher limit) of one address whatever the username, lock for a while.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)
LOGIN_LOG_RETENTION_DAYS = env_int("LOGIN_LOG_RETENTION_DAYS", 180)
# The client's address (isvimed_planning/client_ip.py, its one owner): proxies in front of the application
# that append to FORWARDED_FOR_HEADER (0: REMOTE_ADDR is the client and forwarded headers are ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if not 0 <= TRUSTED_PROXY_COUNT <= 10:
    raise ImproperlyConfiguredEnv(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be a number of proxies from 0 to 10.")
FORWARDED_FOR_HEADER = env_str("FORWARDED_FOR_HEADER", "X-Forwarded-For").strip()
if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*", FORWARDED_FOR_HEADER):
    raise ImproperlyConfiguredEnv(f"FORWARDED_FOR_HEADER={FORWARDED_FOR_HEADER!r} is not an HTTP header name.")
# One line per request with that address (client_ip.RequestLogMiddleware); runserver logs its own in DEBUG.
REQUEST_LOG = env_bool("REQUEST_LOG", not DEBUG)
AXES_HANDLER = "isvimed_planning.auth.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "isvimed_planning.auth.axes_failure_limit"
AXES_COOLOFF_TIME = "isvimed_planning.auth.axes_cool_off"
AXES_USERNAME_CALLABLE = "isvimed_planning.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "isvimed_planning.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "isvimed_planning.auth.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False  # LoginThrottleHandler resets only the username at that address
AXES_VERBOSE = False  # no banner on every manage.py command; lock-outs are still logged
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 10)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 3600)
# Questions for a public hearing (no login): at most this many per client address in the window.
HEARING_QUESTIONS_PER_ADDRESS = env_int("HEARING_QUESTIONS_PER_ADDRESS", 5)
HEARING_QUESTIONS_WINDOW_SECONDS = env_int("HEARING_QUESTIONS_WINDOW_SECONDS", 3600)
# A session ends after this long without a request, and in any case this long after the login.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_MAX_AGE_SECONDS = env_int("SESSION_MAX_AGE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_SECONDS
# Sessions in the database (Django's default, said here on purpose): every web machine sees them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["isvimed_planning.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served directly: a permission-checked view streams them.
MEDIA_URL = "/media-not-served/"

# Kept files only through Django's storage API: the local disk under MEDIA_ROOT, or an
# S3-compatible bucket every machine shares (STORAGE_BACKEND, AWS_*: see storage_config.py).
STORAGES = {
    "default": default_storage_from_env(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Workbook imports (isvimed_planning/workbook/bounds.py): measured on the zip before any parsing and
# refused beyond these; the largest known workbook (seed_scale's 10x export) is ~101,000 rows,
# ~575,000 cells, ~25 MB unzipped. Validated within the request only when small, else by the worker.
WORKBOOK_MAX_ROWS_PER_SHEET = env_int("WORKBOOK_MAX_ROWS_PER_SHEET", 200_000)
# Rows of a written .xlsx sheet (Excel's limit); a matrix or workbook sheet past it continues on
# `Nombre 2`, … (MATRICES.md; the workbook's import reads them back as one sheet). Tests make it
# small instead of writing a million rows.
XLSX_MAX_ROWS = 1_048_576
WORKBOOK_MAX_CELLS = env_int("WORKBOOK_MAX_CELLS", 3_000_000)
WORKBOOK_MAX_SHARED_STRINGS = env_int("WORKBOOK_MAX_SHARED_STRINGS", 500_000)
WORKBOOK_MAX_UNCOMPRESSED_BYTES = env_int("WORKBOOK_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
WORKBOOK_MAX_COMPRESSION_RATIO = env_int("WORKBOOK_MAX_COMPRESSION_RATIO", 100)
WORKBOOK_MAX_ERRORS_PER_SHEET = env_int("WORKBOOK_MAX_ERRORS_PER_SHEET", 200)
WORKBOOK_SYNC_MAX_BYTES = env_int("WORKBOOK_SYNC_MAX_BYTES", 256 * 1024)
WORKBOOK_SYNC_MAX_ROWS = env_int("WORKBOOK_SYNC_MAX_ROWS", 5_000)
# Typed and imported dates must fall within these years (isvimed_planning/dates.py).
DATE_WINDOW_START_YEAR = env_int("DATE_WINDOW_START_YEAR", 2000)
DATE_WINDOW_END_YEAR = env_int("DATE_WINDOW_END_YEAR", 2050)
if not 1900 <= DATE_WINDOW_START_YEAR <= DATE_WINDOW_END_YEAR <= 2200:
    raise ImproperlyConfiguredEnv("DATE_WINDOW_START_YEAR..DATE_WINDOW_END_YEAR must be years within 1900..2200, in order.")

# A shared cache lets every web worker reuse the figures another one computed (see
# isvimed_planning/caching.py: freshness never depends on the cache, only the cost does).
# Empty: a per-process LocMem cache, enough for `make run` and the tests.
CACHE_URL = env_url("CACHE_URL", "locmem://", ("locmem", "redis", "rediss"))
# Per-process cache and broker are for `make run` and the tests. With DEBUG off they are refused
# unless SINGLE_MACHINE=true says so: on several machines they would silently split the cache
# (and the password-reset counts kept in it) and leave jobs queued where no other worker looks.
SINGLE_MACHINE = env_bool("SINGLE_MACHINE", False)
if not DEBUG and not SINGLE_MACHINE and CACHE_URL.startswith("locmem://"):
    raise ImproperlyConfiguredEnv(
        "CACHE_URL=locmem:// keeps a separate cache in each process: with DEBUG off set CACHE_URL=redis://… "
        "(shared by every machine), or SINGLE_MACHINE=true to accept it."
    )
CACHES: dict[str, dict[str, object]]
if CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "isvimed",
            "OPTIONS": {"serializer": "isvimed_planning.cache_serializer.Serializer"},
        }
    }
# Open data (/datos/, opendata/api.py): read-only, anonymous, throttled per address over the cache.
OPENDATA_ANON_RATE = env_str("OPENDATA_ANON_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "opendata.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Datos abiertos de planeación del ISVIMED",
    "DESCRIPTION": "API de solo lectura con los datos públicos de planeación estratégica del ISVIMED.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/datos/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "ENUM_NAME_OVERRIDES": {},
    "DISABLE_ERRORS_AND_WARNINGS": True,
}
# Upper bound on the age of cached data that has no history to version it (names of users and
# territories shown next to cached figures).
VERSIONED_CACHE_SECONDS = env_int("VERSIONED_CACHE_SECONDS", 900)

# E-mail: console in development, SMTP in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Planeación ISVIMED <planeacion@isvimed.gov.co>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background jobs (isvimed_planning/jobs.py): soft time limit of each kind of job in seconds (the
# hard limit is JOB_HARD_LIMIT_MARGIN more), memory each job may add to its worker (MB, RLIMIT_AS),
# tries of a job whose worker died, seconds a job may wait in the queue before the sweep fails it.
JOB_TIME_LIMITS = {"workbook": env_int("WORKBOOK_JOB_TIME_LIMIT", 900), "matrix": env_int("MATRIX_JOB_TIME_LIMIT", 600)}
JOB_HARD_LIMIT_MARGIN = env_int("JOB_HARD_LIMIT_MARGIN", 60)
JOB_MEMORY_LIMIT_MB = env_int("JOB_MEMORY_LIMIT_MB", 1536)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 2)
JOB_QUEUE_TIMEOUT = env_int("JOB_QUEUE_TIMEOUT", 2 * 3600)

# The cuadre (monitoring/cuadre): relative difference between a product's goal × unit cost and the
# money allocated to it that is still taken as equal (0.01 = 1 %: unit costs are rounded to pesos).
CUADRE_UNIT_COST_TOLERANCE = env_decimal("CUADRE_UNIT_COST_TOLERANCE", "0.01")
# Early warning: business days before the next cutoff on which a project whose year-end
# projection falls below "Satisfactorio" is notified to its lead and the planning office.
EARLY_WARNING_BUSINESS_DAYS = env_int("EARLY_WARNING_BUSINESS_DAYS", 5)

# Celery: Redis in production; with nothing set, kombu's filesystem transport so that a real
# worker and beat run with no server at all.
_CELERY_DEFAULT = "filesystem://"
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", _CELERY_DEFAULT, ("redis", "rediss", "filesystem", "memory", "amqp"))
if not DEBUG and not SINGLE_MACHINE and CELERY_BROKER_URL.split("://", 1)[0] in ("filesystem", "memory"):
    raise ImproperlyConfiguredEnv(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL.split('://', 1)[0]}:// queues jobs where only this machine sees them: "
        "with DEBUG off set CELERY_BROKER_URL=redis://…, or SINGLE_MACHINE=true to accept it."
    )
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _processed_dir = VAR_DIR / "celery" / "processed"
    _control_dir = VAR_DIR / "celery" / "control"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "control_folder": str(_control_dir),
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
    }
    for _d in (_queue_dir, _processed_dir, _control_dir):
        _d.mkdir(parents=True, exist_ok=True)
else:
    # Above every hard time limit, or Redis would hand a job still running to a second worker; it
    # also covers the monthly cycle, which generates the scheduled matrices in one task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": max(3600, max(JOB_TIME_LIMITS.values()) + JOB_HARD_LIMIT_MARGIN + 300)
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A prefork child whose resident memory stays above this (KB) after a job is replaced.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("WORKER_MAX_MEMORY_MB", 512) * 1024
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that queues work must not hang when the broker is down.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY = False
# The schedule lives in the database (django-celery-beat), shared by the cluster: the jobs declared in
# celery.py are written there by `migrate` (isvimed_planning/beat.py). Run exactly one beat.
CELERY_BEAT_SCHEDULER = "isvimed_planning.beat:Scheduler"

# Security: strict in production; `check --deploy` must pass with the documented variables.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The scheme is taken from the proxy's X-Forwarded-Proto only when a proxy is trusted: without one,
# a client could send the header itself and pass for HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: only the application's own scripts, styles, images and fonts; no
# inline script anywhere (JavaScript lives in static/js), no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

ENTITY_NAME = "Instituto Social de Vivienda y Hábitat de Medellín - ISVIMED"
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# The DANE code of the municipality (5 digits): digits 5–9 of every BPIN its project bank gives.
DANE_MUNICIPALITY_CODE = env_str("DANE_MUNICIPALITY_CODE", "05001").strip()
if not re.fullmatch(r"[0-9]{5}", DANE_MUNICIPALITY_CODE):  # str.isdigit() would take "²" or "٥"
    raise ImproperlyConfiguredEnv(
        f"DANE_MUNICIPALITY_CODE must be the 5-digit DANE code of the municipality, not {DANE_MUNICIPALITY_CODE!r}."
    )

# The admin's exports (django-import-export) write text, never formulas: see safe_export.py.
from isvimed_planning.safe_export import ADMIN_EXPORT_FORMATS as EXPORT_FORMATS  # noqa: E402,F401 (a setting)

# Static files are served by the application itself (WhiteNoise); in development straight from
# the source folders, in production from collectstatic's output.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
