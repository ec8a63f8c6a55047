"""What matching knows about a person: a MatchProfile, read from a MemberProfile or a JSON file."""

import math
from dataclasses import dataclass, field
from functools import cached_property

from core.geography import geocode_postcode
from core.jsonlines import JsonInputError, parse_json_document
from core.models import Community, Topic
from members.models import MemberProfile
from opportunities.models.choices import (
    AvailabilityChoice,
    InvolvementLevel,
    RoleType,
    SupportType,
)
from search.matching.facts import Location
from search.matching.text import MAX_WORDS, meaningful_words, words_by_stem

Who = MemberProfile.Who
PaymentNeed = MemberProfile.PaymentNeed


@dataclass(frozen=True)
class MatchProfile:
    """A person's preferences as matching uses them. Every field is optional.

    max_distance_km is how far they will travel to an in-person role (None: no limit);
    latitude and longitude are the centre of their postcode district (WGS84 degrees).
    """

    who: str = ""
    topic_ids: frozenset = frozenset()
    community_ids: frozenset = frozenset()
    levels: frozenset = frozenset()
    role_types: frozenset = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    max_distance_km: float | None = None
    online_ok: bool = True
    in_person_ok: bool = True
    payment_need: str = PaymentNeed.ANY
    availability: frozenset = frozenset()
    not_before_10: bool = False
    support_wanted: frozenset = frozenset()
    text: str = ""
    # For reasons in plain words: topic and community names by id.
    names: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def location(self):
        return Location(self.latitude, self.longitude) if self.has_location else None

    @cached_property  # read for every candidate: worked out once
    def text_words(self):
        """The stems of their own words that matching compares (at most MAX_WORDS)."""
        return meaningful_words(self.text, limit=MAX_WORDS)

    @cached_property
    def written_words(self):
        """{stem: the word as they wrote it}, for reasons."""
        return words_by_stem(self.text, limit=MAX_WORDS)


def profile_from_member(profile):
    """MatchProfile for a members.MemberProfile (topics and communities may be prefetched)."""
    topics = {topic.pk: topic.name for topic in profile.topics.all()}
    communities = {community.pk: community.name for community in profile.communities.all()}
    return MatchProfile(
        who=profile.who,
        topic_ids=frozenset(topics),
        community_ids=frozenset(communities),
        levels=frozenset(profile.levels or []),
        role_types=frozenset(profile.role_types or []),
        latitude=profile.latitude,
        longitude=profile.longitude,
        max_distance_km=profile.max_distance_km,
        online_ok=profile.online_ok,
        in_person_ok=profile.in_person_ok,
        payment_need=profile.payment_need or PaymentNeed.ANY,
        availability=frozenset(profile.availability or []),
        not_before_10=profile.not_before_10,
        support_wanted=frozenset(profile.support_wanted or []),
        text=profile.own_words or "",
        names={"topics": topics, "communities": communities},
    )


class ProfileFileError(ValueError):
    """The matching profile file is not in the documented format; the message says why."""


PROFILE_KEYS = {
    "who", "topics", "communities", "levels", "role_types", "postcode", "latitude", "longitude",
    "max_distance_km", "online_ok", "in_person_ok", "payment_need", "availability",
    "not_before_10", "support_wanted", "text",
}  # fmt: skip
VOCABULARIES = {
    "levels": InvolvementLevel,
    "role_types": RoleType,
    "availability": AvailabilityChoice,
    "support_wanted": SupportType,
}
TEXT_LIMIT = 1000  # as MemberProfile.own_words


def _number(data, key, *, low, high):
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileFileError(f"'{key}' must be a number.")
    try:
        value = float(value)
    except OverflowError as error:  # an integer with hundreds of digits
        raise ProfileFileError(f"'{key}' is too large.") from error
    if not math.isfinite(value):
        raise ProfileFileError(f"'{key}' must be a number.")
    if value < low:
        raise ProfileFileError(f"'{key}' must be at least {low}.")
    if value > high:
        raise ProfileFileError(f"'{key}' must be between {low} and {high}.")
    return float(value)


def _flag(data, key, default):
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise ProfileFileError(f"'{key}' must be true or false.")
    return value


def _choices(data, key, choices):
    values = data.get(key)
    values = [] if values is None else values
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ProfileFileError(f"'{key}' must be a list of words.")
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        raise ProfileFileError(
            f"Unknown {key} in the profile: {', '.join(unknown)}. Use: {', '.join(choices.values)}."
        )
    return frozenset(values)


def _choice(data, key, choices, default):
    value = data.get(key)
    value = default if value is None or value == "" else value
    if not isinstance(value, str) or (value not in choices.values and value != ""):
        raise ProfileFileError(f"'{key}' must be one of: {', '.join(choices.values)}.")
    return value


def profile_from_json(data):
    """MatchProfile from the `match --profile` JSON format (docs/import-format.md).

    Raises ProfileFileError naming the key at fault; PostcodeError or GeocodingUnavailable
    from looking up a postcode.
    """
    if isinstance(data, str | bytes):
        # A byte-order mark (Notepad, PowerShell) is tolerated; NaN and Infinity are refused.
        try:
            data = parse_json_document(data)
        except JsonInputError as error:
            raise ProfileFileError(f"The profile file: {error}.") from error
    if not isinstance(data, dict):
        raise ProfileFileError("The profile must be a JSON object.")
    unknown = set(data) - PROFILE_KEYS
    if unknown:
        raise ProfileFileError(f"Unknown keys in the profile: {', '.join(sorted(unknown))}.")

    def names_to_ids(model, key):
        names = data.get(key)
        names = [] if names is None else names
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ProfileFileError(f"'{key}' must be a list of names.")
        wanted = {name.strip().lower(): name for name in names}
        found = {row.pk: row.name for row in model.objects.all() if row.name.lower() in wanted}
        unknown = sorted(set(wanted) - {name.lower() for name in found.values()})
        if unknown:
            raise ProfileFileError(
                f"Unknown {key} in the profile: {', '.join(wanted[name] for name in unknown)}."
            )
        return found

    latitude = _number(data, "latitude", low=-90, high=90)
    longitude = _number(data, "longitude", low=-180, high=180)
    if (latitude is None) != (longitude is None):
        raise ProfileFileError("Give both 'latitude' and 'longitude', or neither.")
    if data.get("postcode") and latitude is None:
        if not isinstance(data["postcode"], str):
            raise ProfileFileError("'postcode' must be text.")
        place = geocode_postcode(data["postcode"])
        latitude, longitude = place.latitude, place.longitude
    text = data.get("text")
    text = "" if text is None else text
    if not isinstance(text, str):
        raise ProfileFileError("'text' must be text.")
    topics = names_to_ids(Topic, "topics")
    communities = names_to_ids(Community, "communities")
    return MatchProfile(
        who=_choice(data, "who", Who, ""),
        topic_ids=frozenset(topics),
        community_ids=frozenset(communities),
        levels=_choices(data, "levels", InvolvementLevel),
        role_types=_choices(data, "role_types", RoleType),
        latitude=latitude,
        longitude=longitude,
        max_distance_km=_number(data, "max_distance_km", low=0, high=math.inf),
        online_ok=_flag(data, "online_ok", True),
        in_person_ok=_flag(data, "in_person_ok", True),
        payment_need=_choice(data, "payment_need", PaymentNeed, PaymentNeed.ANY),
        availability=_choices(data, "availability", AvailabilityChoice),
        not_before_10=_flag(data, "not_before_10", False),
        support_wanted=_choices(data, "support_wanted", SupportType),
        text=text[:TEXT_LIMIT],
        names={"topics": topics, "communities": communities},
    )
