"""Health endpoints for load balancers and container healthchecks.

/healthz: liveness, the process answers (no database). /readyz: readiness, the database answers;
Elasticsearch is reported too, but the site still serves without it (the embedded engine takes
over), so it does not make the instance unready.

They are answered by the first middleware, before host checks (ALLOWED_HOSTS) and the HTTPS
redirect, because a load balancer asks by IP address over plain HTTP. They reveal nothing but
"ok" or which service is down.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def database_status():
    """ "ok" when the default database runs a query, else "unavailable"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means not ready
        logger.exception("Readiness: the database is unavailable")
        return "unavailable"
    return "ok"


def elasticsearch_status():
    """ "ok", "unavailable", or "not used" when ELASTICSEARCH_URL is empty."""
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return "not used"
    from search.client import get_client

    try:
        available = get_client().options(request_timeout=2).ping()
    except Exception:  # a missing node shows as unavailable, never as a 500
        available = False
    return "ok" if available else "unavailable"


def readiness():
    """(status code, body): 200 when the database answers, 503 when it does not."""
    checks = {"database": database_status(), "elasticsearch": elasticsearch_status()}
    ready = checks["database"] == "ok"
    return (200 if ready else 503), {"status": "ok" if ready else "unavailable", **checks}


class HealthCheckMiddleware:
    """Answers GET or HEAD /healthz and /readyz (with or without a trailing slash)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if request.method not in ("GET", "HEAD") or path not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if path == LIVENESS_PATH:
            status, body = 200, {"status": "ok"}
        else:
            status, body = readiness()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
