"""Parity by property: on random profiles and opportunities, on the real Elasticsearch node,

- the hard rules in Python and as Elasticsearch filters pick the same opportunities;
- every score Elasticsearch computes equals the Python score (tolerance 1e-5: Elasticsearch
  keeps scores as float32 and points to about a centimetre);
- a member's alert document and the reverse search built from each new opportunity alert
  exactly the members the Python alert rules say (distance included, nothing checked after);
- both engines return the same top 10 in the same order, except where two scores are within
  1e-6 of each other (a tie: then either order is right);
- no query is ever refused.

Distances within 5 metres of a person's limit are left out of the comparison: there the two
sides may round differently.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone
from elasticsearch import helpers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.geography import distance_km
from opportunities.models.choices import (
    AvailabilityChoice,
    Format,
    InvolvementLevel,
    RoleType,
    SupportType,
    WhoFor,
)
from search.alerts.recipients import reverse_search
from search.index.documents import MemberAlertDocument, OpportunityDocument
from search.index.indexes import create_index
from search.matching import rules
from search.matching.elasticsearch_engine import ElasticsearchEngine, matching_search
from search.matching.facts import COLUMNS, ReadContext, facts_from_row, to_document
from search.matching.profile import MatchProfile, PaymentNeed, Who
from search.matching.scoring import SCORE_DIGITS, parts_for, rank, weighted_score

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
TODAY = timezone.localdate(NOW)
PLACES = [(50.8225, -0.1372), (53.4794, -2.2453), (53.3811, -1.4701), (51.5072, -0.1276)]
TOPICS, COMMUNITIES = [1, 2, 3, 4, 5, 6], [20, 21, 22, 23]
WORDS = ["crisis", "housing", "peer", "support", "research", "eating", "disorders", "carers",
         "wards", "volunteering", "volunteer", "the", "and", "über", "café", "self-harm", "a"]  # fmt: skip


def subsets(values):
    return st.frozensets(st.sampled_from(values))


located = st.tuples(st.sampled_from(PLACES), st.floats(-0.4, 0.4), st.floats(-0.4, 0.4)).map(
    lambda p: (p[0][0] + p[1], p[0][1] + p[2])
)
# Mostly somewhere: distance rules only come into play when both sides have a place.
places = st.sampled_from([True, True, True, False]).flatmap(
    lambda somewhere: located if somewhere else st.none()
)
words = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=8).map(" ".join)


@st.composite
def opportunity_rows(draw, pk):
    place = draw(places)
    paid = draw(st.booleans())
    start = draw(st.one_of(st.none(), st.integers(0, 1439)))
    return {
        **dict.fromkeys(COLUMNS, False),
        "pk": pk,
        "title": draw(words),
        "summary": draw(words),
        "purpose": "", "can_change": "", "expected_outcomes": "", "responsibilities": "",
        "path": "000100010001",
        "url_path": f"/home/o/{pk}/",
        "who_for": draw(st.sampled_from(WhoFor.values)),
        "format": draw(st.sampled_from([*Format.values, *Format.values, ""])),
        "role_type": draw(st.sampled_from(RoleType.values)),
        "level": draw(st.sampled_from(InvolvementLevel.values)),
        "region": "",
        "latitude": place[0] if place else None,
        "longitude": place[1] if place else None,
        "paid": paid,
        "fee_amount": draw(st.sampled_from([None, 20])) if paid else None,
        "fee_unit": "hour" if paid else "",
        "expenses_covered": draw(st.booleans()),
        "payment_choice": draw(st.booleans()),
        "meets_weekday_daytime": draw(st.booleans()),
        "meets_weekday_evening": draw(st.booleans()),
        "meets_weekend": draw(st.booleans()),
        "earliest_start": time(start // 60, start % 60) if start is not None else None,
        "support_peer": draw(st.booleans()),
        "support_briefing": draw(st.booleans()),
        "check_ratio": draw(st.sampled_from([0.0, 0.25, 0.5, 0.9, 1.0])),
        "first_published_at": NOW - timedelta(seconds=draw(st.integers(0, 400 * 86400))),
        "last_published_at": NOW,
        "deadline": draw(st.one_of(st.none(), st.dates(date(2026, 11, 1), date(2027, 1, 31)))),
        "rolling": draw(st.booleans()),
        "closed_at": NOW if draw(st.integers(0, 9)) == 0 else None,
        "external_id": "",
    }  # fmt: skip


@st.composite
def corpora(draw):
    size = draw(st.integers(1, 25))
    rows = [draw(opportunity_rows(pk)) for pk in range(1, size + 1)]
    context = ReadContext(
        topics={row["pk"]: draw(st.lists(st.sampled_from(TOPICS), max_size=3)) for row in rows},
        communities={
            row["pk"]: draw(st.lists(st.sampled_from(COMMUNITIES), max_size=2)) for row in rows
        },
        organisations={"00010001": "An organisation"},
        root_url_path="/home/",
    )
    return [facts_from_row(row, context) for row in rows]


@st.composite
def profiles(draw):
    place = draw(places)
    return MatchProfile(
        who=draw(st.sampled_from(["", *Who.values])),
        topic_ids=draw(subsets(TOPICS)),
        community_ids=draw(subsets(COMMUNITIES)),
        levels=draw(subsets(InvolvementLevel.values)),
        role_types=draw(subsets(RoleType.values)),
        latitude=place[0] if place else None,
        longitude=place[1] if place else None,
        max_distance_km=draw(
            st.one_of(
                st.none(),
                st.sampled_from([0, 0.0004, 1, 15, 50, 20_015, 10**7]),
                st.floats(0, 150, allow_nan=False),
                st.floats(0, 150, allow_nan=False),
            )
        ),
        online_ok=draw(st.booleans()),
        in_person_ok=draw(st.booleans()),
        payment_need=draw(st.sampled_from(PaymentNeed.values)),
        availability=draw(subsets(AvailabilityChoice.values)),
        not_before_10=draw(st.booleans()),
        support_wanted=draw(subsets(SupportType.values)),
        text=draw(st.one_of(words, st.text(max_size=60))),
    )


def on_the_edge(profile, facts):
    """Within 5 metres of the person's limit: the two sides may round either way."""
    limit = rules.reach_limit_km(profile)
    if limit is None or not facts.has_location:
        return False
    distance = distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)
    return abs(distance - (limit + rules.REACH_TOLERANCE_KM)) < 0.005


def python_score(profile, facts):
    return weighted_score(parts_for(profile, facts, now=NOW))


@pytest.fixture
def node(elasticsearch):
    """One opportunities index and one member alerts index, emptied between examples."""
    opportunities = create_index("props-opportunities", OpportunityDocument)
    alerts = create_index("props-alerts", MemberAlertDocument)

    def load(corpus, profile):
        client = elasticsearch
        stale = [hit["_id"] for hit in helpers.scan(client, index=opportunities, _source=False)]
        actions = [{"_op_type": "delete", "_index": opportunities, "_id": key} for key in stale]
        actions += [
            {"_index": opportunities, "_id": facts.id, "_source": to_document(facts)}
            for facts in corpus
        ]
        actions.append(
            {
                "_index": alerts,
                "_id": "profile",
                "_source": {
                    "member_id": 1,
                    "kind": "profile",
                    **rules.member_alert_values(profile),
                },
            }
        )
        helpers.bulk(client, actions, refresh=True)

    yield {"client": elasticsearch, "opportunities": opportunities, "alerts": alerts, "load": load}
    elasticsearch.indices.delete(index=[opportunities, alerts], ignore_unavailable=True)


SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@SETTINGS
@given(corpus=corpora(), profile=profiles())
def test_elasticsearch_and_python_agree_on_rules_scores_alerts_and_ranking(node, corpus, profile):
    node["load"](corpus, profile)
    clear = {facts.id: facts for facts in corpus if not on_the_edge(profile, facts)}

    # Hard rules and scores.
    response = matching_search(
        profile, now=NOW, size=100, client=node["client"], index=node["opportunities"]
    ).execute()
    scores = {int(hit.meta.id): hit.meta.score for hit in response.hits}
    expected = {
        key for key, facts in clear.items() if rules.passes_hard_rules(profile, facts, TODAY)
    }
    assert set(scores) & set(clear) == expected
    for key in expected:
        assert scores[key] == pytest.approx(python_score(profile, clear[key]), abs=1e-5)

    # Alerts: the reverse search for each opportunity, and nothing checked afterwards.
    alerted = {
        facts.id
        for facts in corpus
        if reverse_search(facts, today=TODAY, client=node["client"], index=node["alerts"])[0]
    }
    wanted = {key for key, facts in clear.items() if rules.fits_alert(profile, facts, TODAY)}
    assert alerted & set(clear) == wanted

    # Ranking: both engines, the same top 10.
    embedded = rank(profile, corpus, limit=10, now=NOW)
    elastic = ElasticsearchEngine(
        client=node["client"], index=node["opportunities"], confirm_with_database=False
    ).match(profile, limit=10, now=NOW)
    if any(on_the_edge(profile, facts) for facts in corpus):
        return
    assert [round(m.score, SCORE_DIGITS) for m in elastic] == [
        round(m.score, SCORE_DIGITS) for m in embedded
    ]
    assert [m.facts.id for m in elastic] == [m.facts.id for m in embedded]
    for match in embedded:
        assert match.reasons, "every match has at least one reason"
