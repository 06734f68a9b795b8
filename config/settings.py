"""Settings for 群众工作站, read from the environment (see .env.example).

One module for every environment: what differs between a laptop, CI and a
county's server is an environment variable, never a second settings file.
"""

import datetime
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config import logs, storages

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

DEBUG = env.bool("DEBUG", default=False)
# Demo mode: `seed_demo` may create the demo logins, and their published password
# is accepted. Never on a real deployment.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
# The demo logins' password, published in the README: refused outside demo mode.
DEMO_PASSWORD = "demo12345"

# A missing key is only tolerable on a developer's machine: outside DEBUG the
# server refuses to start rather than sign sessions with a published value.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks_db",
    "villages",
    "cadres",
    "stations",
    "visits",
]

MIDDLEWARE = [
    # First: every answer, a redirect too, carries its request id (config/logs.py).
    "config.logs.RequestContextMiddleware",
    # Notes when the database is back after an outage (config/unavailable.py).
    "config.unavailable.OutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages travel over weak mobile data: compress them (Django pads the
    # compressed body against BREACH since 4.2).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cadres.session_timeout.SessionTimeoutMiddleware",
    # What a login is shown: "Cache-Control: private, no-store" unless the view said.
    "cadres.cache_control.PrivateResponsesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Form fields drawn through Jinja2, the admin's through Django templates (config/forms.py).
FORM_RENDERER = "config.forms.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
}
# Keep connections open between requests (about three times the throughput of
# a new connection per request, measured here) and check them before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# What this deployment opens at most, for the connection budget (config/connections.py):
# the gunicorn values are read from the same variables as config/gunicorn.conf.py.
CONNECTION_BUDGET = {
    "app_servers": env.int("APP_SERVERS", default=1),
    "web_processes": env.int("GUNICORN_WORKERS", default=2 * (os.cpu_count() or 1) + 1),
    "web_threads": env.int("GUNICORN_THREADS", default=2),
    "task_workers": env.int("TASK_WORKERS", default=1),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database server that does not answer fails a request (and /healthz) in
    # seconds instead of holding it for the system's TCP timeout (minutes).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    # PostgreSQL's JIT compiles each heavy aggregate afresh (0.1–0.4 s a query) for
    # queries that run in well under a second without it: on the city seed a county's
    # overview took 2.8 s with it and 1.8 s without (README, "Performance").
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", "-c jit=" + ("on" if env.bool("DATABASE_JIT", default=False) else "off")
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets requests read while another writes.
            "init_command": "PRAGMA journal_mode=WAL;",
            # SQLite lets one writer at a time. A transaction that reads first and
            # writes later cannot wait for its turn (SQLite answers "database is
            # locked" at once): every transaction asks for the write lock when it
            # begins, and waits up to SQLITE_BUSY_TIMEOUT seconds for it.
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cadres.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes watches every login first; the gate refuses the published demo password
# outside demo mode (cadres/demo_password.py); Django's backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "cadres.demo_password.DemoPasswordGate",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Counts a Chinese character as two, so a Chinese passphrase is judged fairly.
        "NAME": "cadres.password_validation.MinimumWeightValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cadres.password_validation.DemoPasswordValidator"},
]

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one user
# name, or from one address, further tries are refused for LOGIN_COOLOFF_MINUTES.
# Every login, logout and failure is kept in axes' tables (admin) and logged.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Log who and from where (axes masks both by default); passwords are never logged.
AXES_SENSITIVE_PARAMETERS = []
AXES_LOCKOUT_CALLABLE = "cadres.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cadres.login_throttle.client_address"
# How many reverse proxies (nginx, the county's gateway) stand in front of the
# app; 0 when browsers reach gunicorn directly. Decides which address a login
# comes from and whether X-Forwarded-Proto is believed.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=DATA_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "config" / "root_files"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
# Photos are personal data: they are never served from a public MEDIA_URL;
# views check who may see a visit before they stream its photos.
MEDIA_URL = "/media-not-public/"

# Where files live. Code reaches them only through the named storages below
# (django.core.files.storage.storages): "default" holds the visit photos and
# imports awaiting confirmation, "jobs" the files the background worker makes
# (reports, card sheets), "backups" what `manage.py backup` writes.
# FILE_STORAGE=local: this machine's disk, MEDIA_ROOT (jobs in MEDIA_ROOT/jobs).
# FILE_STORAGE=s3: a bucket of any S3-compatible store (MinIO, Aliyun OSS, Tencent
# COS, AWS) that every app server and worker reaches; jobs under S3_PREFIX/jobs.
# BACKUP_STORAGE (default: the same kind) puts backups in BACKUP_ROOT or under
# BACKUP_S3_PREFIX of BACKUP_S3_BUCKET (default: S3_PREFIX/backups in S3_BUCKET).
STORAGE_KINDS = ("local", "s3")
FILE_STORAGE = env.str("FILE_STORAGE", default="local")
BACKUP_STORAGE = env.str("BACKUP_STORAGE", default=FILE_STORAGE)
for _name, _kind in (("FILE_STORAGE", FILE_STORAGE), ("BACKUP_STORAGE", BACKUP_STORAGE)):
    if _kind not in STORAGE_KINDS:
        raise ImproperlyConfigured(f"{_name} must be local or s3, not {_kind!r}.")
BACKUP_ROOT = env.path("BACKUP_ROOT", default=DATA_DIR / "backups")
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_PREFIX = env.str("S3_PREFIX", default="").strip("/")
BACKUP_S3_BUCKET = env.str("BACKUP_S3_BUCKET", default=S3_BUCKET)
BACKUP_S3_PREFIX = env.str("BACKUP_S3_PREFIX", default=f"{S3_PREFIX}/backups").strip("/")
# MinIO answers path-style requests (endpoint/bucket/key); OSS and COS only
# virtual-hosted ones (bucket.endpoint/key).
S3_ADDRESSING_STYLE = env.str("S3_ADDRESSING_STYLE", default="path")
if S3_ADDRESSING_STYLE not in storages.ADDRESSING_STYLES:
    raise ImproperlyConfigured("S3_ADDRESSING_STYLE must be path, virtual or auto.")


def _s3(bucket, location):
    if not bucket:
        raise ImproperlyConfigured("S3 storage needs S3_BUCKET (and BACKUP_S3_BUCKET if apart).")
    return storages.s3_storage(
        bucket=bucket,
        location=location,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        addressing_style=S3_ADDRESSING_STYLE,
    )


if FILE_STORAGE == "s3":
    _media, _jobs = _s3(S3_BUCKET, S3_PREFIX), _s3(S3_BUCKET, f"{S3_PREFIX}/jobs")
else:
    _media, _jobs = storages.local_storage(), storages.media_folder_storage("jobs")
if BACKUP_STORAGE == "s3":
    _backups = _s3(BACKUP_S3_BUCKET, BACKUP_S3_PREFIX)
else:
    _backups = storages.local_storage(BACKUP_ROOT)
STORAGES = {
    "default": _media,
    "jobs": _jobs,
    "backups": _backups,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Background work (django.tasks): queued in the app's own database and run by
# `manage.py worker` (django-tasks-db; SELECT … SKIP LOCKED on PostgreSQL, so
# any number of worker processes on any number of machines share one queue).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A finished file (booklet, workbook) is kept this long, then pruned nightly.
JOBS_KEEP_HOURS = env.int("JOBS_KEEP_HOURS", default=7 * 24)
# Asking again for the same file within this time gets the one already built.
JOBS_REUSE_MINUTES = env.int("JOBS_REUSE_MINUTES", default=30)
# A build running longer than this is taken for dead (its worker was killed):
# asking again starts a new one. The county booklet takes minutes, not an hour.
JOBS_STUCK_MINUTES = env.int("JOBS_STUCK_MINUTES", default=60)
# A register's workbook of more rows than this is built by the worker (a CSV
# always streams): at about 5,000 rows a second, the request stays near a second.
EXPORT_INLINE_ROWS = env.int("EXPORT_INLINE_ROWS", default=5000)
# How often a worker says it is alive, and how long /healthz waits before it
# says the workers are gone while work is waiting.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
WORKER_SILENT_SECONDS = env.int("WORKER_SILENT_SECONDS", default=120)

# The phone's outbox (static/js/outbox.js) resends a visit that got no answer, or a
# 5xx, after these many seconds, the last again and again until the server answers.
OUTBOX_RETRY_SECONDS = [5, 15, 60, 300]
# How long the phone waits for a page it keeps before it shows the kept copy instead (a
# weak signal); the network's page, when it comes, is kept for the next time.
PHONE_PAGE_WAIT_SECONDS = env.int("PHONE_PAGE_WAIT_SECONDS", default=5)
# The phone's service worker (offline pages); off only for browser tests that do not
# test it: its background fetches would share the in-memory SQLite test database's one
# connection with the test's own requests.
SERVICE_WORKER = env.bool("SERVICE_WORKER", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"
# A login ends after SESSION_IDLE_MINUTES without a request, and in any case
# SESSION_MAX_HOURS after it began (cadres/session_timeout.py); the cookie and
# the stored session expire with it.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=240) * 60
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_MAX_HOURS", default=16) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# HTTPS only outside DEBUG: redirect plain HTTP and tell browsers (HSTS) to never
# try it again. Turn SECURE_SSL_REDIRECT off only where TLS is not available yet.
SECURE_SSL_REDIRECT = not DEBUG and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Only a request to hstspreload.org puts a domain on the browsers' list; the
# directive alone changes nothing, so it is on for `check --deploy`.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# The load balancer's probe (/healthz, config/health.py) may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: our own scripts, styles, images and fonts only; inline
# code only with the per-request nonce (the admin uses it); no framing; forms
# post only to us. Templates carry no inline <script>, <style> or style="…".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Logs on stderr for systemd's journal: one JSON object a line with time, level,
# logger, message, request id and user id (config/logs.py); LOG_FORMAT=text for
# plain lines on a developer's terminal.
LOGGING_CONFIG = "config.logs.configure"
LOGGING = logs.logging_setting(
    form=env.str("LOG_FORMAT", default="json"), level=env.str("LOG_LEVEL", default="INFO")
)

# Error reporting to Sentry, a self-hosted Sentry or GlitchTip: off unless a DSN
# is set; events carry no personal data (config/errors.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config import errors  # sentry-sdk takes a second to import: only when used

    errors.init(dsn=SENTRY_DSN, environment=env.str("SENTRY_ENVIRONMENT", default="production"))

# What /healthz checks: functions of no arguments returning (ok, detail).
HEALTH_CHECKS = ["config.health.database", "config.health.storage"]
# Reported by /healthz beside the checks, never failing it (see config/health.py).
HEALTH_REPORTS = ["villages.jobs.health.workers", "config.connections.budget"]

# Product settings: every quota from the practice is a setting, never a constant.
PAIRED_CONTACTS_PER_YEAR = env.int("PAIRED_CONTACTS_PER_YEAR", default=3)
# A cadre may correct their own visit log for this long; read-only after.
VISIT_EDIT_HOURS = env.int("VISIT_EDIT_HOURS", default=72)
# How far back a visit may be dated when it is logged late.
VISIT_BACKDATE_DAYS = env.int("VISIT_BACKDATE_DAYS", default=60)
# Photos: at most this many per visit, each upload at most this many bytes;
# the server re-encodes them as JPEG no larger than VISIT_PHOTO_MAX_SIDE pixels.
VISIT_PHOTO_MAX_COUNT = env.int("VISIT_PHOTO_MAX_COUNT", default=6)
VISIT_PHOTO_MAX_BYTES = env.int("VISIT_PHOTO_MAX_BYTES", default=10 * 1024 * 1024)
VISIT_PHOTO_MAX_SIDE = env.int("VISIT_PHOTO_MAX_SIDE", default=1600)
# Decoding takes memory by pixels, not bytes. A photo may make the decoder hold at
# most VISIT_PHOTO_MAX_PIXELS pixels: a screenshot of any phone or tablet (the
# largest, 2064×2752, is 5.7 million); a camera's JPEG is decoded at 1/2, 1/4 or 1/8
# scale to fit, so a photo of any size passes. The photos of one form together: at
# most VISIT_PHOTO_MAX_REQUEST_PIXELS, six at the cap; they are decoded one at a
# time. Memory measured by bench/photo_memory.py (README); see visits/photos.py.
VISIT_PHOTO_MAX_PIXELS = env.int("VISIT_PHOTO_MAX_PIXELS", default=6_000_000)
VISIT_PHOTO_MAX_REQUEST_PIXELS = env.int("VISIT_PHOTO_MAX_REQUEST_PIXELS", default=36_000_000)
# Excel imports: the largest file and the most rows a township may upload at once.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
# An .xlsx is a zip: refuse one whose parts would unpack to more than this (zip bombs).
IMPORT_MAX_UNZIPPED_BYTES = env.int("IMPORT_MAX_UNZIPPED_BYTES", default=100 * 1024 * 1024)
# The address printed in the contact cards' QR codes (e.g. https://gzz.example.gov.cn);
# empty: the address the clerk prints from, which households may not reach.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="")
# Request caps. The form fields of a request (files excluded) may take this much;
# an uploaded file larger than FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a temporary
# file instead of memory. Each upload field then checks its own cap (photos,
# imports, above); the web server in front caps the whole body (client_max_body_size).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2621440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
# A visit takes at most VISIT_PHOTO_MAX_COUNT photos; no form takes more files than this.
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=20)
