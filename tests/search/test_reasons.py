"""Every reason shown is true of the opportunity and the profile, and so is everything listed
as not fitting. Checked over thousands of random pairs."""

import random
import re

import pytest
from django.utils import timezone

from core.geography import distance_km, km_to_miles
from search.matching import reasons, rules, scoring
from search.matching.profile import MatchProfile
from search.matching.text import meaningful_words
from tests.search.synthetic import random_facts, random_profile

TOPIC_IDS = list(range(1, 9))
COMMUNITY_IDS = list(range(20, 25))
NAMES = {
    "topics": {pk: f"Topic {pk}" for pk in TOPIC_IDS},
    "communities": {pk: f"Community {pk}" for pk in COMMUNITY_IDS},
}


def names(text, prefix):
    return set(text.removeprefix(prefix).split(", "))


def distance_between(profile, facts):
    if not (profile.has_location and facts.has_location):
        return None
    return distance_km(profile.latitude, profile.longitude, facts.latitude, facts.longitude)


def check_reason(text, profile, facts):
    """Raise AssertionError when a reason is not true."""
    distance = distance_between(profile, facts)
    if text.startswith("Matches your interests: "):
        shown = names(text, "Matches your interests: ")
        assert shown == {NAMES["topics"][pk] for pk in profile.topic_ids & facts.topic_ids}
    elif text.startswith("For communities you chose: "):
        shown = names(text, "For communities you chose: ")
        assert shown == {
            NAMES["communities"][pk] for pk in profile.community_ids & facts.community_ids
        }
    elif text == "Online - you said you are happy to join online":
        assert facts.format == "online" and profile.online_ok
    elif text == "You can join online or in person":
        assert facts.format == "hybrid" and profile.online_ok
    elif text == "Less than a mile from you":
        assert distance is not None and km_to_miles(distance) < 1
    elif match := re.fullmatch(r"About (\d+) miles from you", text):
        assert distance is not None and abs(km_to_miles(distance) - int(match.group(1))) <= 0.5
    elif match := re.fullmatch(
        r"Paid £([\d,.]+) (an hour|a session|a day)(; you can choose expenses only)?", text
    ):
        assert facts.paid and facts.fee_amount == float(match.group(1).replace(",", ""))
        assert reasons.FEE_UNITS[facts.fee_unit] == match.group(2)
        assert bool(match.group(3)) == facts.payment_choice
    elif text == "Paid":
        assert facts.paid
    elif text == "Unpaid, expenses covered":
        assert not facts.paid and facts.expenses_covered
    elif text == "A letter for your benefits adviser is available":
        assert facts.benefits_letter
    elif text == "At a level of involvement you chose":
        assert facts.level in profile.levels
    elif text == "A kind of role you chose":
        assert facts.role_type in profile.role_types
    elif text.startswith("Meets at times you said suit you: "):
        shown = names(text, "Meets at times you said suit you: ")
        wanted = {
            reasons.AVAILABILITY_WORDS[value]
            for value in profile.availability & facts.meeting_times
        }
        assert shown == wanted and shown
    elif text == "Meetings start after 10am":
        assert profile.not_before_10 and facts.earliest_start_minutes > scoring.TEN_AM
    elif text == "Meetings start at 10am":
        assert profile.not_before_10 and facts.earliest_start_minutes == scoring.TEN_AM
    elif text.startswith("Offers support you asked for: "):
        shown = names(text, "Offers support you asked for: ")
        assert shown == {
            reasons.SUPPORT_WORDS[value] for value in profile.support_wanted & facts.support
        }
    elif text.startswith("Mentions what you wrote about: "):
        shown = names(text, "Mentions what you wrote about: ")
        advert_words = set(re.findall(r"[a-z]+", f"{facts.title} {facts.summary}".lower()))
        assert shown and shown <= advert_words, (shown, advert_words)
        assert all(meaningful_words(word) <= profile.text_words for word in shown)
    elif text in reasons.AUDIENCE_WORDS.values():
        assert profile.who and reasons.AUDIENCE_WORDS[facts.who_for] == text
        assert facts.who_for in rules.WHO_FITS[profile.who]
    elif text == "Open now, until the places are filled":
        assert facts.rolling or facts.deadline is None
    elif match := re.fullmatch(r"Open now, until (\d+ \w+ \d{4})", text):
        assert facts.deadline is not None and f"{facts.deadline:%-d %B %Y}" == match.group(1)
    else:
        raise AssertionError(f"A reason no check knows about: {text!r}")


def check_unmet(text, profile, facts):
    distance = distance_between(profile, facts)
    if text == "Not about the topics you chose":
        assert profile.topic_ids and not profile.topic_ids & facts.topic_ids
    elif re.fullmatch(r"About (\d+) miles from you", text):
        assert distance is not None and distance > scoring.DISTANCE_SCALE_KM * 2
    elif text == "In person; add your postcode area to see how far it is":
        assert facts.format in scoring.travel_formats(profile) and not profile.has_location
    elif text == "In person; it does not say where":
        assert facts.format in scoring.travel_formats(profile) and not facts.has_location
    elif text == "Unpaid and expenses not covered":
        assert not facts.paid and not facts.expenses_covered
    elif text == "Paid, and it does not say you can choose expenses only":
        assert profile.payment_need == "prefer_expenses_only" and facts.paid
        assert not (facts.payment_choice or facts.vouchers_available)
    elif text == "Not at a level of involvement you chose":
        assert profile.levels and facts.level not in profile.levels
    elif text == "Not a kind of role you chose":
        assert profile.role_types and facts.role_type not in profile.role_types
    elif text == "Meets at times you did not choose":
        assert (
            profile.availability
            and facts.meeting_times
            and not profile.availability & facts.meeting_times
        )
    elif text == "Some meetings start before 10am":
        assert profile.not_before_10 and facts.earliest_start_minutes < scoring.TEN_AM
    elif text == "It does not say what time meetings start":
        assert profile.not_before_10 and facts.earliest_start_minutes is None
    elif text == "Does not offer the support you asked for":
        assert profile.support_wanted and not profile.support_wanted & facts.support
    else:
        raise AssertionError(f"An unmet need no check knows about: {text!r}")


def test_every_reason_and_unmet_need_is_true():
    rng = random.Random(42)
    now = timezone.now()
    opportunities = [
        random_facts(rng, number, topic_ids=TOPIC_IDS, community_ids=COMMUNITY_IDS, now=now)
        for number in range(300)
    ]
    checked = 0
    for _ in range(60):
        profile = random_profile(
            rng, topic_ids=TOPIC_IDS, community_ids=COMMUNITY_IDS, with_text=True
        )
        profile = type(profile)(**{**profile.__dict__, "names": NAMES})
        for match in scoring.rank(profile, opportunities, limit=40, now=now):
            assert rules.passes_hard_rules(profile, match.facts, now.date())
            assert match.reasons, "every match has at least one reason"
            for reason in match.reasons:
                check_reason(reason, profile, match.facts)
                checked += 1
            for unmet in match.unmet:
                check_unmet(unmet, profile, match.facts)
                checked += 1
    assert checked > 2000


@pytest.mark.parametrize("kind", ["reasons", "unmet"])
def test_the_checker_itself_catches_a_false_statement(kind):
    profile = MatchProfile(topic_ids=frozenset({1}), names=NAMES)
    facts = random_facts(random.Random(1), 1, topic_ids=[2], community_ids=[], now=timezone.now())
    with pytest.raises(AssertionError):
        if kind == "reasons":
            check_reason("Matches your interests: Topic 1", profile, facts)
        else:
            check_unmet("Some meetings start before 10am", profile, facts)
