"""Django settings, read from the environment.

PORTAL_SECRET_KEY is required unless PORTAL_DEMO=1, which the demo and the
test suite set; there is no fallback secret key for a real deployment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", PROJECT_DIR / "var"))
# The default SQLite database, kept files and match index live here.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEMO = os.environ.get("PORTAL_DEMO") == "1"
DEBUG = os.environ.get("PORTAL_DEBUG") == "1"

SECRET_KEY = os.environ.get("PORTAL_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO:
        raise ImproperlyConfigured(
            "PORTAL_SECRET_KEY is not set. Set it to a long random string, "
            "or set PORTAL_DEMO=1 to run the demo with a throwaway key."
        )
    SECRET_KEY = "demo-only-" + "x" * 40

ALLOWED_HOSTS = os.environ.get("PORTAL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "portal_backoffice.accounts",
    "portal_backoffice.register",
    "portal_backoffice.intake",
    "portal_backoffice.review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "portal_backoffice.urls"
WSGI_APPLICATION = "portal_backoffice.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets officers read while an import writes; the timeout waits out
    # short write locks instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "review:search"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not (DEMO or DEBUG)
CSRF_COOKIE_SECURE = not (DEMO or DEBUG)
# Behind TLS in production: HSTS and the HTTPS redirect come from the
# environment, because the demo is served over plain HTTP on 127.0.0.1.
SECURE_HSTS_SECONDS = int(os.environ.get("PORTAL_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("PORTAL_HSTS_INCLUDE_SUBDOMAINS") == "1"
SECURE_SSL_REDIRECT = os.environ.get("PORTAL_SSL_REDIRECT") == "1"
if os.environ.get("PORTAL_BEHIND_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything is served from this site; the one inline script (GOV.UK Frontend's
# js-enabled class) carries the request's nonce as {{ csp_nonce }}.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Files kept verbatim as received; the database also keeps a copy of each.
PORTAL_RAW_FILE_DIR = VAR_DIR / "incoming"
# The DuckDB copy of the register's match keys that the matcher reads.
PORTAL_MATCH_INDEX_PATH = Path(
    os.environ.get("PORTAL_MATCH_INDEX_PATH", VAR_DIR / "match-index.duckdb")
)
# Models that manage.py train_model writes, and active.txt naming the one in
# use. With no active.txt the matcher uses the model this release ships.
PORTAL_MODEL_DIR = Path(os.environ.get("PORTAL_MODEL_DIR", VAR_DIR / "models"))

# Uploads run as background jobs; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Limits on one portal file, checked on upload and again by the import.
PORTAL_MAX_UPLOAD_BYTES = int(os.environ.get("PORTAL_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
PORTAL_MAX_RECORDS_PER_FILE = int(os.environ.get("PORTAL_MAX_RECORDS_PER_FILE", "50000"))
# Failed sign-ins allowed per user name, and per client address, within the
# window before sign-in is refused for the lockout period.
PORTAL_SIGN_IN_MAX_FAILURES = 5
PORTAL_SIGN_IN_IP_MAX_FAILURES = int(os.environ.get("PORTAL_SIGN_IN_IP_MAX_FAILURES", "20"))
PORTAL_SIGN_IN_WINDOW_SECONDS = 15 * 60
PORTAL_SIGN_IN_LOCKOUT_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PORTAL_LOG_LEVEL", "INFO")},
    "loggers": {
        # These log personal data at DEBUG, so they stop at a higher level even
        # when PORTAL_LOG_LEVEL is DEBUG. Splink prints record tables. Django's
        # template engine prints a page's whole context when a variable is
        # missing. The database backend prints each query's parameters.
        "splink": {"level": "WARNING"},
        "django.template": {"level": "INFO"},
        "django.db.backends": {"level": "INFO"},
    },
}
