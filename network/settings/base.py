"""Settings shared by every environment: secure by default, everything else from the environment.

dev.py, test.py and production.py change only what differs.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is read if present (see .env.example); real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# seed_demo makes accounts with published passwords: only where this is on (the dev settings).
DEMO_DATA_ALLOWED = False
# Uploaded files served by Django itself: for `make run` only; production serves them otherwise.
SERVE_MEDIA = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Wagtail
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
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Other libraries
    "corsheaders",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    # Our apps come after Wagtail's so that core's ready() can replace Wagtail's moderation
    # emails (registered in wagtail.admin's ready()). Our templates live in templates/ (DIRS),
    # which is searched before every app.
    "csp",
    "core",
    "home",
    "members",
    "groups",
    "opportunities",
    "involvement",
    "monitoring",
    "search",
]

MIDDLEWARE = [
    # First, so load balancers get an answer whatever the Host header and scheme (core.health).
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so that preflights and redirects carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "core.caching.ContentVersionMiddleware",
    # Before sessions: a visitor with a session cookie is never looked up (core/caching.py).
    "core.caching.PageResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.caching.SiteFromMemoryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.StaffMfaMiddleware",
    "core.middleware.SiteNotSetUpMiddleware",
    "core.middleware.RateLimitStatusMiddleware",
    "core.middleware.MethodNotAllowedPageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# The Open Referral UK API is open data: any origin may read it, preflights included, without
# credentials. Nothing else on the site sends cross-origin headers.
CORS_URLS_REGEX = r"^/api/openreferral/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.navigation",
                "core.context_processors.account_menu",
            ],
        },
    },
]
# One form and form-field template for every form on the site, allauth's included.
FORM_RENDERER = "core.forms.NetworkFormRenderer"

# `default` is shared by every process in production (network/settings/production.py); `pages`
# and `responses` are each process's own memory for public values and whole public answers,
# thrown away on publish (core/caching.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "network-pages",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},  # result cards too (about 1 KB each)
    },
    # Whole public answers for visitors without a session, a minute at most (decision 0013).
    "responses": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "network-responses",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    # Each member's own answers (their matches), a minute at most and never shared between
    # processes or written to the database: they reveal what the member told us (decision 0013).
    "member_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "network-member-pages",
        "TIMEOUT": 60,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` on SQLite: readers never wait for writers (WAL), writers take the lock when
    # their transaction starts (IMMEDIATE) and wait up to 20 s for it instead of failing with
    # "database is locked". Options from Django 5.1's SQLite backend.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# allauth: email only, verified before first login, no hint whether an address is registered.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[NSUN 4Pi Network] "
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account in five minutes, then it waits.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
# allauth's forms with the site's plain-words error messages (members/account_forms.py).
ACCOUNT_FORMS = {
    key: f"members.account_forms.{name}"
    for key, name in [
        ("login", "LoginForm"),
        ("signup", "SignupForm"),
        ("add_email", "AddEmailForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("reauthenticate", "ReauthenticateForm"),
    ]
}
MFA_FORMS = {
    key: f"members.account_forms.{name}"
    for key, name in [
        ("authenticate", "MfaAuthenticateForm"),
        ("reauthenticate", "MfaReauthenticateForm"),
        ("activate_totp", "ActivateTOTPForm"),
        ("deactivate_totp", "DeactivateTOTPForm"),
        ("generate_recovery_codes", "GenerateRecoveryCodesForm"),
    ]
}
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "NSUN 4Pi Network"
# When true, staff must set up two-factor authentication before using the CMS.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Receipts: never under MEDIA_ROOT, never served by URL (involvement/storage.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# The largest receipt accepted, in bytes.
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000

# Email: EMAIL_URL such as smtp+tls://user:password@host:587, consolemail://, or memorymail://
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NSUN 4Pi Network <network@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (index sync, alerts, reminders) runs through django-tasks (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "NSUN 4Pi Network"
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Map tiles for the directory map (an enhancement: the list works without it).
# Presence monitoring records are deleted this many days after the month they were given in.
MONITORING_RETENTION_DAYS = env.int("MONITORING_RETENTION_DAYS", default=3 * 365)

MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.str(
    "MAP_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Content Security Policy for the public site: scripts, styles and fonts from this site only, no
# inline script, images also from the map tile server. The CMS (Wagtail's own pages and
# previews) is left to Wagtail, which needs inline scripts.
_tiles = urlsplit(MAP_TILE_URL.replace("{s}.", "*."))
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Our Elasticsearch index (matching, faceted search, alerts). Empty means the embedded engine.
# Several nodes of one cluster are separated by commas; a request a node cannot answer goes to another.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# Copies of each shard besides the primary, for new indexes: 0 on one node (a replica there could
# never be placed and health would stay yellow), 1 on a cluster, so losing a node loses nothing.
ELASTICSEARCH_REPLICAS = env.int("ELASTICSEARCH_REPLICAS", default=0)
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="network")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# Postcode lookups: postcodes.io (cached in the database), or the bundled demo table.
POSTCODE_LOOKUP = env.str("POSTCODE_LOOKUP", default="core.geography.PostcodesIoLookup")
