"""Relevance: personas with judged opportunities; the Elasticsearch engine must reach nDCG@10 of
at least 0.8. The judgments were written from what each person would want, before tuning.

Grades: 3 = exactly what they are looking for, 2 = a good fit, 1 = might interest them,
0 (or unjudged) = not for them.
"""

from datetime import time

import pytest

from search.matching.elasticsearch_engine import ElasticsearchEngine
from search.matching.engines import EmbeddedEngine
from tests.search.relevance import ndcg, persona_profile, publish_catalogue

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]

PLACES = {
    "manchester": (53.4794, -2.2453),
    "leeds": (53.7997, -1.5492),
    "london": (51.5033, -0.0920),
    "bristol": (51.4545, -2.5879),
    "bath": (51.3811, -2.3590),
    "exeter": (50.7236, -3.5275),
}

WELL_RUN = {
    "purpose": "Services were designed without the people who use them.",
    "can_change": "How the service works day to day.",
    "cannot_change": "The budget set by commissioners.",
    "expected_outcomes": "Changes agreed with the people involved.",
    "responsibilities": "Read papers, join meetings and say what you think.",
    "places": 4,
    "papers_days_ahead": 7,
    "step_free": True,
    "recruitment": "We read every expression of interest and choose a mix of people.",
    "feedback": "We write to everyone within a month.",
}

# key: (title, topics, communities, fields)
OPPORTUNITIES = {
    "crisis_bme_panel": (
        "Crisis care review panel for Black communities",
        ["Crisis care", "Racism and mental health"],
        ["Black and minority ethnic communities"],
        {
            **WELL_RUN,
            "format": "in_person",
            "place": "manchester",
            "paid": True,
            "fee_amount": 25,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "payment_choice": True,
            "level": "strategic",
            "role_type": "expert_by_experience",
            "earliest_start": time(10, 30),
            "support_peer": True,
            "support_briefing": True,
            "meets_weekday_daytime": True,
        },
    ),
    "online_crisis_codesign": (
        "Co-design our online crisis line",
        ["Crisis care"],
        [],
        {
            **WELL_RUN,
            "format": "online",
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "payment_choice": True,
            "level": "operational",
            "role_type": "co_worker",
            "earliest_start": time(11, 0),
            "support_briefing": True,
            "meets_weekday_daytime": True,
        },
    ),
    "leeds_crisis_house": (
        "Crisis house evaluation",
        ["Crisis care"],
        [],
        {
            "format": "in_person",
            "place": "leeds",
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "level": "monitoring_evaluation",
            "role_type": "critical_friend",
            "earliest_start": time(9, 30),
        },
    ),
    "antiracism_group": (
        "Anti-racism advisory group for mental health services",
        ["Racism and mental health"],
        ["Black and minority ethnic communities"],
        {
            **WELL_RUN,
            "format": "hybrid",
            "place": "london",
            "paid": True,
            "fee_amount": 150,
            "fee_unit": "day",
            "days_to_pay": 30,
            "payment_choice": True,
            "level": "strategic",
            "role_type": "consultant",
            "earliest_start": time(10, 0),
            "support_peer": True,
        },
    ),
    "unpaid_peer_volunteer": (
        "Volunteer peer supporter",
        ["Peer support"],
        [],
        {
            "format": "in_person",
            "place": "manchester",
            "paid": False,
            "expenses_covered": True,
            "level": "community",
            "role_type": "other",
        },
    ),
    "carers_housing_forum": (
        "Housing and benefits forum for carers",
        ["Housing", "Welfare benefits"],
        ["Carers"],
        {
            **WELL_RUN,
            "format": "hybrid",
            "place": "leeds",
            "who_for": "carers",
            "paid": False,
            "expenses_covered": True,
            "expenses_travel": True,
            "level": "community",
            "role_type": "critical_friend",
            "meets_weekday_evening": True,
            "earliest_start": time(18, 0),
            "support_peer": True,
        },
    ),
    "carers_discharge": (
        "Carers' voice in discharge planning",
        ["Housing"],
        ["Carers"],
        {
            **WELL_RUN,
            "format": "online",
            "who_for": "carers",
            "paid": True,
            "fee_amount": 15,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "payment_choice": True,
            "level": "operational",
            "role_type": "expert_by_experience",
            "meets_weekday_evening": True,
            "earliest_start": time(18, 30),
        },
    ),
    "benefits_leaflet": (
        "Review our benefits advice leaflet",
        ["Welfare benefits"],
        [],
        {
            "format": "online",
            "paid": False,
            "expenses_covered": False,
            "level": "operational",
            "role_type": "critical_friend",
        },
    ),
    "supported_housing_inspection": (
        "Supported housing inspection team",
        ["Housing"],
        [],
        {
            **WELL_RUN,
            "format": "in_person",
            "place": "leeds",
            "who_for": "service_users",
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "level": "monitoring_evaluation",
            "role_type": "expert_by_experience",
        },
    ),
    "young_psychosis_research": (
        "Young people's psychosis research advisory group",
        ["Psychosis", "Research"],
        ["Young people"],
        {
            **WELL_RUN,
            "format": "online",
            "paid": True,
            "fee_amount": 25,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "payment_choice": True,
            "level": "research",
            "role_type": "peer_researcher",
            "earliest_start": time(16, 0),
            "meets_weekday_evening": True,
            "support_training": True,
        },
    ),
    "early_intervention_peer_researcher": (
        "Peer researcher for an early intervention study",
        ["Psychosis", "Research"],
        [],
        {
            **WELL_RUN,
            "format": "hybrid",
            "place": "london",
            "paid": True,
            "fee_amount": 140,
            "fee_unit": "day",
            "days_to_pay": 30,
            "level": "research",
            "role_type": "peer_researcher",
            "support_training": True,
            "support_supervision": True,
        },
    ),
    "psychosis_ward_visits": (
        "Psychosis ward visiting panel",
        ["Psychosis"],
        [],
        {
            "format": "in_person",
            "place": "london",
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "level": "monitoring_evaluation",
            "role_type": "critical_friend",
        },
    ),
    "research_funding_panel": (
        "Research funding panel",
        ["Research"],
        [],
        {
            **WELL_RUN,
            "format": "online",
            "paid": True,
            "fee_amount": 150,
            "fee_unit": "day",
            "days_to_pay": 30,
            "level": "strategic",
            "role_type": "consultant",
        },
    ),
    "lgbtq_selfharm_group": (
        "LGBTQ+ self-harm peer group facilitator",
        ["Self-harm", "Peer support"],
        ["LGBTQ+ people"],
        {
            **WELL_RUN,
            "format": "in_person",
            "place": "bristol",
            "paid": False,
            "expenses_covered": True,
            "expenses_travel": True,
            "level": "community",
            "role_type": "co_worker",
            "meets_weekend": True,
            "earliest_start": time(11, 0),
            "support_peer": True,
            "support_emotional": True,
        },
    ),
    "selfharm_redesign": (
        "Self-harm service redesign workshops",
        ["Self-harm"],
        [],
        {
            **WELL_RUN,
            "format": "in_person",
            "place": "bristol",
            "paid": True,
            "fee_amount": 25,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "expenses_covered": True,
            "level": "operational",
            "role_type": "expert_by_experience",
            "meets_weekday_daytime": True,
            "earliest_start": time(10, 0),
        },
    ),
    "online_selfharm_review": (
        "Online self-harm resource review",
        ["Self-harm"],
        [],
        {
            "format": "online",
            "paid": False,
            "expenses_covered": True,
            "level": "operational",
            "role_type": "critical_friend",
        },
    ),
    "bath_peer_network": (
        "Bath peer support network",
        ["Peer support"],
        ["LGBTQ+ people"],
        {
            **WELL_RUN,
            "format": "in_person",
            "place": "bath",
            "paid": False,
            "expenses_covered": True,
            "level": "community",
            "role_type": "co_worker",
            "meets_weekend": True,
            "support_peer": True,
        },
    ),
    "exeter_selfharm_panel": (
        "Self-harm panel",
        ["Self-harm"],
        [],
        {
            "format": "in_person",
            "place": "exeter",
            "paid": False,
            "expenses_covered": True,
            "level": "operational",
            "role_type": "critical_friend",
            "meets_weekend": True,
        },
    ),
    "general_register": (
        "Join our involvement register",
        [],
        [],
        {
            "format": "online",
            "paid": False,
            "expenses_covered": True,
            "level": "community",
            "role_type": "other",
        },
    ),
    "national_strategy_panel": (
        "National mental health strategy panel",
        [],
        [],
        {
            **WELL_RUN,
            "format": "online",
            "paid": True,
            "fee_amount": 150,
            "fee_unit": "day",
            "days_to_pay": 14,
            "payment_choice": True,
            "benefits_letter": True,
            "level": "strategic",
            "role_type": "consultant",
            "earliest_start": time(10, 30),
            "support_briefing": True,
            "support_admin": True,
        },
    ),
    "vague_survey": (
        "Tell us what you think",
        [],
        [],
        {
            "format": "online",
            "paid": False,
            "expenses_covered": False,
            "level": "community",
            "role_type": "other",
        },
    ),
    "peer_training_cofacilitator": (
        "Peer support training co-facilitator",
        ["Peer support"],
        [],
        {
            **WELL_RUN,
            "format": "online",
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "days_to_pay": 14,
            "level": "operational",
            "role_type": "co_worker",
            "earliest_start": time(10, 0),
            "support_training": True,
            "support_peer": True,
            "meets_weekday_daytime": True,
        },
    ),
}

PERSONAS = {
    # A Black service user in Manchester who must be paid and cannot do early mornings.
    "amara": (
        {
            "who": "service_user",
            "topics": ["Crisis care", "Racism and mental health"],
            "communities": ["Black and minority ethnic communities"],
            "place": "manchester",
            "max_distance_km": 25,
            "payment_need": "must_be_paid",
            "not_before_10": True,
            "support_wanted": ["peer", "briefing"],
            "levels": ["strategic", "operational"],
        },
        {
            "crisis_bme_panel": 3,
            "antiracism_group": 3,
            "online_crisis_codesign": 3,
            "national_strategy_panel": 2,
            "peer_training_cofacilitator": 1,
            "research_funding_panel": 1,
        },
    ),
    # A carer in Leeds, free in the evenings, who would rather have expenses only.
    "joe": (
        {
            "who": "carer",
            "topics": ["Housing", "Welfare benefits"],
            "communities": ["Carers"],
            "place": "leeds",
            "max_distance_km": 10,
            "payment_need": "prefer_expenses_only",
            "availability": ["weekday_evening"],
        },
        {
            "carers_housing_forum": 3,
            "carers_discharge": 3,
            "benefits_leaflet": 2,
            "leeds_crisis_house": 1,
            "national_strategy_panel": 1,
        },
    ),
    # A young person in London who only wants to take part online, keen on research.
    "sam": (
        {
            "who": "service_user",
            "topics": ["Psychosis", "Research"],
            "communities": ["Young people"],
            "place": "london",
            "in_person_ok": False,
            "role_types": ["peer_researcher"],
            "levels": ["research"],
        },
        {
            "young_psychosis_research": 3,
            "early_intervention_peer_researcher": 3,
            "research_funding_panel": 2,
            "national_strategy_panel": 1,
        },
    ),
    # An LGBTQ+ service user near Bristol who wants to meet people in person at weekends.
    "priya": (
        {
            "who": "service_user",
            "topics": ["Self-harm", "Peer support"],
            "communities": ["LGBTQ+ people"],
            "place": "bristol",
            "online_ok": False,
            "max_distance_km": 50,
            "payment_need": "must_cover_expenses",
            "availability": ["weekend"],
        },
        {"lgbtq_selfharm_group": 3, "bath_peer_network": 3, "selfharm_redesign": 2},
    ),
    # Someone who has told us almost nothing: well-run, open opportunities should come first.
    "dee": (
        {"who": "both"},
        {
            "national_strategy_panel": 3,
            "online_crisis_codesign": 2,
            "young_psychosis_research": 2,
            "peer_training_cofacilitator": 2,
            "research_funding_panel": 2,
            "carers_discharge": 2,
            "general_register": 1,
            "benefits_leaflet": 1,
            "vague_survey": 0,
        },
    ),
}


def ndcg_at_10(ranked_keys, judgments, k=10):
    return ndcg(ranked_keys, judgments, k)


@pytest.fixture
def judged_catalogue(elasticsearch, make_organisation, make_opportunity):
    return publish_catalogue(
        make_organisation(),
        make_opportunity,
        [(key, *entry) for key, entry in OPPORTUNITIES.items()],
        places=PLACES,
        topic_names=[
            "Crisis care", "Racism and mental health", "Housing", "Welfare benefits",
            "Psychosis", "Research", "Self-harm", "Peer support",
        ],
        community_names=[
            "Black and minority ethnic communities", "Carers", "Young people", "LGBTQ+ people",
        ],
        days=lambda number: (number * 7) % 40,
    )  # fmt: skip


@pytest.mark.parametrize("engine", [ElasticsearchEngine, EmbeddedEngine])
def test_personas_get_relevant_matches_ndcg_at_10_of_at_least_0_8(judged_catalogue, engine):
    engine = engine()
    scores, at_5 = {}, {}
    for name, (fields, judgments) in PERSONAS.items():
        matches = engine.match(persona_profile(fields, judged_catalogue, PLACES), limit=10)
        ranked = [judged_catalogue["keys_by_id"][match.facts.id] for match in matches]
        scores[name] = ndcg_at_10(ranked, judgments)
        at_5[name] = ndcg_at_10(ranked, judgments, k=5)
        print(name, "nDCG@5", round(at_5[name], 3), ranked[:5])

    mean = sum(scores.values()) / len(scores)
    print(
        "nDCG@10 by persona:",
        {name: round(value, 3) for name, value in scores.items()},
        "mean",
        round(mean, 3),
    )
    assert mean >= 0.8, scores
    assert min(scores.values()) >= 0.6, scores
    assert sum(at_5.values()) / len(at_5) >= 0.95, at_5  # nDCG@5, the target


def test_ndcg_is_one_for_the_ideal_order_and_lower_otherwise():
    judgments = {"a": 3, "b": 2, "c": 1}

    assert ndcg_at_10(["a", "b", "c"], judgments) == pytest.approx(1.0)
    assert ndcg_at_10(["c", "b", "a"], judgments) < 0.8
    assert ndcg_at_10(["x", "y"], judgments) == 0.0
