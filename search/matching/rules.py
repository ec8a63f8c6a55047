"""The hard rules: an opportunity that breaks one is never shown to that person, nor alerted.

Each HardRule is written once in every form it is checked in: `python` (the embedded engine,
and the final word everywhere), `opportunity_filter` (an Elasticsearch filter over opportunity
documents, for matching a person) and the reverse form for alerts: the fields of a member's
alert document and a filter over those documents built from a new opportunity's facts
(decision 12).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from elasticsearch.dsl import Boolean, Double, GeoPoint, Integer, Keyword, Q

from core.geography import distance_km
from opportunities.models.choices import Format, WhoFor
from search.matching.profile import MatchProfile, PaymentNeed, Who

# Who each kind of person may be shown (an opportunity for "both" suits everyone).
WHO_FITS = {
    Who.SERVICE_USER: {WhoFor.SERVICE_USERS, WhoFor.BOTH},
    Who.CARER: {WhoFor.CARERS, WhoFor.BOTH},
    Who.BOTH: {WhoFor.SERVICE_USERS, WhoFor.CARERS, WhoFor.BOTH},
    "": {WhoFor.SERVICE_USERS, WhoFor.CARERS, WhoFor.BOTH},
}
# Half the Earth's circumference (km): a limit at least this long reaches everywhere.
HALF_EARTH_KM = 20_015
# Distances are compared to the metre: Elasticsearch stores points to about a centimetre and
# refuses a geo_distance of zero, so "0 km" means "within a metre".
REACH_TOLERANCE_KM = 0.001


@dataclass(frozen=True)
class HardRule:
    name: str
    facts: tuple  # the Facts it reads (search/matching/facts.py)
    python: Callable  # (profile, facts, today) -> bool
    opportunity_filter: Callable  # (profile, today) -> Q, or None when it allows everything
    description: str
    # The reverse form: what the rule needs to know about a member, kept in their alert
    # document (`member_mapping`: {field: Elasticsearch field}; `member_values(profile)`:
    # {field: JSON value}), and `reverse_filter(facts, today, distances)`: a filter over those
    # documents that keeps exactly the members the opportunity passes for (None: all of them).
    member_mapping: dict = field(default_factory=dict)
    member_values: Callable = lambda profile: {}
    reverse_filter: Callable = lambda facts, today, distances: None


# Open: not closed, and rolling or before its deadline.


def is_open(profile, facts, today):
    if facts.closed:
        return False
    return facts.rolling or facts.deadline is None or facts.deadline >= today


def open_reverse_filter(facts, today, distances=()):
    # About the opportunity alone: every member or none.
    return None if is_open(None, facts, today) else Q("match_none")


def open_filter(profile=None, today=None):
    return Q("term", closed=False) & (
        Q("term", rolling=True)
        | ~Q("exists", field="deadline")
        | Q("range", deadline={"gte": today.isoformat()})
    )


# Audience: who the role is for.


def audiences(profile):
    return WHO_FITS.get(profile.who, WHO_FITS[""])


def fits_audience(profile, facts, today=None):
    return facts.who_for in audiences(profile)


def audience_filter(profile, today=None):
    return Q("terms", who_for=sorted(audiences(profile)))


def audience_member_values(profile):
    return {"who_for": sorted(audiences(profile))}


def audience_reverse_filter(facts, today=None, distances=()):
    return Q("term", who_for=facts.who_for)


# Reach: the format against online_ok, in_person_ok and distance. For someone who will not join
# online, a hybrid role is an in-person role.
#
#   format     | online_ok             | not online_ok
#   online     | shown                 | never
#   in_person  | in_person_ok & within | in_person_ok & within
#   hybrid     | shown                 | in_person_ok & within
#
# "within": no limit, or no place known on either side, or the distance is at most the limit.


def reach_limit_km(profile: MatchProfile):
    """The distance limit that applies, in km, or None when nothing is too far."""
    limit = profile.max_distance_km
    if limit is None or not profile.has_location or limit >= HALF_EARTH_KM:
        return None
    return max(float(limit), 0.0)


def within_reach(profile, facts):
    limit = reach_limit_km(profile)
    if limit is None or not facts.has_location:
        return True
    distance = distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)
    return distance <= limit + REACH_TOLERANCE_KM


def formats_online(profile):
    """Formats they can join without travelling."""
    return {Format.ONLINE, Format.HYBRID} if profile.online_ok else set()


def formats_in_person(profile):
    """Formats they can only join by travelling, so the distance decides."""
    if not profile.in_person_ok:
        return set()
    return {Format.IN_PERSON} if profile.online_ok else {Format.IN_PERSON, Format.HYBRID}


def can_reach(profile, facts, today=None):
    if facts.format in formats_online(profile):
        return True
    return facts.format in formats_in_person(profile) and within_reach(profile, facts)


def reach_filter(profile, today=None):
    allowed = []
    if formats_online(profile):
        allowed.append(Q("terms", format=sorted(formats_online(profile))))
    if formats_in_person(profile):
        travelled = Q("terms", format=sorted(formats_in_person(profile)))
        limit = reach_limit_km(profile)
        if limit is not None:
            metres = (limit + REACH_TOLERANCE_KM) * 1000
            near = Q(
                "geo_distance",
                distance=f"{metres:.3f}m",
                location={"lat": profile.latitude, "lon": profile.longitude},
            )
            travelled &= ~Q("exists", field="location") | near
        allowed.append(travelled)
    if not allowed:
        return Q("match_none")
    return Q("bool", should=allowed, minimum_should_match=1)


def reach_member_values(profile):
    """Where and how far they travel: a place and a limit only when a limit applies."""
    values = {
        "formats_online": sorted(formats_online(profile)),
        "formats_in_person": sorted(formats_in_person(profile)),
    }
    limit = reach_limit_km(profile)
    if limit is not None:
        values["home"] = {"lat": profile.latitude, "lon": profile.longitude}
        values["reach_km"] = limit
    return values


def reach_reverse_filter(facts, today=None, distances=()):
    """Members who can join from home, or who travel and for whom the place is within their
    limit: one geo_distance clause per limit in use (`distances`, km), each for the members
    with that limit, so the distance is exact and nothing is checked afterwards."""
    from_home = Q("term", formats_online=facts.format)
    travels = Q("term", formats_in_person=facts.format)
    if facts.has_location:
        place = {"lat": facts.latitude, "lon": facts.longitude}
        within = [~Q("exists", field="reach_km")]
        for km in sorted(set(distances)):
            metres = (km + REACH_TOLERANCE_KM) * 1000
            within.append(
                Q("term", reach_km=km) & Q("geo_distance", distance=f"{metres:.3f}m", home=place)
            )
        travels &= Q("bool", should=within, minimum_should_match=1)
    return Q("bool", should=[from_home, travels], minimum_should_match=1)


# Money.


def pays_enough(profile, facts, today=None):
    if profile.payment_need == PaymentNeed.MUST_BE_PAID:
        return facts.paid
    if profile.payment_need == PaymentNeed.MUST_COVER_EXPENSES:
        return facts.expenses_covered
    return True


def money_filter(profile, today=None):
    if profile.payment_need == PaymentNeed.MUST_BE_PAID:
        return Q("term", paid=True)
    if profile.payment_need == PaymentNeed.MUST_COVER_EXPENSES:
        return Q("term", expenses_covered=True)
    return None


def money_member_values(profile):
    return {"payment_need": profile.payment_need or PaymentNeed.ANY}


def money_reverse_filter(facts, today=None, distances=()):
    refused = []
    if not facts.paid:
        refused.append(PaymentNeed.MUST_BE_PAID)
    if not facts.expenses_covered:
        refused.append(PaymentNeed.MUST_COVER_EXPENSES)
    return ~Q("terms", payment_need=sorted(refused)) if refused else None


HARD_RULES = [
    HardRule(
        "open", ("closed", "rolling", "deadline"), is_open, open_filter,
        "Still open: not closed, and rolling or before its deadline.",
        reverse_filter=open_reverse_filter,
    ),
    HardRule(
        "audience", ("who_for",), fits_audience, audience_filter,
        "For people like them: service users, carers or both.",
        member_mapping={"who_for": Keyword()}, member_values=audience_member_values,
        reverse_filter=audience_reverse_filter,
    ),
    HardRule(
        "reach", ("format", "location"), can_reach, reach_filter,
        "Online only if they will join online; in person (and hybrid, for someone who will "
        "not join online) only if they will go in person and it is within their distance.",
        member_mapping={
            "formats_online": Keyword(), "formats_in_person": Keyword(), "home": GeoPoint(),
            "reach_km": Double(),
        },
        member_values=reach_member_values, reverse_filter=reach_reverse_filter,
    ),
    HardRule(
        "money", ("paid", "expenses_covered"), pays_enough, money_filter,
        "Paid if they must be paid; expenses covered if they need them covered.",
        member_mapping={"payment_need": Keyword()}, member_values=money_member_values,
        reverse_filter=money_reverse_filter,
    ),
]  # fmt: skip


def passes_hard_rules(profile, facts, today=None):
    """True when the opportunity breaks none of HARD_RULES for this person (today: a date)."""
    today = today or timezone.localdate()
    return all(rule.python(profile, facts, today) for rule in HARD_RULES)


def opportunity_filters(profile, today):
    """The hard rules as a list of Elasticsearch filters over opportunity documents."""
    filters = (rule.opportunity_filter(profile, today) for rule in HARD_RULES)
    return [query for query in filters if query is not None]


# Alerts add one rule: with interests given, at least one must be met (with none, anything
# allowed fits), so that an alert is about something they asked for.


def interest_terms(profile):
    return {
        "topic_ids": sorted(profile.topic_ids),
        "community_ids": sorted(profile.community_ids),
        "level": sorted(profile.levels),
        "role_type": sorted(profile.role_types),
    }


def fits_interests(profile, facts, today=None):
    if not any(interest_terms(profile).values()):
        return True
    return bool(
        profile.topic_ids & facts.topic_ids
        or profile.community_ids & facts.community_ids
        or facts.level in profile.levels
        or facts.role_type in profile.role_types
    )


def interests_filter(profile, today=None):
    should = [
        Q("terms", **{name: values}) for name, values in interest_terms(profile).items() if values
    ]
    return Q("bool", should=should, minimum_should_match=1) if should else None


def interests_member_values(profile):
    terms = interest_terms(profile)
    return {**terms, "interests_given": any(terms.values())}


def interests_reverse_filter(facts, today=None, distances=()):
    should = [Q("term", interests_given=False)]
    for name in ("topic_ids", "community_ids"):
        if getattr(facts, name):
            should.append(Q("terms", **{name: sorted(getattr(facts, name))}))
    for name in ("level", "role_type"):
        if getattr(facts, name):
            should.append(Q("term", **{name: getattr(facts, name)}))
    return Q("bool", should=should, minimum_should_match=1)


INTERESTS = HardRule(
    "interests", ("topic_ids", "community_ids", "level", "role_type"), fits_interests,
    interests_filter,
    "Alerts only: at least one of their topics, communities, levels or kinds of role.",
    member_mapping={
        "topic_ids": Integer(), "community_ids": Integer(), "level": Keyword(),
        "role_type": Keyword(), "interests_given": Boolean(),
    },
    member_values=interests_member_values, reverse_filter=interests_reverse_filter,
)  # fmt: skip
ALERT_RULES = [*HARD_RULES, INTERESTS]


def fits_alert(profile, facts, today):
    """True when a new opportunity should be alerted to this person (ALERT_RULES in Python)."""
    return all(rule.python(profile, facts, today) for rule in ALERT_RULES)


# The reverse form: members' alert rules as documents, one query per new opportunity.


def member_alert_values(profile, rules=None):
    """{field: JSON value} of a member's alert document for these rules (default ALERT_RULES)."""
    values = {}
    for rule in ALERT_RULES if rules is None else rules:
        values.update(rule.member_values(profile))
    return values


def member_alert_mapping():
    """{field: Elasticsearch field} of every rule's part of a member's alert document."""
    mapping = {}
    for rule in ALERT_RULES:
        mapping.update(rule.member_mapping)
    return mapping


def reverse_filters(facts, today, distances, rules=None):
    """The rules' reverse forms for one opportunity: a list of filters over member documents.

    distances: every travel limit (km) member documents hold; see reach_reverse_filter.
    """
    filters = (
        rule.reverse_filter(facts, today, distances)
        for rule in (ALERT_RULES if rules is None else rules)
    )
    return [query for query in filters if query is not None]
