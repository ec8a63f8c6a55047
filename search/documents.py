"""The Elasticsearch documents: opportunities for matching and search, stored alert queries.

Only what may be shown publicly is indexed. `prepare()` turns an opportunity into a document
and is tested without a cluster.
"""

from django.conf import settings
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Float,
    GeoPoint,
    Integer,
    Keyword,
    Percolator,
    Text,
)

from search.facts import OpportunityFacts, facts_from_page


def opportunities_alias():
    """The alias searches read from; it points at the current concrete index."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-opportunities"


def alerts_alias():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-alerts"


INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}


class OpportunityFields(Document):
    """Fields shared by the opportunity index and the alert (percolator) index."""

    id = Integer()
    # "plain" keeps the words as written, so typos can be forgiven without stems misleading.
    title = Text(analyzer="english", fields={"raw": Keyword(), "plain": Text()})
    summary = Text(analyzer="english", fields={"plain": Text()})
    body = Text(analyzer="english", fields={"plain": Text()})
    organisation = Text(analyzer="english", fields={"raw": Keyword(), "plain": Text()})
    url = Keyword(index=False)
    who_for = Keyword()
    format = Keyword()
    role_type = Keyword()
    level = Keyword()
    region = Keyword()
    topic_ids = Integer()
    community_ids = Integer()
    location = GeoPoint()
    paid = Boolean()
    fee_amount = Float()
    fee_unit = Keyword()
    expenses_covered = Boolean()
    payment_choice = Boolean()
    vouchers_available = Boolean()
    benefits_letter = Boolean()
    meeting_times = Keyword()
    earliest_start_minutes = Integer()
    support = Keyword()
    check_ratio = Float()
    checks_met = Integer()
    published_at = Date()
    updated_at = Date()
    deadline = Date()
    rolling = Boolean()
    closed = Boolean()
    external_id = Keyword()


class OpportunityDocument(OpportunityFields):
    pass


class AlertDocument(OpportunityFields):
    """A member's stored query: publishing an opportunity percolates it against these."""

    query = Percolator()
    member_id = Integer()
    kind = Keyword()  # "profile" or "saved_search"
    saved_search_id = Integer()


def prepare_facts(facts: OpportunityFacts, *, body="", closed=False, checks_met=0, updated_at=None):
    """The document for an opportunity's facts: plain values, JSON-ready."""
    return {
        "id": facts.id,
        "title": facts.title,
        "summary": facts.summary,
        "body": body,
        "organisation": facts.organisation,
        "url": facts.url,
        "who_for": facts.who_for,
        "format": facts.format,
        "role_type": facts.role_type,
        "level": facts.level,
        "region": facts.region or None,
        "topic_ids": sorted(facts.topic_ids),
        "community_ids": sorted(facts.community_ids),
        "location": {"lat": facts.latitude, "lon": facts.longitude} if facts.has_location else None,
        "paid": facts.paid,
        "fee_amount": facts.fee_amount,
        "fee_unit": facts.fee_unit or None,
        "expenses_covered": facts.expenses_covered,
        "payment_choice": facts.payment_choice,
        "vouchers_available": facts.vouchers_available,
        "benefits_letter": facts.benefits_letter,
        "meeting_times": sorted(facts.meeting_times),
        "earliest_start_minutes": facts.earliest_start_minutes,
        "support": sorted(facts.support),
        "check_ratio": facts.check_ratio,
        "checks_met": checks_met,
        "published_at": facts.published_at.isoformat() if facts.published_at else None,
        "updated_at": updated_at.isoformat() if updated_at else None,
        "deadline": facts.deadline.isoformat() if facts.deadline else None,
        "rolling": facts.rolling,
        "closed": closed,
        "external_id": facts.external_id or None,
    }


def body_text(page):
    parts = [page.purpose, page.can_change, page.expected_outcomes, page.responsibilities]
    return "\n".join(part for part in parts if part)


def prepare(page):
    """The document for an OpportunityPage."""
    from opportunities import standards

    return prepare_facts(
        facts_from_page(page),
        body=body_text(page),
        closed=page.closed_at is not None,
        checks_met=standards.checks_met(page),
        updated_at=page.last_published_at,
    )
