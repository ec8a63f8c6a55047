"""The test suite: PostgreSQL and Elasticsearch from the environment (`make test` starts both)."""

from .base import *

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="network-test")
MEDIA_ROOT = BASE_DIR / ".services" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".services" / "test-private-media"
STAFF_MFA_REQUIRED = False
# The test client and live_server serve static files from the finders.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Lets two suites share one PostgreSQL server without dropping each other's test database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}
MAP_TILE_URL = ""  # tests make no requests beyond loopback: the map shows markers only
