"""Settings for Infointerview, read from the environment (and an optional .env).

Every value the environment can set is listed in the README's settings table.
A value that cannot be read is an error at start-up, never a silent default:
a typo in production must not quietly turn DEBUG on or HTTPS off.
"""

import datetime
import ipaddress
import urllib.parse
import zoneinfo
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n", ""}


def env_bool(name, default):
    """A boolean from the environment; anything but a clear yes or no is an error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use on or off).")


def env_int(name, default, *, minimum=0):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


DEBUG = env_bool("DEBUG", False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-only-for-debug-mode"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see the README's settings)."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif SECRET_KEY == _DEVELOPMENT_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "The development SECRET_KEY cannot be used in production."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, on a site whose autocomplete answers only the choosers
    # it offers (accounts/admin_privacy.py).
    "accounts.apps.PrivateAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    # Throttled sign-in, and the second factor staff sign in with, named for
    # the admin in accounts/sign_in_apps.py.
    "accounts.sign_in_apps.SignInLockoutsConfig",
    "django_otp",
    "accounts.sign_in_apps.AuthenticatorAppsConfig",
    # Our apps, lowest layer first: each may import only those above it here.
    "accounts",
    "contacts",
    "interviews",
    "followups",
    "infointerview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor as well.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "infointerview.urls"
WSGI_APPLICATION = "infointerview.wsgi.application"

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

# Database: SQLite under var/ by default, anything else by DATABASE_URL.
DATA_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'infointerview.sqlite3'}"
    )
}
_ENGINE = DATABASES["default"].get("ENGINE", "")
if _ENGINE == "django.db.backends.sqlite3":
    # Tuned for a web server: readers do not block the writer (WAL), a busy
    # writer is waited for instead of failing at once, and a transaction that
    # will write takes the write lock at its start, so it cannot deadlock
    # half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif _ENGINE == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("CONN_MAX_AGE", 60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
else:
    # The ownership triggers (accounts/ownership.py) exist for these two only.
    raise ImproperlyConfigured(
        f"DATABASE_URL must point to SQLite or PostgreSQL, not {_ENGINE or 'nothing'}."
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: a locked-out sign-in is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Internationalisation: English first, Canadian French later.
LANGUAGE_CODE = "en-ca"
LANGUAGES = [("en-ca", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="America/Toronto")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE={TIME_ZONE!r} is not a time zone.") from None

# Static files: our own copies (Bootstrap included), served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (resumes) are private: nothing routes MEDIA_ROOT to a URL;
# each file is handed out only by a view that checks its owner.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# The largest upload (a 5 MB resume or import file) and the form around it. A
# larger body is answered 413 before anything reads it (RequestSizeLimitMiddleware);
# set the same limit at the proxy.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 6 * 1024 * 1024, minimum=1)
# The form fields other than files: no form of ours takes megabytes of text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Email: the console in development, any SMTP server by EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.com:587 (Django 6.1's MAILERS).
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
EMAIL_TIMEOUT_SECONDS = env_int("EMAIL_TIMEOUT", 10, minimum=1)


def mailer_from_url(url, timeout):
    """One MAILERS entry from an EMAIL_URL in django-environ's notation."""
    try:
        parsed = environ.Env.email_url_config(url)
    except (ImproperlyConfigured, ValueError) as error:
        raise ImproperlyConfigured(f"EMAIL_URL cannot be read: {error}") from None
    if parsed.get("OPTIONS"):
        raise ImproperlyConfigured(
            f"EMAIL_URL has options Infointerview does not use: {parsed['OPTIONS']}."
        )
    backend = parsed["EMAIL_BACKEND"]
    if backend.endswith("smtp.EmailBackend"):
        backend = "infointerview.smtp.StrictEmailBackend"
        options = {
            "host": parsed["EMAIL_HOST"] or "localhost",
            "port": parsed["EMAIL_PORT"] or 25,
            "username": parsed["EMAIL_HOST_USER"] or "",
            "password": parsed["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": parsed.get("EMAIL_USE_TLS", False),
            "use_ssl": parsed.get("EMAIL_USE_SSL", False),
            "timeout": timeout,
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": urllib.parse.urlsplit(url).path}
    else:
        options = {}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_url(EMAIL_URL, EMAIL_TIMEOUT_SECONDS)}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Infointerview <noreply@infointerview.localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Sending limits on the email Infointerview sends for students, counted in the
# database so that they hold across app servers (interviews.models.SentEmail):
# per student per calendar day in the student's zone, per student and address
# in any 7 days, and for everyone together in any hour.
EMAILS_PER_STUDENT_PER_DAY = env_int("EMAILS_PER_STUDENT_PER_DAY", 10, minimum=1)
EMAILS_PER_RECIPIENT_PER_WEEK = env_int("EMAILS_PER_RECIPIENT_PER_WEEK", 3, minimum=1)
EMAILS_PER_SITE_PER_HOUR = env_int("EMAILS_PER_SITE_PER_HOUR", 300, minimum=1)

# The site's public address: the links in emails start with it (the
# reminders read it too; see send_reminders). Empty: the request's own host.
SITE_URL = env.str("SITE_URL", default="")

# The career centre's reports show a count of fewer students than this as
# "fewer than N", so that a narrow filter cannot single out one student.
REPORTS_MIN_STUDENTS = env_int("REPORTS_MIN_STUDENTS", 5, minimum=1)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. HTTPS turns on every HTTPS-only protection at once; the finer
# settings below it can still be set one by one. On whenever DEBUG is off, so
# that forgetting it cannot ship a site with cookies over plain HTTP; HTTPS=off
# is for a deliberate plain-HTTP setup, such as a dev proxy without TLS.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers ask for /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours stand in front of the app, each adding the address
# it was reached from to X-Forwarded-For: the client's address is the Nth from
# the right (accounts.security.client_ip). 0: REMOTE_ADDR, the header ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
SESSION_COOKIE_HTTPONLY = True

# Session idle timeout: a session unused for SESSION_IDLE_MINUTES ends, so a
# shared computer left signed in does not stay open to the next person. Saving
# on every request moves the expiry forward while the student is active.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# Sign-up. With domains listed, only addresses at one of them (or at a
# subdomain) may sign up, e.g. "utoronto.ca,mail.utoronto.ca"; empty allows any.
SIGNUP_EMAIL_DOMAINS = [
    domain.strip().lower().lstrip("@")
    for domain in env.list("SIGNUP_EMAIL_DOMAINS", default=[])
    if domain.strip()
]
# Account emails (sign-up confirmation, "you already have an account",
# password reset) one mailbox receives, and one client may ask for, an hour.
ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = env_int(
    "ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR", 3, minimum=1
)
ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR = env_int(
    "ACCOUNT_EMAILS_PER_CLIENT_PER_HOUR", 20, minimum=1
)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only our own files, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # Bootstrap draws a few icons (the menu button, select arrows) as data: SVGs.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


def env_networks(name):
    """IP networks from a comma-separated list of CIDRs, e.g. 10.20.0.0/16."""
    networks = []
    for value in env.list(name, default=[]):
        try:
            networks.append(ipaddress.ip_network(value.strip()))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} holds {value!r}, which is not a network: {error}."
            ) from None
    return tuple(networks)


# Throttled sign-in (django-axes), counted in the database so that every app
# server sees the same count. After LOGIN_FAILURE_LIMIT wrong passwords for
# one account, or from one address, signing in is refused for
# LOGIN_LOCKOUT_MINUTES, the right password included. In the networks of
# LOGIN_SHARED_NETWORKS (a campus lab, a NAT: hundreds of students behind one
# address) only the account is counted. Rules in accounts/security.py.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
LOGIN_SHARED_NETWORKS = env_networks("LOGIN_SHARED_NETWORKS")
AXES_HANDLER = "accounts.security.SignInAttempts"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = "accounts.security.lockout_parameters"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.security.typed_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout are not counted: the lockout ends
# LOGIN_LOCKOUT_MINUTES after it began, as the page says, however often
# someone keeps trying in the meantime, and a flood writes nothing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins go to the security log, not to a table of their own.
AXES_DISABLE_ACCESS_LOG = True
# Our own admin for the attempts (accounts/sign_in_admin.py): without the
# request data django-axes keeps, and with a logged "Unlock".
AXES_ENABLE_ADMIN = False

# Staff sign in to the admin with a code from an authenticator app too.
OTP_TOTP_ISSUER = "Infointerview"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes reports each step at INFO; infointerview.security has the
    # events that matter, with the account's id and the client's address.
    "loggers": {"axes": {"level": "WARNING"}},
}
