"""Both engines apply the hard rules, and rank the same data the same way."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from opportunities.factories import create_random_opportunities
from search.index.writing import index_opportunities
from search.matching.elasticsearch_engine import ElasticsearchEngine
from search.matching.engines import EmbeddedEngine
from search.matching.profile import MatchProfile
from tests.search.synthetic import random_profile

pytestmark = pytest.mark.django_db

MANCHESTER = {"latitude": 53.4794, "longitude": -2.2453}
LEEDS = {"latitude": 53.7997, "longitude": -1.5492}


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
        return ElasticsearchEngine()
    return EmbeddedEngine()


def prepare(engine):
    if engine.name == "elasticsearch":
        index_opportunities(refresh=True)


@pytest.fixture
def rule_breakers(make_organisation, make_opportunity):
    """One opportunity per hard rule, each breaking only that rule for the profile below."""
    organisation = make_organisation()
    yesterday = timezone.localdate() - timedelta(days=1)
    base = {
        "format": "online",
        "who_for": "both",
        "paid": True,
        "expenses_covered": True,
        "rolling": True,
    }
    made = {
        "fits": make_opportunity(organisation, "Fits", **base),
        "carers_only": make_opportunity(
            organisation, "Carers only", **{**base, "who_for": "carers"}
        ),
        "unpaid": make_opportunity(
            organisation, "Unpaid", **{**base, "paid": False, "fee_amount": None}
        ),
        "no_expenses": make_opportunity(
            organisation, "No expenses", **{**base, "expenses_covered": False}
        ),
        "too_far": make_opportunity(
            organisation, "Too far", **{**base, "format": "in_person", **LEEDS}
        ),
        "past_deadline": make_opportunity(
            organisation, "Past deadline", **{**base, "rolling": False, "deadline": yesterday}
        ),
        "closed": make_opportunity(organisation, "Closed", **base),
        "draft": make_opportunity(organisation, "Draft", **base),
    }
    made["closed"].closed_at = timezone.now()
    made["closed"].save()
    made["draft"].unpublish()
    return made


@pytest.mark.parametrize(
    ("profile_fields", "excluded"),
    [
        ({"who": "service_user"}, "carers_only"),
        ({"payment_need": "must_be_paid"}, "unpaid"),
        ({"payment_need": "must_cover_expenses"}, "no_expenses"),
        ({**MANCHESTER, "max_distance_km": 20}, "too_far"),
        ({"in_person_ok": False}, "too_far"),
        ({}, "past_deadline"),
        ({}, "closed"),
        ({}, "draft"),
    ],
)
def test_each_hard_rule_excludes_on_both_engines(engine, rule_breakers, profile_fields, excluded):
    prepare(engine)

    titles = [match.facts.title for match in engine.match(MatchProfile(**profile_fields), limit=50)]

    assert "Fits" in titles
    assert rule_breakers[excluded].title not in titles


def test_online_only_roles_are_left_out_for_people_who_want_in_person(engine, rule_breakers):
    prepare(engine)

    titles = [match.facts.title for match in engine.match(MatchProfile(online_ok=False), limit=50)]

    assert "Fits" not in titles
    assert "Too far" in titles


@pytest.mark.elasticsearch
def test_both_engines_return_the_same_top_ten(elasticsearch, make_organisation, settings):
    from core.models import Community, Topic

    for name in [
        "Crisis care",
        "Housing",
        "Psychosis",
        "Research",
        "Peer support",
        "Welfare benefits",
        "Trauma",
    ]:
        Topic.objects.create(name=name)
    for name in ["Carers", "LGBTQ+ people", "Young people", "Deaf people"]:
        Community.objects.create(name=name)
    create_random_opportunities(200, organisation=make_organisation(), seed=11)
    index_opportunities(refresh=True)
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    community_ids = list(Community.objects.values_list("pk", flat=True))
    rng = random.Random(5)
    now = timezone.now()
    embedded, elastic = EmbeddedEngine(), ElasticsearchEngine()

    compared = 0
    for number in range(30):
        profile = random_profile(
            rng, topic_ids=topic_ids, community_ids=community_ids, with_text=number % 2 == 0
        )
        expected = [
            (m.facts.id, round(m.score, 6)) for m in embedded.match(profile, limit=10, now=now)
        ]
        actual = [
            (m.facts.id, round(m.score, 6)) for m in elastic.match(profile, limit=10, now=now)
        ]
        assert actual == expected, profile
        compared += len(expected)

    assert compared > 150  # most profiles have a full top ten
