"""Production: secrets must come from the environment; HTTPS everywhere; state shared by workers."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

# Words that only placeholders and examples contain (see .env.example), compared with "_" as "-".
PLACEHOLDER_WORDS = (
    "change-me", "changeme", "replace", "your-secret", "secret-key", "placeholder", "example",
    "insecure", "not-used",
)  # fmt: skip
_key = SECRET_KEY.lower().replace("_", "-")
# Django's own deploy check (security.W009) also asks for at least 5 different characters.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or any(w in _key for w in PLACEHOLDER_WORDS):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters, for example the output of "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )
if not env.str("SITE_URL", default="").strip():
    raise ImproperlyConfigured(
        "Set SITE_URL to the site's public address, for example https://network.example.org: "
        "links in emails, canonical links and the sitemap use it."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Persistent connections, checked before each request reuses them (Django's database settings).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# One cache for every gunicorn worker and every machine, so rate limits (allauth's login limits,
# the listing limits) count each person once. The database cache needs no other service; its
# table is made by `manage.py createcachetable` (deploy/app/start.sh runs it).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "network_cache",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    # Each process's own copy of menus, settings and section pages, keyed by the content
    # version held in `default` (core/caching.py, decision 0013).
    "pages": CACHES["pages"],
    "responses": CACHES["responses"],
    "member_pages": CACHES["member_pages"],
}
