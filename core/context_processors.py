from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
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
        access_admin = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
        User = get_user_model()
        found = (
            User.objects.filter(pk=user.pk)
            .values(
                listings=Exists(
                    User.groups_administered.rel.related_model.objects.filter(user=OuterRef("pk"))
                ),
                portal=Exists(
                    User.organisation_memberships.rel.related_model.objects.filter(
                        user=OuterRef("pk")
                    )
                ),
                cms=Exists(access_admin),
            )
            .first()
        ) or {"cms": False, "listings": False, "portal": False}
        found["cms"] = user.is_active and (user.is_superuser or found["cms"])
        return found

    return {"account_menu": SimpleLazyObject(load)}
