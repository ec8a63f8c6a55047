"""Saved searches by property: on random saved searches and opportunities, the reverse search
(facet filters as alert document fields, words checked only for the candidates) alerts exactly
the saved searches whose filters, run on the database, find the opportunity.

Words come from a small vocabulary where the two engines' word matching agree (decision 6:
word forms and typos on Elasticsearch, whole words on the database).
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.geography import Region
from opportunities.models import OpportunityPage
from opportunities.models.choices import Format, InvolvementLevel, RoleType
from search.alerts import queries, recipients
from search.alerts.saved_searches import saved_search_filterset
from search.index.writing import index_opportunities
from search.models import AlertFrequency, SavedSearch
from tests.members.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

WORDS = ["housing", "crisis", "research", "carers", "advocacy"]
REGIONS = Region.values[:3]


def some(values, most=2):
    return st.lists(st.sampled_from(values), max_size=most, unique=True)


def rarely(values):
    """Mostly no filter, so that opportunities often pass every filter of a search."""
    return st.sampled_from([False, False, True]).flatmap(
        lambda chosen: (
            st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)
            if chosen
            else st.just([])
        )
    )


@st.composite
def opportunities(draw):
    return {
        "title": " ".join(draw(some(WORDS, 3))) or "Panel",
        "summary": " ".join(draw(some(WORDS, 2))),
        "level": draw(st.sampled_from(InvolvementLevel.values)),
        "role_type": draw(st.sampled_from(RoleType.values)),
        "format": draw(st.sampled_from(Format.values)),
        "region": draw(st.sampled_from(["", *REGIONS])),
        "paid": draw(st.booleans()),
        "expenses_covered": draw(st.booleans()),
        "check_ratio": draw(st.sampled_from([0.5, 1.0])),
        "topics": draw(some([0, 1, 2])),
        "communities": draw(some([0, 1])),
    }


@st.composite
def saved_searches(draw):
    pairs = [("topic", key) for key in draw(rarely([0, 1, 2]))]
    pairs += [("community", key) for key in draw(rarely([0, 1]))]
    pairs += [("level", value) for value in draw(rarely(InvolvementLevel.values))]
    pairs += [("role_type", value) for value in draw(rarely(RoleType.values))]
    pairs += [("format", value) for value in draw(rarely(Format.values))]
    pairs += [("region", value) for value in draw(rarely(REGIONS))]
    money = draw(st.sampled_from(["", "", "paid", "expenses"]))
    if money:
        pairs.append(("money", money))
    if draw(st.sampled_from([False, False, True])):
        pairs.append(("meets_checks", "on"))
    words = draw(rarely(WORDS))
    if words:
        pairs.append(("q", " ".join(words)))
    return pairs


@pytest.fixture
def world(elasticsearch, taxonomy, make_organisation, make_opportunity):
    page = make_opportunity(make_organisation(), "Panel")
    return {
        "page": page,
        "member": UserFactory(),
        "topics": list(taxonomy["topics"].values())[:3],
        "communities": list(taxonomy["communities"].values())[:2],
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(opportunity=opportunities(), searches=st.lists(saved_searches(), min_size=1, max_size=4))
def test_the_reverse_search_alerts_exactly_the_saved_searches_the_database_filter_finds(
    world, opportunity, searches
):
    page, member = world["page"], world["member"]
    topics = [world["topics"][key] for key in opportunity.pop("topics")]
    communities = [world["communities"][key] for key in opportunity.pop("communities")]
    OpportunityPage.objects.filter(pk=page.pk).update(**opportunity)
    page.topics.set(topics)
    page.communities.set(communities)
    index_opportunities(OpportunityPage.objects.filter(pk=page.pk), refresh=True)

    SavedSearch.objects.filter(member=member).delete()
    for pairs in searches:
        pairs = [
            (name, world["topics"][value].pk)
            if name == "topic"
            else (name, world["communities"][value].pk)
            if name == "community"
            else (name, value)
            for name, value in pairs
        ]
        SavedSearch.objects.create(
            member=member, name="s", query_string=urlencode(pairs), frequency=AlertFrequency.DAILY
        )
    queries.sync_member_alerts(member.pk)

    found = recipients.matches_from_elasticsearch(page).get(member.pk, [])
    just_this = OpportunityPage.objects.filter(pk=page.pk)
    expected = {
        saved.pk
        for saved in SavedSearch.objects.filter(member=member)
        if saved_search_filterset(saved, just_this).qs.exists()
    }
    assert set(found) == expected
