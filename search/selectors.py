"""Reads for search: published opportunities as OpportunityFacts in a fixed number of queries,
and a member's alert settings and saved searches."""

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from wagtail.models import PageLogEntry, Site

from core.data_rights import plain_fields
from members.models import MemberProfile
from opportunities.models import OpportunityIndexPage, OpportunityPage, OrganisationPage
from opportunities.selectors import open_opportunities
from search.matching.facts import COLUMNS, ReadContext, facts_from_row
from search.models import AlertFrequency, SavedSearch


def site_root_url_path():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def _links(queryset, relation):
    through = getattr(OpportunityPage, relation).through
    source = "opportunitypage_id"
    target = "topic_id" if relation == "topics" else "community_id"
    links = {}
    for page_id, term_id in through.objects.filter(
        **{f"{source}__in": queryset.values("pk")}
    ).values_list(source, target):
        links.setdefault(page_id, []).append(term_id)
    return links


def opportunity_facts(queryset=None):
    """[OpportunityFacts] for the given opportunities (default: all open ones), in five queries."""
    queryset = open_opportunities() if queryset is None else queryset
    rows = list(queryset.values(*COLUMNS))
    parent_paths = {row["path"][:-4] for row in rows}
    context = ReadContext(
        topics=_links(queryset, "topics"),
        communities=_links(queryset, "communities"),
        organisations=dict(
            OrganisationPage.objects.filter(path__in=parent_paths).values_list("path", "title")
        ),
        root_url_path=site_root_url_path(),
    )
    return [facts_from_row(row, context) for row in rows]


_open_facts_cache = {}


def open_opportunity_facts():
    """Facts for every open opportunity, kept in this process until anything they show changes.

    The embedded engine scores all of them for each profile; reading and building 2,000 facts
    took three quarters of its time. The key changes when an opportunity or organisation is
    published, when one opens or closes (the count), when any page action is logged (a move),
    and at midnight (deadlines).
    """
    opportunities = open_opportunities().aggregate(
        count=Count("pk"), published=Max("last_published_at")
    )
    organisations = OrganisationPage.objects.aggregate(published=Max("last_published_at"))
    # Moves and renames publish nothing, but Wagtail logs every page action.
    last_action = PageLogEntry.objects.aggregate(last=Max("pk"))["last"]
    key = (
        timezone.localdate(),
        opportunities["count"],
        opportunities["published"],
        organisations["published"],
        last_action,
    )
    facts = _open_facts_cache.get(key)
    if facts is None:
        facts = opportunity_facts()
        _open_facts_cache.clear()
        _open_facts_cache[key] = facts
    return facts


def search_page_url():
    """The URL of the live opportunities section (the search page), or "/" before it exists."""
    index = OpportunityIndexPage.objects.live().first()
    return index.url if index else "/"


def profile_alert_frequency_label(*, member):
    """How often the member's profile alerts come, as shown to them ("Off" with no profile)."""
    profile = MemberProfile.objects.filter(user=member).first()
    return profile.get_alert_frequency_display() if profile else AlertFrequency.OFF.label


def saved_searches_of(*, member):
    """The member's saved searches, in the model's order."""
    return SavedSearch.objects.filter(member=member)


def saved_search_of_member_or_404(*, member, saved_search_id):
    """One of the member's saved searches; Http404 for another person's or no such id."""
    return get_object_or_404(SavedSearch, pk=saved_search_id, member=member)


def member_saved_searches_data(member):
    """The member's saved searches, for their copy of their data."""
    return [
        {
            "name": s.name,
            "search": s.query_string,
            "frequency": s.frequency,
            "created_at": s.created_at.isoformat(),
        }
        for s in member.saved_searches.all()
    ]


def member_alerts_sent_data(member):
    """Every alert sent to the member, for their copy of their data."""
    return [
        {"opportunity": delivery.opportunity.title, **plain_fields(delivery)}
        for delivery in member.alert_deliveries.select_related("opportunity")
    ]
