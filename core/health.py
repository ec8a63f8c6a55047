"""Health endpoints for load balancers and container healthchecks.

/healthz: liveness, the process answers (no database). /readyz: readiness, the database answers;
Elasticsearch is reported too, but the site still serves without it (the embedded engine takes
over), so it does not make the instance unready.

They are answered by the first middleware, before host checks (ALLOWED_HOSTS) and the HTTPS
redirect, because a load balancer asks by IP address over plain HTTP. They reveal nothing but
"ok" or which service is down.
"""

import logging

from django.apps import apps
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string

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


def declared_readiness_reports():
    """{name: status function} of the services apps report on (AppConfig `readiness_reports`,
    name -> dotted path of a function returning "ok", "unavailable" or "not used").

    They are reported on /readyz but never make the instance unready: the site serves without
    them.
    """
    return {
        name: import_string(path)
        for config in apps.get_app_configs()
        for name, path in getattr(config, "readiness_reports", {}).items()
    }


def readiness():
    """(status code, body): 200 when the database answers, 503 when it does not."""
    checks = {"database": database_status()}
    checks.update({name: status() for name, status in declared_readiness_reports().items()})
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
