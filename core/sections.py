"""The site's sections: the pages under the home page that every other page hangs from.

Each app declares its sections on its AppConfig (`site_sections`), so core names no app's models.
`setup_site` creates whatever is missing, publishes it, and points the default Site at the host in
SITE_URL; it never changes a section that exists, so it is safe on every start.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction


class SiteNotSetUp(CommandError):
    """A section a command or page needs is missing; the message says what to run.

    A CommandError, so every management command that meets it prints this one line and exits
    with an error instead of a traceback; pages answer 503 (core.middleware).
    """


@dataclass(frozen=True)
class Section:
    """One section page: which page type, where (its slug under the home page), what it says.

    `model` is "app_label.ModelName"; `fields` are further field values, such as a directory's kind.
    """

    model: str
    slug: str
    title: str
    introduction: str
    fields: dict = field(default_factory=dict)

    @property
    def page_model(self):
        return apps.get_model(self.model)

    def find(self):
        """The section's page, or None. Found by its type (and fields such as a directory's
        kind), never by slug or title, so editors may rename, move or unpublish it."""
        return self.page_model.objects.filter(**self.fields).order_by("path").first()


def declared_sections():
    """Every Section the installed apps declare, in INSTALLED_APPS order."""
    return [
        section
        for config in apps.get_app_configs()
        for section in getattr(config, "site_sections", ())
    ]


def require_section(model):
    """The live section page of this page type ("app_label.ModelName" or the class).

    Raises SiteNotSetUp, with a message fit for a person or a terminal, when it is missing.
    """
    model = apps.get_model(model) if isinstance(model, str) else model
    page = model.objects.first()
    if page is None:
        name = model._meta.verbose_name
        raise SiteNotSetUp(
            f"The site has no {name} yet: run `manage.py setup_site` once, then try again."
        )
    return page


def site_address(site_url):
    """(hostname, port) of a SITE_URL such as "https://network.example.org": port 80 or 443
    unless the address names one. Surrounding spaces are ignored. Raises ValueError for anything
    else: no host, another scheme, a path, query or fragment, or a port outside 1 to 65535."""
    text = str(site_url or "").strip()
    refused = ValueError(
        f"SITE_URL must be an address like https://network.example.org, not {site_url!r}"
    )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:  # a port that is not a number, or out of range
        raise refused from error
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or port == 0
    ):
        raise refused
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def require_migrated():
    """Raises SiteNotSetUp, saying to run migrate, while any migration is still to apply."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise SiteNotSetUp(f"The database cannot be read ({error}).") from error
    if pending:
        raise SiteNotSetUp(
            "The database is not up to date: run `manage.py migrate` first, then try again."
        )


@transaction.atomic
def setup_site(*, site_url=None):
    """Create and publish every missing section under the home page; set the default Site's host.

    Returns a list of (Section, created) pairs. Idempotent. Raises SiteNotSetUp when there is no
    home page (migrations make it) and ValueError for a SITE_URL without a host.
    """
    from wagtail.models import Site

    # Checked before anything is made, so a mistake in SITE_URL creates nothing.
    hostname, port = site_address(site_url or settings.WAGTAILADMIN_BASE_URL)
    require_migrated()
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise SiteNotSetUp("There is no home page: run `manage.py migrate` first.")
    home = site.root_page
    outcome = []
    for section in declared_sections():
        page = section.find()
        if page is None:
            page = section.page_model(
                title=section.title,
                slug=section.slug,
                introduction=section.introduction,
                show_in_menus=True,
                **section.fields,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            outcome.append((section, True))
        else:
            outcome.append((section, False))
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return outcome
