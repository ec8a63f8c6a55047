from django import template

from core.caching import cached_for_content
from core.page_extras import render_page_extras

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_links(context, page):
    """[{"title", "url"}] for the page's ancestors below the site root, from the in-memory cache
    (core/caching.py): the same for every visitor, computed again when content changes."""
    request = context.get("request")

    def ancestors():
        return [
            {"title": ancestor.title, "url": ancestor.get_url(request)}
            for ancestor in page.get_ancestors()[1:]
        ]

    if page.pk is None:  # a preview of a page not saved yet
        return ancestors()
    return cached_for_content(f"breadcrumbs:{page.pk}", ancestors)


@register.simple_tag(takes_context=True)
def page_extras(context, page):
    """{% page_extras page %}: what other apps add to this page type (core.page_extras)."""
    return render_page_extras(page, context.get("request"))
