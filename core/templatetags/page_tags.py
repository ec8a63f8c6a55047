from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core.caching import cached_card, cached_for_content
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


def _shown_distance(miles):
    """What components/distance.html shows for these miles, as a cache key part."""
    if miles is None or miles == "":
        return None
    return "under 1" if miles < 1 else floatformat(miles, 0)


@register.simple_tag(takes_context=True)
def card(context, template_name, page, name, **values):
    """{% card "components/opportunity_card.html" opportunity "opportunity" heading_level="2" %}:
    the result card for one page, rendered with only the page (under `name`), the values given
    and the request (for its link), and kept per page, content version and date
    (core.caching.cached_card), so a page of results renders each card's templates once.

    The key holds the site the card's link is made relative to, the values given and the
    distance the card shows (rounded as shown); the card template must show nothing else that
    is not the page's own published content, and nothing about the person asking.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    made_from = {
        "site": site.pk if site else None,
        "distance": _shown_distance(getattr(page, "distance_miles", None)),
        "values": {key: str(value) for key, value in values.items()},
    }

    def render():
        template = context.template.engine.get_template(template_name)
        return template.render(context.new({name: page, "request": request, **values}))

    if page.pk is None:  # a preview of a page not saved yet
        return mark_safe(render())
    return mark_safe(cached_card(f"{template_name}:{page.pk}", made_from, render))
