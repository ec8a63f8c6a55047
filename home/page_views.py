"""The resource library page's view: filters, then one page of resources."""

from core.pagination import page_of, query_string_without_page, show_page_problem
from home.filters import ResourceFilter
from home.models import ResourcePage

RESOURCES_PER_PAGE = 20


def resource_library_view(request, *, library):
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
