"""Quick start on a laptop: SQLite, console email, the embedded search engine, no worker needed."""

from .base import *

# The site's own error pages, as people see them; DEBUG=true brings back Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
DEMO_DATA_ALLOWED = True
SERVE_MEDIA = True
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Background work runs in the request, so `make run` needs no worker process.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
# WhiteNoise serves static files straight from the apps' folders, with or without DEBUG.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No network needed: postcodes are placed by their outward code from a bundled table.
POSTCODE_LOOKUP = env.str("POSTCODE_LOOKUP", default="core.geography.BundledLookup")
# No worker here to retry index changes made while Elasticsearch was down: catch up on requests.
MIDDLEWARE = [*MIDDLEWARE, "search.middleware.IndexCatchUpMiddleware"]
