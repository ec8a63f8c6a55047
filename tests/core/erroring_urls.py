"""The site's URLs plus one view that fails, to see the 500 page people would get."""

from django.urls import path

from network.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


def locked(request):
    from django.db import OperationalError

    raise OperationalError("database is locked")


def unreachable(request):
    from django.db import OperationalError

    raise OperationalError("connection to server at 127.0.0.1, port 5999 failed")


handler500 = "core.views.server_error"
urlpatterns = [
    path("broken/", broken),
    path("locked/", locked),
    path("unreachable/", unreachable),
    *site_urlpatterns,
]
