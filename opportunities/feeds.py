from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.utils.feedgenerator import Atom1Feed

from core.text import clean_text
from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.selectors import latest_opportunities, open_opportunities

FEED_LENGTH = 50


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom with every text cleaned of characters XML 1.0 cannot carry (core.text.clean_text).

    Text is cleaned when saved; this keeps the feed up for rows saved before that, since one bad
    character would otherwise make the whole feed fail for everyone.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*_clean_all(args), **_clean_all(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*_clean_all(args), **_clean_all(kwargs))


def _clean_all(values):
    if isinstance(values, dict):
        return {key: _clean_all(value) for key, value in values.items()}
    if isinstance(values, list | tuple):
        return type(values)(_clean_all(value) for value in values)
    return clean_text(str(values)) if isinstance(values, str) else values


class NewOpportunitiesFeed(Feed):
    """An Atom feed of the newest open opportunities, for feed readers and partner sites."""

    feed_type = XmlSafeAtom1Feed
    title = "New involvement opportunities"
    subtitle = "The newest open involvement opportunities on the NSUN 4Pi Network."
    link = "/opportunities/"

    def items(self):
        return latest_opportunities(limit=FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.summary} Payment: {item.fee_text}. Format: {item.get_format_display()}."

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.get_parent().title

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


def opportunities_json_feed(request):
    """The newest open opportunities as a JSON Feed 1.1, with the facts partners filter on in
    an `_nsun` extension. Public and read-only, like the directory's Open Referral UK API."""
    opportunities = list(
        open_opportunities()
        .order_by("-first_published_at", "-pk")
        .prefetch_related("topics", "communities")[:FEED_LENGTH]
    )
    organisations = dict(
        OrganisationPage.objects.filter(
            path__in={o.path[: -OpportunityPage.steplen] for o in opportunities}
        ).values_list("path", "title")
    )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": NewOpportunitiesFeed.title,
        "description": NewOpportunitiesFeed.subtitle,
        "home_page_url": request.build_absolute_uri("/opportunities/"),
        "feed_url": request.build_absolute_uri(request.path),
        "language": "en-GB",
        "items": [
            _json_feed_item(request, o, organisations.get(o.path[: -OpportunityPage.steplen], ""))
            for o in opportunities
        ],
    }
    response = JsonResponse(feed, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_feed_item(request, opportunity, organisation):
    return {
        "id": f"urn:uuid:{opportunity.uuid}",
        "url": request.build_absolute_uri(opportunity.url),
        "title": opportunity.title,
        "summary": opportunity.summary,
        "content_text": f"{opportunity.summary}\n\nPayment: {opportunity.fee_text}.",
        "date_published": opportunity.first_published_at.isoformat(),
        "date_modified": opportunity.last_published_at.isoformat(),
        "authors": [{"name": organisation}],
        "tags": [topic.name for topic in opportunity.topics.all()],
        "_nsun": {
            "organisation": organisation,
            "role_type": opportunity.get_role_type_display(),
            "level": opportunity.get_level_display(),
            "who_for": opportunity.get_who_for_display(),
            "format": opportunity.get_format_display(),
            "region": opportunity.get_region_display() if opportunity.region else "",
            "payment": opportunity.fee_text,
            "expenses_covered": opportunity.expenses_covered,
            "places": opportunity.places,
            "deadline": opportunity.deadline.isoformat()
            if opportunity.deadline and not opportunity.rolling
            else None,
            "communities": [community.name for community in opportunity.communities.all()],
            "share_of_4pi_checks_met": round(opportunity.check_ratio, 2),
        },
    }
