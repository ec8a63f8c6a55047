"""Ids in URLs: a number too large for the database is a plain 404 on SQLite and PostgreSQL."""

import pytest
from django.urls import get_resolver

from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"  # past 2**63, which SQLite's driver cannot take
OURS = ("core.", "home.", "members.", "groups.", "opportunities.", "monitoring.", "search.")


def id_routes(resolver=None, prefix=""):
    """Every URL pattern of this site's own views with an id in it, as a path with HUGE for
    each id."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from id_routes(pattern, route)
        elif ("<id:" in route or "<int:" in route) and pattern.callback.__module__.startswith(OURS):
            path = route
            while "<" in path:
                start, end = path.index("<"), path.index(">")
                kind = path[start + 1 : end].split(":")[0]
                path = path[:start] + (HUGE if kind in ("id", "int") else "about") + path[end + 1 :]
            yield "/" + path.lstrip("^").rstrip("$")


def test_every_route_with_an_id_answers_404_for_a_huge_one(client):
    routes = sorted(set(id_routes()))
    assert len(routes) >= 20
    client.force_login(StaffFactory())
    for route in routes:
        assert client.get(route).status_code == 404, route
