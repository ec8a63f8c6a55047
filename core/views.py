import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


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
    from core.site_search import site_search

    context, status = site_search(request)
    return render(request, "pages/core/search.html", context, status=status)


def server_error(request):
    """handler500: a database that cannot be reached answers 503 with Retry-After, since the
    person can try again soon; anything else is the plain 500 page. Neither page needs the
    database (both are static templates rendered without context processors)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) and "locked" not in str(error):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
