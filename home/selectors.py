"""Reads for the home page."""

from django.utils import timezone

from core.caching import cached_for_content
from groups.models import DirectoryIndexPage
from home.models import ResourceIndexPage
from opportunities.models import OpportunityIndexPage
from opportunities.selectors import latest_opportunities


def home_page_context(home):
    """The home page's sections, featured resources and latest opportunities: the same for
    every visitor, so kept in memory until content changes (and, for what closes by date, for
    the day)."""

    def load():
        featured = [
            item.resource
            for item in home.featured_resources.select_related("resource")
            if item.resource.live
        ]
        directories = DirectoryIndexPage.objects.live()
        return {
            "latest_opportunities": latest_opportunities(limit=3),
            "featured_resources": featured,
            "opportunities_page": OpportunityIndexPage.objects.live().first(),
            "resource_library": ResourceIndexPage.objects.live().first(),
            "groups_directory": directories.filter(kind="groups").first(),
            "peer_directory": directories.filter(kind="peer_support").first(),
        }

    return cached_for_content(f"home:{home.pk}:{timezone.localdate().isoformat()}", load)
