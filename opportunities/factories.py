"""Organisations, their opportunities and expressions of interest, for tests, the demo seed and
the benchmarks. Vocabularies come from the models' own choices, never retyped."""

import random
from datetime import time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from core.factories import LivePageFactory, in_section
from core.geography import bundled_places
from core.models import Community, Topic
from opportunities.models import (
    ExpressionOfInterest,
    OpportunityPage,
    OrganisationMembership,
    OrganisationPage,
)
from opportunities.models.choices import (
    FeeUnit,
    Format,
    InvolvementLevel,
    OrganisationType,
    RoleType,
    WhoFor,
)


def place_of(outcode):
    """The bundled place (core/data/places.json) for an outward code such as "M1"."""
    return bundled_places()[outcode]


class OrganisationPageFactory(LivePageFactory):
    """A verified charity under the organisations section. `members=[user, ...]` makes them
    members of it (OrganisationMembership)."""

    class Meta:
        model = OrganisationPage

    parent = in_section("opportunities.OrganisationIndexPage")
    title = factory.Sequence(lambda n: f"Organisation {n}")
    organisation_type = OrganisationType.CHARITY
    verified = True

    @factory.post_generation
    def members(organisation, create, extracted, **kwargs):
        if not create:
            return
        for user in extracted or ():
            OrganisationMembership.objects.create(user=user, organisation=organisation)


class OpportunityPageFactory(LivePageFactory):
    """A paid online opportunity, open until filled, under `parent` (an organisation; a new one
    unless given). `topics=` and `communities=` take lists of terms.

    Traits: `unpaid`, `expenses` (travel covered), `in_person` / `hybrid` (online unless one is
    given), and the parameter `place="M1"` (an outward code of core/data/places.json) for the
    postcode, region and coordinates.
    """

    class Meta:
        model = OpportunityPage

    _parental_m2m = ("topics", "communities")

    parent = factory.SubFactory(OrganisationPageFactory)
    title = factory.Sequence(lambda n: f"Opportunity {n}")
    summary = "Tell us what works in our peer support course."
    role_type = RoleType.CRITICAL_FRIEND
    level = InvolvementLevel.OPERATIONAL
    who_for = WhoFor.BOTH
    format = Format.ONLINE
    places = 3
    rolling = True
    paid = True
    fee_amount = 20
    fee_unit = FeeUnit.HOUR
    days_to_pay = 10

    class Params:
        place = None
        unpaid = factory.Trait(paid=False, fee_amount=None, fee_unit="", days_to_pay=None)
        expenses = factory.Trait(expenses_covered=True, expenses_travel=True)
        in_person = factory.Trait(format=Format.IN_PERSON)
        hybrid = factory.Trait(format=Format.HYBRID)

    postcode = factory.LazyAttribute(lambda o: place_of(o.place)["outcode"] if o.place else "")
    region = factory.LazyAttribute(lambda o: place_of(o.place)["region"] if o.place else "")
    latitude = factory.LazyAttribute(lambda o: place_of(o.place)["latitude"] if o.place else None)
    longitude = factory.LazyAttribute(lambda o: place_of(o.place)["longitude"] if o.place else None)


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    """A member's expression of interest in an opportunity, as sent (status "submitted").

    Made directly, without the mail and records `opportunities.services.interest_express` adds:
    pass `member=` and `opportunity=` made by their own factories.
    """

    class Meta:
        model = ExpressionOfInterest

    message = "I have used the course and would like to help improve it."


# Random opportunities, for the property tests and the benchmarks.

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
PLACES = sorted(bundled_places().values(), key=lambda row: row["outcode"])


def random_opportunity_fields(rng, *, topic_ids, community_ids, now):
    """Field values for one random opportunity, drawn from `rng` (a random.Random) over the
    models' choices and the bundled places. Keys starting with "_" are not fields:
    `_published_at` (datetime), `_topics` and `_communities` (lists of ids)."""
    place = rng.choice(PLACES)
    fmt = rng.choice(Format.values)
    paid = rng.random() < 0.6
    published = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1440))
    rolling = rng.random() < 0.3
    return {
        "title": " ".join(rng.sample(WORDS, 3)).capitalize(),
        "summary": " ".join(rng.sample(WORDS, 8)),
        "role_type": rng.choice(RoleType.values),
        "level": rng.choice(InvolvementLevel.values),
        "who_for": rng.choice(WhoFor.values),
        "format": fmt,
        "region": place["region"],
        "latitude": None if fmt == "online" else place["latitude"] + rng.uniform(-0.05, 0.05),
        "longitude": None if fmt == "online" else place["longitude"] + rng.uniform(-0.05, 0.05),
        "paid": paid,
        "fee_amount": Decimal(rng.choice([15, 20, 25, 30, 150])) if paid else None,
        "fee_unit": rng.choice(FeeUnit.values) if paid else "",
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


def create_random_opportunities(count, *, organisation, seed=1, now=None):
    """Create `count` live OpportunityPages under `organisation`, the same ones for the same
    seed (slugs and external ids "synthetic-<seed>-<n>"), over the existing topics and
    communities. Straight to live without revisions: nobody edits them. Returns the pages."""
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
        pages.append(
            OpportunityPageFactory(
                parent=organisation,
                slug=f"synthetic-{seed}-{number}",
                external_id=f"synthetic-{seed}-{number}",
                first_published_at=published_at,
                last_published_at=published_at,
                topics=fields.pop("_topics"),
                communities=fields.pop("_communities"),
                publish=False,
                **fields,
            )
        )
    return pages
