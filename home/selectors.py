"""Reads for the home page and the resource library."""

from django.utils import timezone

from core.caching import cached_for_content
from core.pagination import page_of, query_string_without_page, show_page_problem
from home.filters import ResourceFilter
from home.models import ResourceIndexPage, ResourcePage

RESOURCES_PER_PAGE = 20


def home_page_context(home):
    """The home page's sections, featured resources and latest opportunities: the same for
    every visitor, so kept in memory until content changes (and, for what closes by date, for
    the day)."""
    from groups.models import DirectoryIndexPage
    from opportunities.models import OpportunityIndexPage
    from opportunities.selectors import latest_opportunities

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


def resource_library_page(request, *, library):
    """(context, status) for the resource library: filters, then one page of resources."""
    resources = ResourcePage.objects.live().child_of(library).order_by("title")
    filterset = ResourceFilter(request.GET, queryset=resources)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "resources": [],
        "query_string": query_string_without_page(request),
    }
    if not filterset.is_valid():
        return context, 400
    page_obj, problem = page_of(filterset.qs.distinct(), request, RESOURCES_PER_PAGE)
    if problem:
        return show_page_problem(context, filterset.form, problem)
    context.update(
        page_obj=page_obj, resources=list(page_obj), result_count=page_obj.paginator.count
    )
    return context, 200
