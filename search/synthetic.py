"""Deterministic synthetic opportunities and profiles, for the parity tests and benchmarks."""

import random
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from core.geography import bundled_places
from opportunities.models.choices import (
    AvailabilityChoice,
    Format,
    InvolvementLevel,
    RoleType,
    SupportType,
    WhoFor,
)
from search.matching.facts import COLUMNS, ReadContext, facts_from_row
from search.matching.profile import MatchProfile, PaymentNeed

ROLE_TYPES = RoleType.values
LEVELS = InvolvementLevel.values
WHO_FOR = WhoFor.values
FORMATS = Format.values
AVAILABILITY = AvailabilityChoice.values
SUPPORT = SupportType.values
PAYMENT_NEEDS = [PaymentNeed.ANY, *PaymentNeed.values]  # "any" twice as often
PLACES = sorted(bundled_places().values(), key=lambda row: row["outcode"])
WORDS = [
    "crisis",
    "housing",
    "benefits",
    "research",
    "peer",
    "support",
    "trauma",
    "recovery",
    "college",
    "ward",
    "discharge",
    "letters",
    "community",
    "mental",
    "health",
    "act",
    "survey",
    "training",
    "panel",
    "interview",
    "recruitment",
    "strategy",
    "commissioning",
    "youth",
    "carers",
    "families",
    "digital",
    "app",
    "design",
    "review",
    "evaluation",
    "outcomes",
]


def random_opportunity_fields(rng, *, topic_ids, community_ids, now):
    place = rng.choice(PLACES)
    fmt = rng.choice(FORMATS)
    paid = rng.random() < 0.6
    published = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
    rolling = rng.random() < 0.3
    return {
        "title": " ".join(rng.sample(WORDS, 3)).capitalize(),
        "summary": " ".join(rng.sample(WORDS, 8)),
        "role_type": rng.choice(ROLE_TYPES),
        "level": rng.choice(LEVELS),
        "who_for": rng.choice(WHO_FOR),
        "format": fmt,
        "region": place["region"],
        "latitude": None if fmt == "online" else place["latitude"] + rng.uniform(-0.05, 0.05),
        "longitude": None if fmt == "online" else place["longitude"] + rng.uniform(-0.05, 0.05),
        "paid": paid,
        "fee_amount": Decimal(rng.choice([15, 20, 25, 30, 150])) if paid else None,
        "fee_unit": rng.choice(["hour", "session", "day"]) if paid else "",
        "days_to_pay": rng.choice([None, 7, 14, 30]),
        "expenses_covered": rng.random() < 0.7,
        "payment_choice": rng.random() < 0.5,
        "benefits_letter": rng.random() < 0.3,
        "meets_weekday_daytime": rng.random() < 0.6,
        "meets_weekday_evening": rng.random() < 0.3,
        "meets_weekend": rng.random() < 0.2,
        "earliest_start": rng.choice([None, time(9, 0), time(10, 0), time(11, 0), time(18, 0)]),
        "support_peer": rng.random() < 0.5,
        "support_training": rng.random() < 0.4,
        "support_emotional": rng.random() < 0.3,
        "support_briefing": rng.random() < 0.3,
        "places": rng.choice([1, 2, 3, 6]),
        "papers_days_ahead": rng.choice([None, 3, 7]),
        "purpose": "To improve services." if rng.random() < 0.7 else "",
        "can_change": "The design." if rng.random() < 0.6 else "",
        "cannot_change": "The budget." if rng.random() < 0.6 else "",
        "responsibilities": "Join meetings." if rng.random() < 0.8 else "",
        "recruitment": "We read every application." if rng.random() < 0.6 else "",
        "feedback": "We will write to you." if rng.random() < 0.6 else "",
        "rolling": rolling,
        "deadline": None if rolling else (now + timedelta(days=rng.randint(1, 90))).date(),
        "_published_at": published,
        "_topics": rng.sample(topic_ids, k=min(len(topic_ids), rng.randint(1, 3))),
        "_communities": rng.sample(community_ids, k=min(len(community_ids), rng.randint(0, 2))),
    }


def random_facts(rng, index, *, topic_ids, community_ids, now):
    """OpportunityFacts without a database, read from a row as the database reader does."""
    fields = random_opportunity_fields(
        rng, topic_ids=topic_ids, community_ids=community_ids, now=now
    )
    row = {column: fields.get(column, False) for column in COLUMNS}
    row.update(
        pk=index,
        path=f"00010001{index:04d}",
        url_path=f"/opportunities/synthetic-{index}/",
        first_published_at=fields["_published_at"],
        last_published_at=fields["_published_at"],
        closed_at=None,
        external_id=f"synthetic-{index}",
        check_ratio=rng.choice([0.25, 0.5, 0.75, 0.9, 1.0]),
    )
    context = ReadContext(
        topics={index: fields["_topics"]},
        communities={index: fields["_communities"]},
        organisations={"00010001": "Synthetic organisation"},
    )
    return facts_from_row(row, context)


def random_profile(rng, *, topic_ids, community_ids, with_text=False):
    place = rng.choice(PLACES)
    has_location = rng.random() < 0.8
    return MatchProfile(
        who=rng.choice(["", "service_user", "carer", "both"]),
        topic_ids=frozenset(rng.sample(topic_ids, k=min(len(topic_ids), rng.randint(0, 4)))),
        community_ids=frozenset(
            rng.sample(community_ids, k=min(len(community_ids), rng.randint(0, 2)))
        ),
        levels=frozenset(rng.sample(LEVELS, k=rng.randint(0, 2))),
        role_types=frozenset(rng.sample(ROLE_TYPES, k=rng.randint(0, 2))),
        latitude=place["latitude"] if has_location else None,
        longitude=place["longitude"] if has_location else None,
        max_distance_km=rng.choice([None, 10, 25, 50]) if has_location else None,
        online_ok=rng.random() < 0.85,
        in_person_ok=rng.random() < 0.85,
        payment_need=rng.choice(PAYMENT_NEEDS),
        availability=frozenset(rng.sample(AVAILABILITY, k=rng.randint(0, 2))),
        not_before_10=rng.random() < 0.3,
        support_wanted=frozenset(rng.sample(SUPPORT, k=rng.randint(0, 2))),
        text=" ".join(rng.sample(WORDS, 4)) if with_text else "",
    )


def create_opportunity_pages(count, *, organisation, seed=1, now=None):
    """Create `count` published OpportunityPages under an organisation (slow: for tests)."""
    from core.models import Community, Topic
    from opportunities.models import OpportunityPage

    now = now or timezone.now()
    rng = random.Random(seed)
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    community_ids = list(Community.objects.values_list("pk", flat=True))
    pages = []
    for number in range(count):
        fields = random_opportunity_fields(
            rng, topic_ids=topic_ids, community_ids=community_ids, now=now
        )
        published_at = fields.pop("_published_at")
        topics, communities = fields.pop("_topics"), fields.pop("_communities")
        page = OpportunityPage(
            slug=f"synthetic-{seed}-{number}",
            external_id=f"synthetic-{seed}-{number}",
            live=True,
            first_published_at=published_at,
            last_published_at=published_at,
            **fields,
        )
        # Straight to live, without revisions: synthetic pages are never edited.
        organisation.add_child(instance=page)
        page.topics.set(topics)
        page.communities.set(communities)
        pages.append(page)
    return pages
