"""The hard rules: an opportunity that breaks one is never shown to that person, nor alerted.

Each HardRule is written once in every form it is checked in: `python` (the embedded engine,
and the final word everywhere), `opportunity_filter` (an Elasticsearch filter over opportunity
documents) and `stored_filter` (the percolator form of a member's alert: term clauses only,
because percolation is fast only for those; a rule without one is checked in Python after
percolation). A later form written against member documents takes the same shape.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from elasticsearch.dsl import Q

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
ALL_FORMATS = frozenset(Format.values)
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
    stored_filter: Callable | None  # (profile) -> Q or None; None: checked after percolation
    description: str


# Open: not closed, and rolling or before its deadline.


def is_open(profile, facts, today):
    if facts.closed:
        return False
    return facts.rolling or facts.deadline is None or facts.deadline >= today


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


def audience_stored_filter(profile):
    wanted = audiences(profile)
    return None if set(wanted) == set(WhoFor.values) else Q("terms", who_for=sorted(wanted))


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


def reach_stored_filter(profile):
    formats = formats_online(profile) | formats_in_person(profile)
    if formats == ALL_FORMATS:
        return None
    return Q("terms", format=sorted(formats)) if formats else Q("match_none")


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


HARD_RULES = [
    HardRule(
        "open", ("closed", "rolling", "deadline"), is_open, open_filter, None,
        "Still open: not closed, and rolling or before its deadline.",
    ),
    HardRule(
        "audience", ("who_for",), fits_audience, audience_filter, audience_stored_filter,
        "For people like them: service users, carers or both.",
    ),
    HardRule(
        "reach", ("format", "location"), can_reach, reach_filter, reach_stored_filter,
        "Online only if they will join online; in person (and hybrid, for someone who will "
        "not join online) only if they will go in person and it is within their distance.",
    ),
    HardRule(
        "money", ("paid", "expenses_covered"), pays_enough, money_filter, money_filter,
        "Paid if they must be paid; expenses covered if they need them covered.",
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


def interests_stored_filter(profile):
    should = [
        Q("terms", **{name: values}) for name, values in interest_terms(profile).items() if values
    ]
    return Q("bool", should=should, minimum_should_match=1) if should else None


INTERESTS = HardRule(
    "interests", ("topic_ids", "community_ids", "level", "role_type"), fits_interests,
    lambda profile, today=None: interests_stored_filter(profile), interests_stored_filter,
    "Alerts only: at least one of their topics, communities, levels or kinds of role.",
)  # fmt: skip
ALERT_RULES = [*HARD_RULES, INTERESTS]


def fits_alert(profile, facts, today):
    """True when a new opportunity should be alerted to this person (ALERT_RULES in Python)."""
    return all(rule.python(profile, facts, today) for rule in ALERT_RULES)


def stored_alert_query(profile):
    """The percolator query for a member's profile alert: every ALERT_RULES term clause.

    Rules without a stored form ("open", and the distance part of "reach") are checked in
    Python for the members percolation finds (search/alerts/recipients.py).
    """
    filters = [rule.stored_filter(profile) for rule in ALERT_RULES if rule.stored_filter]
    filters = [query for query in filters if query is not None]
    return Q("bool", filter=filters) if filters else Q("match_all")


def checked_after_percolation(profile, facts, today):
    """The rules, or parts of rules, a stored query cannot hold: open, and distance."""
    return is_open(profile, facts, today) and can_reach(profile, facts)
