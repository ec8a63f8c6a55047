"""Reads that turn published opportunities into OpportunityFacts in a fixed number of queries."""

from django.db.models import Count, Max
from django.utils import timezone
from wagtail.models import Site

from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.selectors import open_opportunities
from search.facts import OpportunityFacts, minutes_of

FACT_FIELDS = [
    "pk", "title", "url_path", "path", "who_for", "format", "role_type", "level", "region",
    "latitude", "longitude", "paid", "fee_amount", "fee_unit", "expenses_covered",
    "payment_choice", "vouchers_available", "benefits_letter", "meets_weekday_daytime",
    "meets_weekday_evening", "meets_weekend", "earliest_start", "support_admin",
    "support_supervision", "support_emotional", "support_peer", "support_training",
    "support_briefing", "first_published_at", "deadline", "rolling", "external_id", "summary",
    "check_ratio",
]  # fmt: skip

MEETING_FIELDS = {
    "meets_weekday_daytime": "weekday_daytime",
    "meets_weekday_evening": "weekday_evening",
    "meets_weekend": "weekend",
}
SUPPORT_FIELDS = {
    "support_admin": "admin",
    "support_supervision": "supervision",
    "support_emotional": "emotional",
    "support_peer": "peer",
    "support_training": "training",
    "support_briefing": "briefing",
}


def site_root_url_path():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def public_url(url_path, root_url_path):
    if url_path.startswith(root_url_path):
        return "/" + url_path[len(root_url_path) :]
    return url_path


def facts_for_rows(rows, *, topics, communities, organisations, root_url_path):
    facts = []
    for row in rows:
        meeting_times = [value for field, value in MEETING_FIELDS.items() if row[field]]
        support = [value for field, value in SUPPORT_FIELDS.items() if row[field]]
        facts.append(
            OpportunityFacts(
                id=row["pk"],
                title=row["title"],
                url=public_url(row["url_path"], root_url_path),
                organisation=organisations.get(row["path"][:-4], ""),
                who_for=row["who_for"],
                format=row["format"],
                role_type=row["role_type"],
                level=row["level"],
                region=row["region"],
                topic_ids=frozenset(topics.get(row["pk"], ())),
                community_ids=frozenset(communities.get(row["pk"], ())),
                latitude=row["latitude"],
                longitude=row["longitude"],
                paid=row["paid"],
                fee_amount=float(row["fee_amount"]) if row["fee_amount"] is not None else None,
                fee_unit=row["fee_unit"],
                expenses_covered=row["expenses_covered"],
                payment_choice=row["payment_choice"],
                vouchers_available=row["vouchers_available"],
                benefits_letter=row["benefits_letter"],
                meeting_times=frozenset(meeting_times),
                earliest_start_minutes=minutes_of(row["earliest_start"]),
                support=frozenset(support),
                check_ratio=row["check_ratio"],  # kept in step on every save
                published_at=row["first_published_at"],
                deadline=row["deadline"],
                rolling=row["rolling"],
                external_id=row["external_id"] or "",
                summary=row["summary"],
            )
        )
    return facts


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
    """Facts for the given opportunities (default: all open ones): four queries in all."""
    queryset = open_opportunities() if queryset is None else queryset
    rows = list(queryset.values(*FACT_FIELDS))
    parent_paths = {row["path"][:-4] for row in rows}
    organisations = dict(
        OrganisationPage.objects.filter(path__in=parent_paths).values_list("path", "title")
    )
    return facts_for_rows(
        rows,
        topics=_links(queryset, "topics"),
        communities=_links(queryset, "communities"),
        organisations=organisations,
        root_url_path=site_root_url_path(),
    )


_open_facts_cache = {}


def open_opportunity_facts():
    """Facts for every open opportunity, kept in this process until anything they show changes.

    The embedded engine scores all of them for each profile; reading and building 2,000 facts
    took three quarters of its time. The key changes when an opportunity or organisation is
    published, when one opens or closes (the count), and at midnight (deadlines).
    """
    opportunities = open_opportunities().aggregate(
        count=Count("pk"), published=Max("last_published_at")
    )
    organisations = OrganisationPage.objects.aggregate(published=Max("last_published_at"))
    key = (
        timezone.localdate(),
        opportunities["count"],
        opportunities["published"],
        organisations["published"],
    )
    facts = _open_facts_cache.get(key)
    if facts is None:
        facts = opportunity_facts()
        _open_facts_cache.clear()
        _open_facts_cache[key] = facts
    return facts
