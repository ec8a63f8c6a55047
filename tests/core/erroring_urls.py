"""The site's URLs plus one view that fails, to see the 500 page people would get."""

from django.urls import path

from network.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


def locked(request):
    from django.db import OperationalError

    raise OperationalError("database is locked")


urlpatterns = [path("broken/", broken), path("locked/", locked), *site_urlpatterns]
