import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.site_search import site_search

logger = logging.getLogger(__name__)


@require_safe
def help_now(request):
    """Crisis contacts, reachable from every page and working without any content in the CMS."""
    return render(request, "pages/core/help_now.html")


@require_safe
@cache_control(max_age=60 * 60 * 24)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def site_search_view(request):
    context, status = site_search(request)
    return render(request, "pages/core/search.html", context, status=status)


def server_error(request):
    """handler500, for whatever a view or middleware raised (the exception is in sys.exc_info).

    The database locked even after the 20 s wait (SQLite under `make run`): 503, Retry-After 10,
    a page asking the person to go back, where the browser keeps what they typed. The database
    cannot be reached: 503, Retry-After 30, a page that needs nothing from it. Anything else:
    the plain 500 page, which needs nothing from the database either.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return HttpResponseServerError(loader.get_template("500.html").render())
    if "locked" in str(error):
        logger.warning("Database busy while serving %s %s", request.method, request.path)
        response = render(request, "pages/core/busy.html", status=503)
        response["Retry-After"] = "10"
        return response
    logger.error("Database unavailable while serving %s %s", request.method, request.path)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = "30"
    return response
