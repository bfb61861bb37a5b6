"""Peerwell settings: one file, every value from the environment.

Production refuses to start without its secrets; demo mode (PEERWELL_DEMO=1, set by
`peerwell demo`) generates them into the data directory so one command runs everything.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envsecret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, "")


DEBUG = envbool("DEBUG")
DEMO = envbool("PEERWELL_DEMO")
DATA_DIR = Path(os.environ.get("PEERWELL_DATA_DIR", "data")).resolve()


def _private_data_dir() -> None:
    """The data directory holds the database and keys: only its owner may open it."""
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _demo_secret(filename: str, make) -> str:
    """Read a generated secret from the data directory, creating it on first use, readable
    by its owner only from the moment it exists."""
    _private_data_dir()
    path = DATA_DIR / filename
    if not path.exists():
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(make())
    return path.read_text().strip()


SECRET_KEY = envsecret("SECRET_KEY")
FIELD_ENCRYPTION_KEYS = [k for k in envsecret("FIELD_ENCRYPTION_KEYS").split(",") if k.strip()]
if DEMO:
    import secrets

    from cryptography.fernet import Fernet

    SECRET_KEY = SECRET_KEY or _demo_secret("secret_key", lambda: secrets.token_urlsafe(50))
    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [
        _demo_secret("field_encryption_key", lambda: Fernet.generate_key().decode())
    ]
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set (or run `peerwell demo`).")
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS must be set: comma-separated Fernet keys, newest first."
    )

# Reverse proxies in front that each append the client's address to X-Forwarded-For
# (core/client_ip.py); 0 means clients connect directly and the header is ignored.
PROXY_COUNT = envint("PROXY_COUNT", 0)

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
if DEMO or DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    # Only for migrations orgs/0003 and 0004, which moved their devices into
    # orgs.Authenticator (secret encrypted) and orgs.RecoveryCodes (codes as digests);
    # no code uses their models.
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "peerwell.core",
    "peerwell.orgs",
    "peerwell.audit",
    "peerwell.participants",
    "peerwell.consents",
    "peerwell.contacts",
    "peerwell.search",
    "peerwell.reports",
    "peerwell.messaging",
    "peerwell.checkins",
    "peerwell.plans",
    "peerwell.assessments",
    "peerwell.navigation",
    "peerwell.community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peerwell.audit.middleware.AuditRequestMiddleware",
    "peerwell.core.middleware.SessionLifetimeMiddleware",
    "peerwell.core.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "peerwell.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerwell.urls"
WSGI_APPLICATION = "peerwell.wsgi.application"

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
                "peerwell.core.context_processors.shell",
            ],
        },
    }
]

# Widgets render through the project's templates, so the design system's markup applies.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database: DATABASE_URL, or an SQLite file in the data directory -------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    _private_data_dir()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "peerwell.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed during a write; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue on busy_timeout instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: the role the web process connects as, which `migrate` (run as the tables'
# owner) grants what it needs. See README, "Production database".
DATABASE_WEB_ROLE = os.environ.get("DATABASE_WEB_ROLE", "")

# --- Auth ----------------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "peerwell.orgs.backends.StaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Our users have a full name, not Django's first and last name fields.
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour

# Throttle on username and IP together, so a stranger elsewhere cannot lock a colleague out.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "peerwell.core.client_ip.client_ip"

OTP_TOTP_ISSUER = "Peerwell"
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions: an absolute lifetime, and inactivity log-off per organization (default 15 min).
SESSION_COOKIE_AGE = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
SESSION_IDLE_DEFAULT_MINUTES = envint("SESSION_IDLE_MINUTES", 15)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers -----------------------------------------------------------------
SECURE_COOKIES = envbool("SECURE_COOKIES", not (DEMO or DEBUG))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_COOKIES)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One visible date format per language (peerwell/formats).
FORMAT_MODULE_PATH = "peerwell.formats"
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_TZ = True
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files (vendored, served by WhiteNoise) --------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site root (favicon.ico), served without a URL pattern.
WHITENOISE_ROOT = BASE_DIR / "core" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------------------
# EMAIL_URL (smtp://user:password@host:587/?tls=1), or the EMAIL_* variables one by one.
# Console email (the default) is refused outside demo mode and DEBUG (core/checks.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
if email_url := envsecret("EMAIL_URL"):
    from peerwell.core.emailurl import email_settings

    # EMAIL_BACKEND, _HOST, _PORT, _HOST_USER, _HOST_PASSWORD, _USE_TLS, _USE_SSL.
    globals().update(email_settings(email_url))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Peerwell <no-reply@localhost>")
INVITATION_DAYS = envint("INVITATION_DAYS", 7)
# Where people reach Peerwell, for links made outside a request (`peerwell add_funder`).
SITE_URL = os.environ.get("SITE_URL", "") or (
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}" if DEMO or DEBUG else ""
)
# The HSDS directory API at /api/hsds/ (public: a directory holds no participant data).
# Off, its every address answers 404.
HSDS_API_PUBLIC = envbool("HSDS_API_PUBLIC", True)

# --- Background work and messages -------------------------------------------------------
# The Tasks API (django-tasks); the database backend needs no other server, and
# `peerwell worker` runs it. Durable work lives in our own tables (the outbox, the call
# queue), so a lost or repeated task changes nothing (DESIGN.md, "Background work").
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Daily jobs the worker's clock enqueues once per local date (each is idempotent).
# SMS: "console" (the default: the log and the outbox table) or "twilio".
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = envsecret("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
# Where the Twilio client sends its requests (Twilio's own API unless told otherwise).
TWILIO_API_URL = os.environ.get("TWILIO_API_URL", "")
# A text left "being sent" this long (the worker died mid-send) is reported failed,
# never sent again.
SMS_STUCK_MINUTES = envint("SMS_STUCK_MINUTES", 10)
# Who reads a text reply that is not STOP/START/HELP (messaging/inbound.py); each is a
# dotted path to `handler(inbound_message) -> reply text or None`.
MESSAGING_REPLY_HANDLERS = ["peerwell.checkins.texts.receive_reply"]
# The worker's clock (core/worker.py): each job once per day at "at" (local time, HH:MM)
# or once every "every_minutes", however many workers run.
PERIODIC_TASKS = [
    {
        "name": "outbox_sweep",
        "task": "peerwell.messaging.tasks.sweep_outbox",
        "every_minutes": 1,
    },
    {
        "name": "return_forgotten_claims",
        "task": "peerwell.checkins.tasks.return_forgotten_claims",
        "every_minutes": 10,
    },
    # The directory's "open now": its open periods rolled on to the next two weeks.
    {
        "name": "directory_hours",
        "task": "peerwell.navigation.tasks.refresh_directory_hours",
        "at": "04:30",
    },
    {
        "name": "generate_calls",
        "task": "peerwell.checkins.tasks.generate_todays_calls",
        "at": "06:00",
    },
    # Text check-ins in the morning; reminders for tomorrow's calls in the early evening.
    {
        "name": "text_checkins",
        "task": "peerwell.checkins.tasks_texts.send_todays_text_checkins",
        "at": "09:00",
    },
    {
        "name": "call_reminders",
        "task": "peerwell.checkins.tasks_texts.send_tomorrows_reminders",
        "at": "17:00",
    },
    # The safety net for "we tried to reach you" texts the call log did not send.
    {
        "name": "missed_call_texts",
        "task": "peerwell.checkins.tasks_texts.text_todays_missed_calls",
        "every_minutes": 30,
    },
    {
        "name": "overdue_escalations",
        "task": "peerwell.checkins.tasks_texts.notify_overdue_escalations",
        "every_minutes": 5,
    },
    # Community: yesterday's calls and sessions as pending volunteer hours; expiry notices.
    {
        "name": "derive_volunteer_hours",
        "task": "peerwell.community.tasks.derive_volunteer_hours",
        "at": "03:30",
    },
    {
        "name": "certification_notices",
        "task": "peerwell.community.tasks.send_certification_notices",
        "at": "08:00",
    },
]

# Counts below this are shown as "fewer than N" in de-identified reports (CMS cell rule).
SMALL_COUNT_THRESHOLD = envint("SMALL_COUNT_THRESHOLD", 11)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "peerwell.core.logfilters.ClientErrorsWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["client_errors_without_traceback"]},
    },
}
CSRF_FAILURE_VIEW = "peerwell.core.views.csrf_failure"
