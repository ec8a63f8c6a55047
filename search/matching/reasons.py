"""Why an opportunity fits, and what about it does not, in plain words.

Every sentence must be true of both the person and the opportunity (tests/search/test_reasons.py
checks each against the facts). Each is paired with the part of the profile it comes from, so
the page can offer "Change ..." links.
"""

from core.geography import distance_km, km_to_miles
from opportunities.models.choices import AvailabilityChoice, FeeUnit, Format, WhoFor
from search.matching.profile import PaymentNeed
from search.matching.scoring import DISTANCE_SCALE_KM, TEN_AM, travel_formats
from search.matching.text import words_by_stem

FEE_UNITS = dict(FeeUnit.choices)
AVAILABILITY_WORDS = {
    AvailabilityChoice.WEEKDAY_DAYTIME: "weekday daytimes",
    AvailabilityChoice.WEEKDAY_EVENING: "weekday evenings",
    AvailabilityChoice.WEEKEND: "weekends",
}
SUPPORT_WORDS = {
    "admin": "help with admin",
    "supervision": "supervision",
    "emotional": "emotional support",
    "peer": "peer support",
    "training": "training",
    "briefing": "briefings",
}
AUDIENCE_WORDS = {
    WhoFor.SERVICE_USERS: "For people with lived experience",
    WhoFor.CARERS: "For carers",
    WhoFor.BOTH: "For people with lived experience and carers",
}


def money_text(amount):
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def names_of(profile, kind, ids):
    names = profile.names.get(kind, {}) if profile.names else {}
    return sorted(names.get(pk, "") for pk in ids if names.get(pk))


def distance_text(distance):
    miles = km_to_miles(distance)
    return "Less than a mile from you" if miles < 1 else f"About {round(miles)} miles from you"


def _interests(profile, facts, reasons, unmet):
    shared_topics = names_of(profile, "topics", profile.topic_ids & facts.topic_ids)
    if shared_topics:
        reasons.append(("interests", "Matches your interests: " + ", ".join(shared_topics)))
    elif profile.topic_ids:
        unmet.append(("interests", "Not about the topics you chose"))
    shared = names_of(profile, "communities", profile.community_ids & facts.community_ids)
    if shared:
        reasons.append(("interests", "For communities you chose: " + ", ".join(shared)))


def _where(profile, facts, reasons, unmet):
    if facts.format == Format.ONLINE and profile.online_ok:
        reasons.append(("where", "Online - you said you are happy to join online"))
    elif facts.format == Format.HYBRID and profile.online_ok:
        reasons.append(("where", "You can join online or in person"))
    if facts.format not in travel_formats(profile):
        return
    if profile.has_location and facts.has_location:
        distance = distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)
        (reasons if distance <= DISTANCE_SCALE_KM * 2 else unmet).append(
            ("where", distance_text(distance))
        )
    elif not profile.has_location:
        unmet.append(("where", "In person; add your postcode area to see how far it is"))
    else:
        unmet.append(("where", "In person; it does not say where"))


def _money(profile, facts, reasons, unmet):
    if facts.paid and facts.fee_amount is not None:
        text = f"Paid {money_text(facts.fee_amount)} {FEE_UNITS.get(facts.fee_unit, '')}".strip()
        if facts.payment_choice:
            text += "; you can choose expenses only"
        reasons.append(("money", text))
    elif facts.paid:
        reasons.append(("money", "Paid"))
    elif facts.expenses_covered:
        reasons.append(("money", "Unpaid, expenses covered"))
    else:
        unmet.append(("money", "Unpaid and expenses not covered"))
    no_choice = facts.paid and not (facts.payment_choice or facts.vouchers_available)
    if profile.payment_need == PaymentNeed.PREFER_EXPENSES_ONLY and no_choice:
        unmet.append(("money", "Paid, and it does not say you can choose expenses only"))
    if facts.benefits_letter:
        reasons.append(("money", "A letter for your benefits adviser is available"))


def _involvement(profile, facts, reasons, unmet):
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


def _when(profile, facts, reasons, unmet):
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


def _support(profile, facts, reasons, unmet):
    if profile.support_wanted:
        offered = sorted(SUPPORT_WORDS[value] for value in profile.support_wanted & facts.support)
        if offered:
            reasons.append(("support", "Offers support you asked for: " + ", ".join(offered)))
        else:
            unmet.append(("support", "Does not offer the support you asked for"))


def _words(profile, facts, reasons, unmet):
    # The advert's own words, so the reason is true of what the person can read.
    advert = words_by_stem(f"{facts.title} {facts.summary}")
    shared = [advert[stem] for stem in profile.written_words if stem in advert]
    if shared:
        reasons.append(("words", "Mentions what you wrote about: " + ", ".join(shared[:5])))


def explain(profile, facts, parts=None):
    """([(preference, reason)], [(preference, what does not fit)]) for one opportunity.

    There is always at least one reason: when nothing else fits, who it is for, or that it is
    still open.
    """
    reasons, unmet = [], []
    for section in (_interests, _where, _money, _involvement, _when, _support, _words):
        section(profile, facts, reasons, unmet)
    if not reasons and profile.who and facts.who_for in AUDIENCE_WORDS:
        reasons.append(("about_you", AUDIENCE_WORDS[facts.who_for]))
    if not reasons:
        if facts.rolling or facts.deadline is None:
            reasons.append(("open", "Open now, until the places are filled"))
        else:
            reasons.append(("open", f"Open now, until {facts.deadline:%-d %B %Y}"))
    return reasons, unmet
