"""The hard rules, the parts of the score and the reasons, without any engine."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.matching import rules, scoring
from search.matching.facts import Location, OpportunityFacts
from search.matching.profile import MatchProfile

NOW = timezone.now()
MANCHESTER = (53.4794, -2.2453)
SALFORD = (53.4875, -2.2901)  # about 3 km away
LEEDS = (53.7997, -1.5492)  # about 58 km away


def opportunity(**fields):
    defaults = {
        "id": 1,
        "title": "Crisis line review",
        "url": "/x/",
        "organisation": "Org",
        "who_for": "both",
        "format": "online",
        "role_type": "consultant",
        "level": "strategic",
        "region": "north_west",
        "published_at": NOW,
        "rolling": True,
    }
    defaults.update(fields)
    if "latitude" in defaults:
        defaults["location"] = Location(defaults.pop("latitude"), defaults.pop("longitude"))
    return OpportunityFacts(**defaults)


def person(**fields):
    return MatchProfile(**fields)


@pytest.mark.parametrize(
    ("profile", "facts"),
    [
        (person(who="service_user"), opportunity(who_for="carers")),
        (person(who="carer"), opportunity(who_for="service_users")),
        (person(in_person_ok=False), opportunity(format="in_person")),
        (person(online_ok=False), opportunity(format="online")),
        (person(payment_need="must_be_paid"), opportunity(paid=False, expenses_covered=True)),
        (
            person(payment_need="must_cover_expenses"),
            opportunity(paid=True, expenses_covered=False),
        ),
        (
            person(latitude=MANCHESTER[0], longitude=MANCHESTER[1], max_distance_km=20),
            opportunity(format="in_person", latitude=LEEDS[0], longitude=LEEDS[1]),
        ),
        (person(), opportunity(rolling=False, deadline=(NOW - timedelta(days=1)).date())),
    ],
)
def test_each_hard_rule_excludes(profile, facts):
    assert not rules.passes_hard_rules(profile, facts)
    assert scoring.rank(profile, [facts], limit=10, now=NOW) == []


@pytest.mark.parametrize(
    ("profile", "facts"),
    [
        (person(who="service_user"), opportunity(who_for="both")),
        (person(who="both"), opportunity(who_for="carers")),
        (person(in_person_ok=False), opportunity(format="hybrid")),
        (
            person(latitude=MANCHESTER[0], longitude=MANCHESTER[1], max_distance_km=20),
            opportunity(format="in_person", latitude=SALFORD[0], longitude=SALFORD[1]),
        ),
        (
            person(latitude=MANCHESTER[0], longitude=MANCHESTER[1], max_distance_km=20),
            opportunity(format="hybrid", latitude=LEEDS[0], longitude=LEEDS[1]),
        ),
        (
            person(payment_need="must_cover_expenses"),
            opportunity(paid=False, expenses_covered=True),
        ),
    ],
)
def test_what_the_hard_rules_let_through(profile, facts):
    assert rules.passes_hard_rules(profile, facts)


def test_closer_in_person_roles_score_higher():
    profile = person(latitude=MANCHESTER[0], longitude=MANCHESTER[1], online_ok=False)
    near = opportunity(id=1, format="in_person", latitude=SALFORD[0], longitude=SALFORD[1])
    far = opportunity(id=2, format="in_person", latitude=LEEDS[0], longitude=LEEDS[1])

    ranked = scoring.rank(profile, [far, near], limit=10, now=NOW)

    assert [match.facts.id for match in ranked] == [1, 2]
    assert "About 2 miles from you" in ranked[0].reasons
    assert any("miles from you" in text for text in ranked[1].unmet)


def test_online_counts_in_full_for_people_who_do_not_travel_and_below_a_role_nearby_otherwise():
    online = opportunity(format="online")
    nearby = opportunity(format="in_person", latitude=SALFORD[0], longitude=SALFORD[1])
    far_hybrid = opportunity(format="hybrid", latitude=LEEDS[0], longitude=LEEDS[1])
    near_hybrid = opportunity(format="hybrid", latitude=SALFORD[0], longitude=SALFORD[1])
    at_home = person(latitude=MANCHESTER[0], longitude=MANCHESTER[1], in_person_ok=False)
    nowhere = person()
    traveller = person(latitude=MANCHESTER[0], longitude=MANCHESTER[1])

    def distance(profile, facts):
        return scoring.parts_for(profile, facts, now=NOW)["distance"]

    assert distance(at_home, online) == distance(nowhere, online) == 1.0
    assert distance(traveller, nearby) > distance(traveller, online)
    assert distance(traveller, near_hybrid) > distance(traveller, far_hybrid)
    assert distance(traveller, far_hybrid) == pytest.approx(distance(traveller, online), abs=1e-4)


def test_topic_overlap_counts_and_is_explained_by_name():
    profile = person(
        topic_ids=frozenset({1, 2}), names={"topics": {1: "Housing", 2: "Crisis care"}}
    )
    both = opportunity(id=1, topic_ids=frozenset({1, 2}))
    one = opportunity(id=2, topic_ids=frozenset({2}))
    none = opportunity(id=3, topic_ids=frozenset({9}))

    ranked = scoring.rank(profile, [none, one, both], limit=10, now=NOW)

    assert [match.facts.id for match in ranked] == [1, 2, 3]
    assert "Matches your interests: Crisis care, Housing" in ranked[0].reasons
    assert "Not about the topics you chose" in ranked[2].unmet


def test_money_is_explained_plainly():
    [match] = scoring.rank(
        person(),
        [opportunity(paid=True, fee_amount=25.0, fee_unit="hour", payment_choice=True)],
        limit=1,
        now=NOW,
    )

    assert "Paid £25 an hour; you can choose expenses only" in match.reasons


def test_not_before_10_is_a_reason_or_an_unmet_need():
    profile = person(not_before_10=True)
    late = opportunity(id=1, earliest_start_minutes=10 * 60 + 30)
    early = opportunity(id=2, earliest_start_minutes=9 * 60)

    ranked = {
        match.facts.id: match for match in scoring.rank(profile, [late, early], limit=10, now=NOW)
    }

    assert "Meetings start after 10am" in ranked[1].reasons
    assert "Some meetings start before 10am" in ranked[2].unmet
    assert ranked[1].score > ranked[2].score


def test_an_empty_profile_still_ranks_by_standards_and_freshness():
    better = opportunity(id=1, check_ratio=1.0, published_at=NOW - timedelta(days=2))
    older = opportunity(id=2, check_ratio=1.0, published_at=NOW - timedelta(days=60))
    weaker = opportunity(id=3, check_ratio=0.3, published_at=NOW - timedelta(days=2))

    ranked = scoring.rank(person(), [weaker, older, better], limit=10, now=NOW)

    assert [match.facts.id for match in ranked] == [1, 2, 3]


def test_ties_are_broken_by_newest_then_id():
    same = {"published_at": NOW - timedelta(days=3), "check_ratio": 0.5}
    ranked = scoring.rank(
        person(), [opportunity(id=7, **same), opportunity(id=3, **same)], limit=10, now=NOW
    )

    assert [match.facts.id for match in ranked] == [3, 7]


def test_weights_are_all_positive_and_the_score_stays_between_0_and_1():
    assert all(weight > 0 for weight in scoring.WEIGHTS.values())
    parts = dict.fromkeys(scoring.WEIGHTS, 1.0)
    assert scoring.weighted_score(parts) == pytest.approx(1.0)
    assert scoring.weighted_score(dict.fromkeys(scoring.WEIGHTS, 0.0)) == 0.0
