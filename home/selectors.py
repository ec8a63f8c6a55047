"""Reads for the home page and the resource library."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from home.filters import ResourceFilter
from home.models import ResourceIndexPage, ResourcePage

RESOURCES_PER_PAGE = 20


def home_page_context(home):
    from groups.models import DirectoryIndexPage
    from opportunities.models import OpportunityIndexPage
    from opportunities.selectors import latest_opportunities

    featured = [
        item.resource
        for item in home.featured_resources.select_related("resource")
        if item.resource.live
    ]
    return {
        "latest_opportunities": latest_opportunities(limit=3),
        "featured_resources": featured,
        "opportunities_page": OpportunityIndexPage.objects.live().first(),
        "resource_library": ResourceIndexPage.objects.live().first(),
        "groups_directory": DirectoryIndexPage.objects.live().filter(kind="groups").first(),
        "peer_directory": DirectoryIndexPage.objects.live().filter(kind="peer_support").first(),
    }


def resource_library_page(request, *, library):
    """(context, status) for the resource library: filters, then one page of resources."""
    resources = (
        ResourcePage.objects.live()
        .child_of(library)
        .select_related("document")
        .prefetch_related("topics")
        .order_by("title")
    )
    filterset = ResourceFilter(request.GET, queryset=resources)
    context = {"filterset": filterset, "form": filterset.form, "resources": []}
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context["query_string"] = query_without_page.urlencode()
    if not filterset.is_valid():
        return context, 400
    paginator = Paginator(filterset.qs.distinct(), RESOURCES_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except EmptyPage:
        context["page_problem"] = (
            f"There is no such page. These results have {paginator.num_pages}."
        )
        return context, 404
    except PageNotAnInteger:
        filterset.form.add_error(None, "The page number must be a whole number, 1 or more.")
        return context, 400
    context.update(page_obj=page_obj, resources=list(page_obj), result_count=paginator.count)
    return context, 200
