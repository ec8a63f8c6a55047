"""How a person and an opportunity fit: the hard rules, the weighted score and the reasons.

The weights live here and nowhere else; both engines use these functions to rank, so the
Elasticsearch engine only has to find the right candidates quickly.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.geography import distance_km, km_to_miles
from search.facts import MatchProfile, OpportunityFacts

# How much each part counts. Each part is 0..1; the score is their weighted mean.
WEIGHTS = {
    "topics": 3.0,
    "communities": 1.5,
    "level": 1.0,
    "role_type": 1.0,
    "distance": 1.5,
    "availability": 1.0,
    "support": 0.75,
    "check_ratio": 1.0,
    "freshness": 0.5,
    "text": 2.0,
}
TOTAL_WEIGHT = sum(WEIGHTS.values())

# Distance: half the score at this many kilometres (a gaussian, as Elasticsearch's gauss decay).
DISTANCE_SCALE_KM = 15.0
# Freshness: half the score for an advert this many days old (as Elasticsearch's exp decay).
FRESHNESS_HALF_LIFE_DAYS = 30.0
# Topic and community overlap count in full after this many shared terms.
OVERLAP_FULL_AT = 3
TEN_AM = 10 * 60

WHO_FITS = {
    "service_user": {"service_users", "both"},
    "carer": {"carers", "both"},
    "both": {"service_users", "carers", "both"},
    "": {"service_users", "carers", "both"},
}


@dataclass(frozen=True)
class Match:
    facts: OpportunityFacts
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


# Hard rules: a broken one means the opportunity is never shown.


def is_open(facts, today=None):
    today = today or timezone.localdate()
    return facts.rolling or facts.deadline is None or facts.deadline >= today


def distance_between(profile, facts):
    if not (profile.has_location and facts.has_location):
        return None
    return distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)


def passes_hard_rules(profile: MatchProfile, facts: OpportunityFacts, today=None):
    if not is_open(facts, today):
        return False
    if facts.who_for not in WHO_FITS.get(profile.who, WHO_FITS[""]):
        return False
    if facts.format == "in_person":
        if not profile.in_person_ok:
            return False
        distance = distance_between(profile, facts)
        too_far = profile.max_distance_km is not None and distance is not None
        if too_far and distance > profile.max_distance_km:
            return False
    if facts.format == "online" and not profile.online_ok:
        return False
    if profile.payment_need == "must_be_paid" and not facts.paid:
        return False
    return not (profile.payment_need == "must_cover_expenses" and not facts.expenses_covered)


# The parts of the score, each 0..1.


def overlap_part(wanted, offered):
    if not wanted:
        return 0.0
    return min(len(wanted & offered) / min(len(wanted), OVERLAP_FULL_AT), 1.0)


def gaussian(distance, scale):
    return 0.5 ** ((distance / scale) ** 2)


def distance_part(profile, facts):
    if facts.format in ("online", "hybrid") and profile.online_ok:
        return 1.0
    distance = distance_between(profile, facts)
    if distance is None:
        return 0.0
    return gaussian(distance, DISTANCE_SCALE_KM)


def availability_part(profile, facts):
    checks = []
    if profile.availability:
        checks.append(1.0 if profile.availability & facts.meeting_times else 0.0)
    if profile.not_before_10:
        start = facts.earliest_start_minutes
        checks.append(1.0 if start is not None and start >= TEN_AM else 0.0)
    return sum(checks) / len(checks) if checks else 0.0


def freshness_part(facts, now):
    if facts.published_at is None:
        return 0.0
    age_days = max((now - facts.published_at).total_seconds() / 86400, 0.0)
    return 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS)


WORD = re.compile(r"[a-z]{3,}")
STOP_WORDS = frozenset(
    [
        "and",
        "the",
        "for",
        "with",
        "that",
        "this",
        "from",
        "have",
        "about",
        "into",
        "your",
        "you",
        "are",
        "was",
        "were",
        "our",
        "their",
        "they",
        "them",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "would",
        "can",
        "could",
        "should",
        "been",
        "being",
        "also",
        "more",
        "most",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "very",
        "just",
        "like",
        "want",
        "love",
        "help",
    ]
)


def meaningful_words(text):
    """Lower-cased words worth matching, with a light stem so 'volunteering' meets 'volunteer'."""
    words = set()
    for word in WORD.findall((text or "").lower()):
        if word in STOP_WORDS:
            continue
        for suffix in ("ing", "ers", "ies", "es", "ed", "er", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        words.add(word)
    return words


def parts_for(profile, facts, *, now, text_relevance=0.0):
    return {
        "topics": overlap_part(profile.topic_ids, facts.topic_ids),
        "communities": overlap_part(profile.community_ids, facts.community_ids),
        "level": 1.0 if facts.level in profile.levels else 0.0,
        "role_type": 1.0 if facts.role_type in profile.role_types else 0.0,
        "distance": distance_part(profile, facts),
        "availability": availability_part(profile, facts),
        "support": overlap_part(profile.support_wanted, facts.support)
        if profile.support_wanted
        else 0.0,
        "check_ratio": facts.check_ratio,
        "freshness": freshness_part(facts, now),
        "text": text_relevance,
    }


def weighted_score(parts):
    return sum(WEIGHTS[name] * value for name, value in parts.items()) / TOTAL_WEIGHT


# Reasons and what does not fit, in plain words. Every one must be true of both sides.

FEE_UNITS = {"hour": "an hour", "session": "a session", "day": "a day"}
AVAILABILITY_WORDS = {
    "weekday_daytime": "weekday daytimes",
    "weekday_evening": "weekday evenings",
    "weekend": "weekends",
}
SUPPORT_WORDS = {
    "admin": "help with admin",
    "supervision": "supervision",
    "emotional": "emotional support",
    "peer": "peer support",
    "training": "training",
    "briefing": "briefings",
}


def money_text(amount):
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def names_of(profile, kind, ids):
    names = profile.names.get(kind, {}) if profile.names else {}
    return sorted(names.get(pk, "") for pk in ids if names.get(pk))


def explain(profile, facts, parts):
    reasons, unmet = [], []
    shared_topics = names_of(profile, "topics", profile.topic_ids & facts.topic_ids)
    if shared_topics:
        reasons.append(("interests", "Matches your interests: " + ", ".join(shared_topics)))
    elif profile.topic_ids:
        unmet.append(("interests", "Not about the topics you chose"))
    shared_communities = names_of(
        profile, "communities", profile.community_ids & facts.community_ids
    )
    if shared_communities:
        reasons.append(("interests", "For communities you chose: " + ", ".join(shared_communities)))

    if facts.format == "online" and profile.online_ok:
        reasons.append(("where", "Online - you said you are happy to join online"))
    elif facts.format == "hybrid" and profile.online_ok:
        reasons.append(("where", "You can join online or in person"))
    distance = distance_between(profile, facts)
    if facts.format in ("in_person", "hybrid") and distance is not None:
        miles = km_to_miles(distance)
        text = "Less than a mile from you" if miles < 1 else f"About {round(miles)} miles from you"
        if facts.format == "in_person" or not profile.online_ok:
            (reasons if distance <= DISTANCE_SCALE_KM * 2 else unmet).append(("where", text))
    elif facts.format == "in_person" and not profile.has_location:
        unmet.append(("where", "In person; add your postcode area to see how far it is"))

    if facts.paid and facts.fee_amount is not None:
        text = f"Paid {money_text(facts.fee_amount)} {FEE_UNITS.get(facts.fee_unit, '')}".strip()
        if facts.payment_choice:
            text += "; you can choose expenses only"
        reasons.append(("money", text))
    elif facts.paid:
        reasons.append(("money", "Paid"))
    else:
        if facts.expenses_covered:
            reasons.append(("money", "Unpaid, expenses covered"))
        else:
            unmet.append(("money", "Unpaid and expenses not covered"))
    if profile.payment_need == "prefer_expenses_only":
        if facts.paid and not (facts.payment_choice or facts.vouchers_available):
            unmet.append(("money", "Paid, and it does not say you can choose expenses only"))
        if facts.benefits_letter:
            reasons.append(("money", "A letter for your benefits adviser is available"))

    if profile.levels:
        if facts.level in profile.levels:
            reasons.append(("involvement", "At a level of involvement you chose"))
        else:
            unmet.append(("involvement", "Not at a level of involvement you chose"))
    if profile.role_types:
        if facts.role_type in profile.role_types:
            reasons.append(("involvement", "A kind of role you chose"))
        else:
            unmet.append(("involvement", "Not a kind of role you chose"))

    if profile.availability:
        fits = sorted(
            AVAILABILITY_WORDS[value] for value in profile.availability & facts.meeting_times
        )
        if fits:
            reasons.append(("when", "Meets at times you said suit you: " + ", ".join(fits)))
        elif facts.meeting_times:
            unmet.append(("when", "Meets at times you did not choose"))
    if profile.not_before_10:
        start = facts.earliest_start_minutes
        if start is not None and start >= TEN_AM:
            text = "Meetings start after 10am" if start > TEN_AM else "Meetings start at 10am"
            reasons.append(("when", text))
        elif start is not None:
            unmet.append(("when", "Some meetings start before 10am"))
        else:
            unmet.append(("when", "It does not say what time meetings start"))
    if profile.support_wanted:
        offered = sorted(SUPPORT_WORDS[value] for value in profile.support_wanted & facts.support)
        if offered:
            reasons.append(("support", "Offers support you asked for: " + ", ".join(offered)))
        else:
            unmet.append(("support", "Does not offer the support you asked for"))
    if parts.get("text", 0) > 0:
        reasons.append(("words", "Matches words you used about yourself"))
    return reasons, unmet


def rank(profile, candidates, *, limit, now=None, text_relevance=None):
    """Score candidates that passed the hard rules; best first, ties broken by newest then id."""
    now = now or timezone.now()
    text_relevance = text_relevance or {}
    matches = []
    today = timezone.localdate(now)
    for facts in candidates:
        if not passes_hard_rules(profile, facts, today):
            continue
        parts = parts_for(profile, facts, now=now, text_relevance=text_relevance.get(facts.id, 0.0))
        score = weighted_score(parts)
        matches.append((score, facts, parts))
    epoch = datetime.min.replace(tzinfo=now.tzinfo)
    matches.sort(
        key=lambda item: (
            -round(item[0], 9),
            -((item[1].published_at or epoch) - epoch).total_seconds(),
            item[1].id,
        )
    )
    results = []
    for score, facts, parts in matches[:limit]:
        reasons, unmet = explain(profile, facts, parts)
        results.append(
            Match(
                facts=facts,
                score=score,
                parts=parts,
                explained_reasons=reasons,
                explained_unmet=unmet,
            )
        )
    return results
