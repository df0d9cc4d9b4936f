"""Settings for メール設定ナビ: one file, configured by environment variables.

DJANGO_DEBUG=1          development mode (``make run`` sets it); never in production
DJANGO_SECRET_KEY       required unless DEBUG
DJANGO_ALLOWED_HOSTS    comma-separated host names; required unless DEBUG
DJANGO_SITE_URL         the public address (https://mail-navi.example.jp); required unless DEBUG
DATABASE_URL            e.g. postgres://user:pass@host:5432/name; SQLite file otherwise
DJANGO_SQLITE_PATH      where the SQLite file lives (default: var/db.sqlite3)
DJANGO_CACHE_URL        unset: local memory; ``redis://...`` (``rediss://...`` with TLS)
                        to share the cache between several app servers
DJANGO_EMAIL_HOST       the SMTP server that sends staff notices (wizard/notices.py); with
                        DJANGO_EMAIL_PORT (587), DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD,
                        DJANGO_EMAIL_SECURITY (starttls, ssl or none) and DJANGO_DEFAULT_FROM_EMAIL.
                        Unset in development: mails are printed to the console.
"""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
TESTING = env_bool("DJANGO_TESTING")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG or TESTING:
    # Development and tests only: a per-process key is fine there, because
    # nothing signed with it has to survive a restart.
    if not SECRET_KEY:
        SECRET_KEY = os.urandom(32).hex()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address of the site (scheme and host, no path): canonical and
# OpenGraph URLs, the sitemap, robots.txt, customer links and the links on a
# printed sheet. Never taken from the request: its Host header, port and
# X-Forwarded-Proto are the visitor's to choose, and pages are cached.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("DJANGO_SITE_URL must be set when DJANGO_DEBUG is off.")
    SITE_URL = "http://testserver" if TESTING else "http://127.0.0.1:8000"
if not re.fullmatch(r"https?://[^/\s?#@]+", SITE_URL):
    raise ImproperlyConfigured(
        "DJANGO_SITE_URL must be a scheme and a host, e.g. https://mail-navi.example.jp"
    )

INSTALLED_APPS = [
    "core.admin_config.AdminConfig",  # the admin site in the site's Japanese
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "simple_history",
    "core.axes_config.AxesConfig",  # django-axes, named in Japanese
    "core",
    "kb",
    "wizard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.security.RequestSanityMiddleware",
    "core.security.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.security.StaffSessionLimitMiddleware",
    # After CSRF and authentication: a POST from an ended staff session keeps its input.
    "core.sessions.ExpiredSessionMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: django-axes turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, with each user's permissions kept until they change (core/permissions.py).
    "core.permissions.CachedModelBackend",
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
                "core.context_processors.site",
                "core.context_processors.agency_contact",
                "core.cache_pages.page_cache_csrf",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: SQLite file by default, PostgreSQL when DATABASE_URL is set.
SQLITE_PATH = Path(os.environ.get("DJANGO_SQLITE_PATH", BASE_DIR / "var" / "db.sqlite3"))
SQLITE_OPTIONS = {
    # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at
    # BEGIN so concurrent saves queue instead of failing with "database is
    # locked"; the timeout is how long they may queue.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    # mmap makes full-text scans (article search) read pages without copying
    # them through SQLite's own page cache. secure_delete overwrites deleted
    # rows (an erased hearing) with zeros, whatever the SQLite build's default.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA mmap_size=268435456; PRAGMA secure_delete=ON;"
    ),
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    else:
        # Fail fast when the server is unreachable, so visitors get the 503 page
        # within seconds instead of hanging.
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 2
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
            # Keep each gunicorn thread's connection: opening one (WAL, pragmas,
            # functions) costs more than a staff page's queries. Not with the
            # development server or the live test server, which start a thread
            # per request and would leave its connection open behind it.
            "CONN_MAX_AGE": 0 if DEBUG or TESTING else 60,
            "CONN_HEALTH_CHECKS": True,
            # Tests use a file too: concurrent-save tests need real SQLite locking,
            # which the shared in-memory database does not have.
            "TEST": {"NAME": SQLITE_PATH.parent / "test.sqlite3"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "core.passwords.CommonPasswordValidator"},
    {"NAME": "core.passwords.NumericPasswordValidator"},
]

if TESTING:
    # Tests create many users; the default PBKDF2 hasher would spend most of
    # the suite's time hashing. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "wizard:hearing_list"
LOGOUT_REDIRECT_URL = "kb:home"

# Internationalisation: Japanese first; every UI string goes through gettext.
LANGUAGE_CODE = "ja"
# Japanese only for now; an English catalogue in locale/ plus LocaleMiddleware
# (or i18n_patterns) is all an English version needs.
LANGUAGES = [("ja", _("日本語"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
FORMAT_MODULE_PATH = ["core.formats"]  # dates and times as the writing guide writes them
USE_I18N = True
USE_TZ = True

# Static files: served by WhiteNoise, compressed and with hashed names.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Pictures in articles (kb/images.py): in the database, or an S3-compatible bucket
# through django-storages when one is named (docs/images.md).
if os.environ.get("MAILNAVI_IMAGES_S3_BUCKET"):
    STORAGES["kb-images"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MAILNAVI_IMAGES_S3_BUCKET"],
            "endpoint_url": os.environ.get("MAILNAVI_IMAGES_S3_ENDPOINT") or None,
            "region_name": os.environ.get("MAILNAVI_IMAGES_S3_REGION") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Cache: local memory, or DJANGO_CACHE_URL=redis://… (rediss:// for TLS) shared by
# several app servers; invalidation is kept in the database (core/cache.py); values
# are JSON signed with the secret key, never pickles (core/cache_backends.py).
_cache_url = os.environ.get("DJANGO_CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    _default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cache_url,
        "OPTIONS": {
            "serializer": "core.cache_backends.SignedJSONSerializer",
            # A cache that stops answering costs a page half a second, not a hang:
            # pages are then rendered without it (core/cache_pages.py).
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
        },
    }
elif _cache_url:
    raise ImproperlyConfigured("DJANGO_CACHE_URL must start with redis:// or rediss:// (or be unset).")
else:
    _default_cache = {"BACKEND": "core.cache_backends.LocMemCache"}
CACHES = {
    "default": _default_cache,
    # Staff pages (personal data) are kept in each process's own memory only,
    # whatever DJANGO_CACHE_URL says (core/cache_pages.py).
    "staff-pages": {"BACKEND": "core.cache_backends.LocMemCache", "LOCATION": "staff-pages"},
}

# Security. Production tightening is driven by DEBUG; `manage.py check --deploy`
# reports no issues with DEBUG off (tested in tests/config/test_security.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions: 30 minutes idle (renewed at most once a minute by
# core.security.StaffSessionLimitMiddleware, not written on every request), 8 hours at most.
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (1 behind nginx).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies: Secure, Path=/, no Domain, so no subdomain can set or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content-Security-Policy (django-csp 4): nothing is allowed unless listed, no
# inline script or style, no eval. htmx runs with allowEval/allowScriptTags off.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}

# Login protection (django-axes): 5 failures for the same username from the
# same address lock that pair for one hour; a success resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # On every handler: no customer-link token, no staff search, no forged
    # line reaches a log, whichever logger wrote it (core/redact.py).
    "filters": {"redact": {"()": "core.redact.LogRedactionFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": "INFO" if not TESTING else "WARNING"},
    "loggers": {
        # Logins, lockouts, 403s: time, user and IP; never passwords or hearing contents.
        "mailnavi.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The public site's own name, used in titles and OpenGraph tags.
SITE_NAME = _("メール設定ナビ")

# Hosting-firm detection (wizard/presets.py): the resolver ("host:port"; empty:
# the system's) and the time all lookups of one domain may take together.
MAILNAVI_DNS_SERVER = os.environ.get("MAILNAVI_DNS_SERVER", "")
MAILNAVI_DNS_TIMEOUT = 3.0

# Live checks of customers' mail servers (wizard/remote/, docs/remote-checks.md)
# connect only to public addresses; an agency whose mail server sits in its own
# network names those ranges here ("10.1.0.0/16,fd00:1::/32"). Empty: none.
MAILNAVI_OUTBOUND_ALLOW = os.environ.get("MAILNAVI_OUTBOUND_ALLOW", "")

# Apple profiles are signed (CMS) when both PEM files are set: the certificate (its
# chain may follow) and its unencrypted key. Unset: unsigned, and the page says so.
MAILNAVI_PROFILE_SIGNING_CERT = os.environ.get("MAILNAVI_PROFILE_SIGNING_CERT", "")
MAILNAVI_PROFILE_SIGNING_KEY = os.environ.get("MAILNAVI_PROFILE_SIGNING_KEY", "")

# A 30 × 30 customer posts thousands of fields in one step (Django's default: 1,000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail to staff about customers' reports (wizard/notices.py), through Django's
# SMTP backend. The worker (manage.py send_notices --loop) retries what fails.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "") or "localhost"
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
_email_security = os.environ.get("DJANGO_EMAIL_SECURITY", "starttls").strip().lower()
EMAIL_USE_TLS = _email_security == "starttls"
EMAIL_USE_SSL = _email_security == "ssl"
EMAIL_TIMEOUT = 10  # seconds: a report's page waits at most this long for its first attempt
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "mail-navi@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not os.environ.get("DJANGO_EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend"
)
# The first retry of a notice that could not be sent; each later one waits twice as long (≤ 15 min).
MAILNAVI_NOTICE_RETRY_SECONDS = int(os.environ.get("MAILNAVI_NOTICE_RETRY_SECONDS", "15"))

# Where customer links live (``/sheet/<token>/``): config/urls.py mounts
# wizard/customer_urls.py here and core/redact.py hides the token after it.
CUSTOMER_LINK_PREFIX = "sheet/"
# Staff pages (config/urls.py): what staff searched for in their query
# strings (company names, addresses) never reaches a log (core/redact.py).
STAFF_URL_PREFIXES = ("wizard/", "admin/", "accounts/")
# The public search (kb/urls.py): customers type addresses and paste links into
# it, so its query strings never reach a log either (core/redact.py).
PUBLIC_SEARCH_PREFIXES = ("search/",)

if DEBUG or TESTING:
    # Serve files straight from static/ (no collectstatic needed) in development and tests.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
