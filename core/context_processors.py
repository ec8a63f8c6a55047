import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from core.caching import cached_for_content


def navigation(request):
    """The main navigation (top-level pages editors mark "show in menus") and the footer's
    links, as (title, url) pairs from the in-memory cache, the same for every visitor."""

    def site_menu_pages():
        site = Site.find_for_request(request)
        if site is None:
            return []

        def menu():
            pages = site.root_page.get_children().live().in_menu().specific()
            return [{"title": page.title, "url": page.get_url(request)} for page in pages]

        return cached_for_content(f"menu:{site.pk}", menu)

    # Lazy: only pages that render the header pay for the lookup.
    return {"site_menu_pages": site_menu_pages}


def account_menu(request):
    """What the signed-in person's account menu offers, read in one query: the CMS (Wagtail's
    `access_admin` permission, given to the person or one of their groups, as Django's
    ModelBackend decides it), "Your listings" and the organisation portal."""

    def load():
        user = request.user
        if not user.is_authenticated:
            return {"cms": False, "listings": False, "portal": False}
        sql, params = _account_menu_query(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user.pk if value == _ANY_PERSON else value for value in params])
            row = cursor.fetchone() or (False, False, False)
            names = [column[0] for column in cursor.description]
        found = {name: bool(value) for name, value in zip(names, row, strict=True)}
        found["cms"] = user.is_active and (user.is_superuser or found["cms"])
        return found

    return {"account_menu": SimpleLazyObject(load)}


# Stands for the person's id in the query built once per process; no account has it.
_ANY_PERSON = -7_310_952_114


@functools.cache
def _account_menu_query(vendor):
    """(SQL, parameters) of the account menu's query for _ANY_PERSON, columns listings, portal
    and cms, for this database vendor. Built by the ORM once per process: building it for each
    request (three EXISTS subqueries) cost about 1.3 ms of a 7 ms signed-in page."""
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    User = get_user_model()
    query = User.objects.filter(pk=_ANY_PERSON).values(
        listings=Exists(
            User.groups_administered.rel.related_model.objects.filter(user=OuterRef("pk"))
        ),
        portal=Exists(
            User.organisation_memberships.rel.related_model.objects.filter(user=OuterRef("pk"))
        ),
        cms=Exists(access_admin),
    )
    sql, params = query.query.sql_with_params()
    if list(params).count(_ANY_PERSON) != 1:
        raise RuntimeError(f"The account menu's query must take the id once: {params}")
    return sql, tuple(params)
