"""Random opportunity facts and member profiles without a database, for the property tests and
the benchmarks; the rows themselves come from opportunities.factories."""

from members.models import MemberProfile
from opportunities.factories import PLACES, WORDS, random_opportunity_fields
from opportunities.models.choices import AvailabilityChoice, InvolvementLevel, RoleType, SupportType
from search.matching.facts import COLUMNS, ReadContext, facts_from_row
from search.matching.profile import MatchProfile, PaymentNeed

PAYMENT_NEEDS = [PaymentNeed.ANY, *PaymentNeed.values]  # "any" twice as often


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
    """A MatchProfile drawn from `rng` over the models' choices and the bundled places."""
    place = rng.choice(PLACES)
    has_location = rng.random() < 0.8
    return MatchProfile(
        who=rng.choice(["", *MemberProfile.Who.values]),
        topic_ids=frozenset(rng.sample(topic_ids, k=min(len(topic_ids), rng.randint(0, 4)))),
        community_ids=frozenset(
            rng.sample(community_ids, k=min(len(community_ids), rng.randint(0, 2)))
        ),
        levels=frozenset(rng.sample(InvolvementLevel.values, k=rng.randint(0, 2))),
        role_types=frozenset(rng.sample(RoleType.values, k=rng.randint(0, 2))),
        latitude=place["latitude"] if has_location else None,
        longitude=place["longitude"] if has_location else None,
        max_distance_km=rng.choice([None, 10, 25, 50]) if has_location else None,
        online_ok=rng.random() < 0.85,
        in_person_ok=rng.random() < 0.85,
        payment_need=rng.choice(PAYMENT_NEEDS),
        availability=frozenset(rng.sample(AvailabilityChoice.values, k=rng.randint(0, 2))),
        not_before_10=rng.random() < 0.3,
        support_wanted=frozenset(rng.sample(SupportType.values, k=rng.randint(0, 2))),
        text=" ".join(rng.sample(WORDS, 4)) if with_text else "",
    )
