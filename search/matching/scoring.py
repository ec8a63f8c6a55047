"""How well an opportunity fits a person: the score parts, their weights, and the ranking.

Each ScorePart is written once in both forms: `python(profile, facts, now)` gives 0..1, and
`functions(profile, now)` gives Elasticsearch function_score functions (score_mode "sum")
whose weighted sum is the same number. So the Elasticsearch engine's candidates come back in
the order the Python score would give, up to float32 rounding (about 1e-7 of the score), and
both engines rank the candidates with the Python form.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from elasticsearch.dsl import Q

from core.geography import distance_km
from opportunities.models.choices import Format
from search.matching.profile import PaymentNeed
from search.matching.rules import passes_hard_rules

# Topic, community and support overlap count in full after this many shared terms.
OVERLAP_FULL_AT = 3
# A person's own words count in full after this many shared words: a paragraph shares a few
# words with almost any advert, so a few are not enough.
WORDS_FULL_AT = 6
# Distance: half the score at this many kilometres (Elasticsearch's gauss decay, decay 0.5).
DISTANCE_SCALE_KM = 15.0
# Freshness: half the score for an advert this many days old (Elasticsearch's exp decay).
FRESHNESS_HALF_LIFE_DAYS = 30
TEN_AM = 10 * 60


@dataclass(frozen=True)
class ScorePart:
    name: str
    weight: float
    facts: tuple  # the Facts it reads
    python: Callable  # (profile, facts, now) -> 0..1
    functions: Callable  # (profile, now) -> [function_score function]; weights sum to the part


# Overlap: shared terms over min(wanted, OVERLAP_FULL_AT), at most 1. In Elasticsearch, one
# function per step k = 1..K: "at least k of the wanted terms", each worth 1/K.


def overlap(wanted, offered, full_at=OVERLAP_FULL_AT):
    if not wanted:
        return 0.0
    return min(len(wanted & offered) / min(len(wanted), full_at), 1.0)


def overlap_functions(index_field, wanted, full_at=OVERLAP_FULL_AT):
    if not wanted:
        return []
    steps = min(len(wanted), full_at)
    terms = [Q("term", **{index_field: value}) for value in sorted(wanted)]
    return [
        {"filter": Q("bool", should=terms, minimum_should_match=k), "weight": 1 / steps}
        for k in range(1, steps + 1)
    ]


def overlap_part(name, weight, index_field, wanted_of, full_at=OVERLAP_FULL_AT):
    return ScorePart(
        name,
        weight,
        (index_field,),
        lambda profile, facts, now: overlap(
            wanted_of(profile), getattr(facts, index_field), full_at
        ),
        lambda profile, now: overlap_functions(index_field, wanted_of(profile), full_at),
    )


def one_of_part(name, weight, index_field, wanted_of):
    return ScorePart(
        name,
        weight,
        (index_field,),
        lambda profile, facts, now: (
            1.0 if getattr(facts, index_field) in wanted_of(profile) else 0.0
        ),
        lambda profile, now: (
            [{"filter": Q("terms", **{index_field: sorted(wanted_of(profile))}), "weight": 1.0}]
            if wanted_of(profile)
            else []
        ),
    )


# Distance: 1 for a role they can join online; otherwise a gaussian of the distance.


def travel_formats(profile):
    return {Format.IN_PERSON} if profile.online_ok else {Format.IN_PERSON, Format.HYBRID}


def gaussian(distance, scale):
    return 0.5 ** ((distance / scale) ** 2)


# A role they would travel to, where one side has no place: neither near nor far.
UNKNOWN_DISTANCE = 0.5


# For someone who also goes in person and gave a place, joining from afar is worth this much
# of a role on their doorstep; a hybrid role near them counts like an in-person one.
REMOTE = 0.75


def travels(profile):
    return profile.in_person_ok and profile.has_location


def gauss_to(profile, facts):
    distance = distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)
    return gaussian(distance, DISTANCE_SCALE_KM)


def distance_value(profile, facts, now=None):
    if profile.online_ok and facts.format in (Format.ONLINE, Format.HYBRID):
        if not travels(profile):
            return 1.0
        if facts.format == Format.HYBRID and facts.has_location:
            return REMOTE + (1 - REMOTE) * gauss_to(profile, facts)
        return REMOTE
    if facts.format not in travel_formats(profile):
        return 0.0
    if not (profile.has_location and facts.has_location):
        return UNKNOWN_DISTANCE
    return gauss_to(profile, facts)


def gauss_function(profile, where, weight):
    return {
        # A decay function scores a document without the field as 1: hence `exists`.
        "filter": where & Q("exists", field="location"),
        "gauss": {
            "location": {
                "origin": {"lat": profile.latitude, "lon": profile.longitude},
                "scale": f"{DISTANCE_SCALE_KM}km",
                "decay": 0.5,
            }
        },
        "weight": weight,
    }


def distance_functions(profile, now=None):
    functions = []
    if profile.online_ok:
        remote = Q("terms", format=[Format.HYBRID, Format.ONLINE])
        if not travels(profile):
            functions.append({"filter": remote, "weight": 1.0})
        else:
            functions.append({"filter": remote, "weight": REMOTE})
            functions.append(gauss_function(profile, Q("term", format=Format.HYBRID), 1 - REMOTE))
    travelled = Q("terms", format=sorted(travel_formats(profile)))
    if not profile.has_location:
        return [*functions, {"filter": travelled, "weight": UNKNOWN_DISTANCE}]
    functions.append(
        {"filter": travelled & ~Q("exists", field="location"), "weight": UNKNOWN_DISTANCE}
    )
    functions.append(gauss_function(profile, travelled, 1.0))
    return functions


# Availability: the mean of "meets at a time they chose" and "starts at 10am or later".


def availability_value(profile, facts, now=None):
    checks = []
    if profile.availability:
        checks.append(1.0 if profile.availability & facts.meeting_times else 0.0)
    if profile.not_before_10:
        start = facts.earliest_start_minutes
        checks.append(1.0 if start is not None and start >= TEN_AM else 0.0)
    return sum(checks) / len(checks) if checks else 0.0


def availability_functions(profile, now=None):
    share = 1 / ((1 if profile.availability else 0) + (1 if profile.not_before_10 else 0) or 1)
    functions = []
    if profile.availability:
        functions.append(
            {"filter": Q("terms", meeting_times=sorted(profile.availability)), "weight": share}
        )
    if profile.not_before_10:
        functions.append(
            {"filter": Q("range", earliest_start_minutes={"gte": TEN_AM}), "weight": share}
        )
    return functions


# Money handled well for them: the index keeps the value for both kinds of person
# (facts.money_handling), so Elasticsearch reads one number per document.


def money_field(profile):
    if profile.payment_need == PaymentNeed.PREFER_EXPENSES_ONLY:
        return "money_handling_expenses_only"
    return "money_handling"


def money_value(profile, facts, now=None):
    return getattr(facts, money_field(profile))


def money_functions(profile, now=None):
    return [{"field_value_factor": {"field": money_field(profile), "missing": 0}, "weight": 1.0}]


# How well run: the share of the 4Pi checks met (0..1), read straight from the document.


def check_ratio_functions(profile, now=None):
    # No filter: with score_mode "sum", a document no function matches would score 1.
    return [{"field_value_factor": {"field": "check_ratio", "missing": 0}, "weight": 1.0}]


# Freshness: halves every FRESHNESS_HALF_LIFE_DAYS from publication.


def freshness_value(profile, facts, now):
    if facts.published_at is None:
        return 0.0
    age_days = abs((now - facts.published_at).total_seconds()) / 86400
    return 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS)


def freshness_functions(profile, now):
    return [
        {
            "filter": Q("exists", field="published_at"),
            "exp": {
                "published_at": {
                    "origin": now.isoformat(timespec="milliseconds"),
                    "scale": f"{FRESHNESS_HALF_LIFE_DAYS}d",
                    "decay": 0.5,
                }
            },
            "weight": 1.0,
        }
    ]


SCORE_PARTS = [
    overlap_part("topics", 4.0, "topic_ids", lambda profile: profile.topic_ids),
    overlap_part("communities", 1.5, "community_ids", lambda profile: profile.community_ids),
    one_of_part("level", 1.0, "level", lambda profile: profile.levels),
    one_of_part("role_type", 1.0, "role_type", lambda profile: profile.role_types),
    ScorePart("distance", 1.5, ("format", "location"), distance_value, distance_functions),
    ScorePart(
        "availability",
        1.0,
        ("meeting_times", "earliest_start_minutes"),
        availability_value,
        availability_functions,
    ),
    overlap_part("support", 0.75, "support", lambda profile: profile.support_wanted),
    ScorePart(
        "money",
        1.0,
        ("money_handling", "money_handling_expenses_only"),
        money_value,
        money_functions,
    ),
    ScorePart(
        "check_ratio",
        1.0,
        ("check_ratio",),
        lambda profile, facts, now: facts.check_ratio,
        check_ratio_functions,
    ),
    ScorePart("freshness", 0.5, ("published_at",), freshness_value, freshness_functions),
    overlap_part(
        "text", 4.0, "text_terms", lambda profile: profile.text_words, full_at=WORDS_FULL_AT
    ),
]
WEIGHTS = {part.name: part.weight for part in SCORE_PARTS}
TOTAL_WEIGHT = sum(WEIGHTS.values())


def parts_for(profile, facts, *, now):
    """{part name: 0..1} for one opportunity."""
    return {part.name: part.python(profile, facts, now) for part in SCORE_PARTS}


def weighted_score(parts):
    """The weighted mean of the parts, 0..1."""
    return sum(WEIGHTS[name] * value for name, value in parts.items()) / TOTAL_WEIGHT


def score_functions(profile, now):
    """Every part's functions, weighted so that their sum is weighted_score (score_mode sum)."""
    functions = []
    for part in SCORE_PARTS:
        share = part.weight / TOTAL_WEIGHT
        for function in part.functions(profile, now):
            functions.append({**function, "weight": function.get("weight", 1.0) * share})
    return functions


@dataclass(frozen=True)
class Match:
    facts: object  # OpportunityFacts
    score: float
    parts: dict
    # (preference, text) pairs: the preference says which part of the profile drives it.
    explained_reasons: list
    explained_unmet: list

    @property
    def reasons(self):
        return [text for _, text in self.explained_reasons]

    @property
    def unmet(self):
        return [text for _, text in self.explained_unmet]

    def as_json(self):
        return {
            "external_id": self.facts.external_id or str(self.facts.id),
            "title": self.facts.title,
            "score": round(self.score, 4),
            "reasons": self.reasons,
            "unmet": self.unmet,
        }


# Scores closer than this are a tie (Elasticsearch keeps scores as float32, about 7 digits).
SCORE_DIGITS = 6


def ranking_key(score, facts):
    """Best first; ties broken by newest, then by id (the same sort Elasticsearch is given)."""
    published = facts.published_at.timestamp() if facts.published_at else float("-inf")
    return (-round(score, SCORE_DIGITS), -published, facts.id)


def rank(profile, candidates, *, limit, now=None):
    """[Match] for the best `limit` candidates that pass the hard rules, with reasons."""
    from search.matching.reasons import explain  # reasons imports scoring

    now = now or timezone.now()
    today = timezone.localdate(now)
    scored = []
    for facts in candidates:
        if not passes_hard_rules(profile, facts, today):
            continue
        parts = parts_for(profile, facts, now=now)
        scored.append((weighted_score(parts), facts, parts))
    scored.sort(key=lambda item: ranking_key(item[0], item[1]))
    results = []
    for score, facts, parts in scored[:limit]:
        reasons, unmet = explain(profile, facts, parts)
        results.append(Match(facts, score, parts, reasons, unmet))
    return results
