"""Rampart settings: one file, read only from the environment.

Every value comes from an environment variable (see README "Configuration"). For local use, `make demo`
writes development keys under var/, which are read only when the variables are absent.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from pathlib import Path

import environ
import nhsuk_frontend_jinja
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent
env = environ.Env()
VAR_DIR = Path(env.str("RAMPART_VAR_DIR", default="var")).resolve()


def _read_var_file(name: str) -> str | None:
    path = VAR_DIR / name
    return path.read_text().strip() if path.is_file() else None


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _key(name: str, file_name: str) -> str:
    """A key from the environment. Only a demo or a developer's machine (RAMPART_DEMO or
    RAMPART_DEBUG) falls back to the development keys `rampart init-local` writes under var/:
    a production server never runs on keys that sit beside its data."""
    value = env.str(name, default="")
    if not value and (DEMO or DEBUG):
        value = _read_var_file(file_name) or ""
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it in the environment (see README, Configuration). The "
            f"development keys under var/ are read only with RAMPART_DEMO=true (`make demo`)."
        )
    return value


def _data_keys(raw: str, name: str) -> list[tuple[str, bytes]]:
    """Parse `id:base64key[,id:base64key...]`; the first key encrypts, all keys decrypt."""
    keys: list[tuple[str, bytes]] = []
    for part in raw.split(","):
        key_id, sep, encoded = part.strip().partition(":")
        if not sep or not key_id.isalnum():
            raise ImproperlyConfigured(
                f"{name} must be 'keyid:base64key' entries separated by commas (key id letters and "
                f"digits only); see README, Configuration."
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"{name}: key {key_id!r} is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"{name}: key {key_id!r} must be 32 bytes (256 bits).")
        keys.append((key_id, key))
    return keys


DEBUG = _bool("RAMPART_DEBUG", False)
DEMO = _bool("RAMPART_DEMO", False)
SECRET_KEY = _key("RAMPART_SECRET_KEY", "secret_key")
RAMPART_DATA_KEYS = _data_keys(_key("RAMPART_DATA_KEY", "data_key"), "RAMPART_DATA_KEY")
RAMPART_INDEX_KEY = _data_keys(_key("RAMPART_INDEX_KEY", "index_key"), "RAMPART_INDEX_KEY")[0][1]
# The audit chain's HMAC key and the checkpoints' signing key: never in the database
# (docs/operations-audit.md).
RAMPART_AUDIT_KEY = _data_keys(_key("RAMPART_AUDIT_KEY", "audit_key"), "RAMPART_AUDIT_KEY")[0][1]
ALLOWED_HOSTS = env.list("RAMPART_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Plain HTTP is only for a developer's own machine (debug or demo); everywhere else HTTPS is enforced.
LOCAL_HTTP = DEBUG or DEMO
# Signed audit checkpoints go outside the database: an append-only file and/or syslog (/dev/log or host:port).
RAMPART_AUDIT_CHECKPOINT_FILE = env.str("RAMPART_AUDIT_CHECKPOINT_FILE", default="") or (
    str(VAR_DIR / "audit-checkpoints.jsonl") if LOCAL_HTTP else ""
)
RAMPART_AUDIT_SYSLOG = env.str("RAMPART_AUDIT_SYSLOG", default="")

try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default="sqlite:///var/rampart.sqlite3")}
except (ImproperlyConfigured, ValueError, KeyError) as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Rampart understands ({exc}). Use "
        "postgres://USER@HOST:PORT/NAME or sqlite:///var/rampart.sqlite3."
    ) from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An acknowledged report must survive a crash: WAL with synchronous=FULL.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # How long to wait for a connection (libpq's connect and the pool's checkout) before failing.
    wait = env.int("RAMPART_DATABASE_WAIT_SECONDS", default=30)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["pool"] = {"min_size": 1, "max_size": 8, "timeout": wait}
    options.setdefault("connect_timeout", wait)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "rampart.core",
    "rampart.organisations",
    "rampart.accounts",
    "rampart.reporting",
    "rampart.learning",
    "rampart.cases",
    "rampart.patterns",
    "rampart.sharing",
    "rampart.referrals",
    "rampart.access_alerts",
    "rampart.chaperoning",
    "rampart.assurance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rampart.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the request into a query (the session cookie, first of all).
    "rampart.core.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rampart.accounts.middleware.SessionGuardMiddleware",
    "rampart.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rampart.urls"
WSGI_APPLICATION = "rampart.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [Path(nhsuk_frontend_jinja.__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "rampart.core.jinja.environment",
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "rampart.core.context.layout",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # No composition rules (ASVS 6.2.5, NIST SP 800-63B): length and the common-passwords list only.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sessions end after 30 minutes of inactivity, and when the browser closes.
SESSION_COOKIE_AGE = env.int("RAMPART_SESSION_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
# However busy, a session ends this many hours after sign-in (accounts.middleware.SessionGuardMiddleware).
RAMPART_SESSION_MAX_HOURS = env.int("RAMPART_SESSION_MAX_HOURS", default=12)

# Cumulative patterns (docs/patterns.md): how many concerns or weak signals, within how many months.
RAMPART_PATTERN_WINDOW_MONTHS = env.int("RAMPART_PATTERN_WINDOW_MONTHS", default=24)
RAMPART_PATTERN_MIN_ITEMS = env.int("RAMPART_PATTERN_MIN_ITEMS", default=2)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not LOCAL_HTTP
CSRF_COOKIE_SECURE = not LOCAL_HTTP
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "rampart.core.views.csrf_failure"
SECURE_SSL_REDIRECT = not LOCAL_HTTP
SECURE_HSTS_SECONDS = 0 if LOCAL_HTTP else 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_HTTP
SECURE_HSTS_PRELOAD = not LOCAL_HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The API is never redirected to HTTPS: plain HTTP is refused (core.middleware.SecurityHeadersMiddleware).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^api/"]
X_FRAME_OPTIONS = "DENY"
# Browser features no Rampart page uses, refused for every page and anything embedded in it.
RAMPART_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "fullscreen", "geolocation", "gyroscope", "hid", "idle-detection",
        "local-fonts", "magnetometer", "microphone", "midi", "payment", "picture-in-picture",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # No third-party origin at all: a font host would see every reporter's address and time. The
    # NHS.UK Frutiger fonts are not in the npm package (licensed, served only from assets.nhs.uk), so
    # `make assets` drops their @font-face rules and pages use the NHS.UK fallback, Arial.
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Lock a staff account for 15 minutes after 5 failed sign-ins (never used on public reporting pages).
AXES_FAILURE_LIMIT = env.int("RAMPART_SIGN_IN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
# Lock an account from one address (the pair), so nobody can lock out a colleague behind the same proxy
# or a named handler elsewhere; one address on its own only after far more failures (accounts.lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "rampart.accounts.lockout.PairAndAddressLockout"
RAMPART_SIGN_IN_ADDRESS_ATTEMPTS = env.int("RAMPART_SIGN_IN_ADDRESS_ATTEMPTS", default=100)
# Proxies (IP addresses or CIDR ranges) whose X-Forwarded-For is believed; empty: the peer address only.
RAMPART_TRUSTED_PROXIES = env.list("RAMPART_TRUSTED_PROXIES", default=[])
try:
    _trusted_proxies = [ipaddress.ip_network(p.strip(), strict=False) for p in RAMPART_TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(f"RAMPART_TRUSTED_PROXIES: {exc} (list IP addresses or CIDR ranges).") from exc
AXES_CLIENT_IP_CALLABLE = "rampart.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "rampart.accounts.lockout.username_for_lockout"
AXES_LOCKOUT_CALLABLE = "rampart.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Rampart"
OTP_TOTP_THROTTLE_FACTOR = 1

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
_MAIL_BACKEND = env.str(
    "RAMPART_EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend"
    if LOCAL_HTTP
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")}
        if _MAIL_BACKEND.endswith("filebased.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("RAMPART_FROM_EMAIL", default="rampart@localhost")
# Where staff reach Rampart: e-mails link to pages under it (no trailing slash).
RAMPART_SITE_URL = env.str("RAMPART_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("RAMPART_LOG_LEVEL", default="WARNING")},
}

SILENCED_SYSTEM_CHECKS: list[str] = []
