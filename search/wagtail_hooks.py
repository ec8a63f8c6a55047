"""Wagtail hooks of the search app: it serves the opportunities section as the search page.

The page model lives in opportunities, which must not import search (search reads opportunities);
Wagtail's `before_serve_page` hook lets search answer for it instead.
"""

from django.template.response import TemplateResponse
from wagtail import hooks

from opportunities.models import OpportunityIndexPage
from search.page_views import opportunity_search_view


@hooks.register("before_serve_page")
def serve_opportunity_search(page, request, serve_args, serve_kwargs):
    """The opportunities section with its filters and results; None for every other page."""
    if not isinstance(page, OpportunityIndexPage):
        return None
    context = page.get_context(request, *serve_args, **serve_kwargs)
    search_context, status = opportunity_search_view(request)
    context.update(search_context)
    template = page.get_template(request, *serve_args, **serve_kwargs)
    return TemplateResponse(request, template, context, status=status)
