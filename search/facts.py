"""What matching knows about an opportunity and about a person, in one plain shape.

Both engines turn their rows (database or Elasticsearch `_source`) into OpportunityFacts and
score them with the same functions in search/scoring.py, so they cannot drift apart.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from opportunities import standards


@dataclass(frozen=True)
class OpportunityFacts:
    id: int
    title: str
    url: str
    organisation: str
    who_for: str
    format: str
    role_type: str
    level: str
    region: str
    topic_ids: frozenset = frozenset()
    community_ids: frozenset = frozenset()
    latitude: float | None = None
    longitude: float | None = None
    paid: bool = False
    fee_amount: float | None = None
    fee_unit: str = ""
    expenses_covered: bool = False
    payment_choice: bool = False
    vouchers_available: bool = False
    benefits_letter: bool = False
    meeting_times: frozenset = frozenset()
    earliest_start_minutes: int | None = None
    support: frozenset = frozenset()
    check_ratio: float = 0.0
    published_at: datetime | None = None
    deadline: date | None = None
    rolling: bool = False
    external_id: str = ""
    summary: str = ""

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class MatchProfile:
    """A person's preferences as matching uses them (from a MemberProfile or a JSON file)."""

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
    payment_need: str = "any"
    availability: frozenset = frozenset()
    not_before_10: bool = False
    support_wanted: frozenset = frozenset()
    text: str = ""
    # For reasons in plain words: topic and community names by id.
    names: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


def minutes_of(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = time.fromisoformat(value)
    return value.hour * 60 + value.minute


def facts_from_page(page, *, topic_ids=None, community_ids=None, organisation=None):
    """OpportunityFacts for an OpportunityPage (ids may be passed to avoid queries)."""
    if topic_ids is None:
        topic_ids = [topic.pk for topic in page.topics.all()]  # also before a page is saved
    if community_ids is None:
        community_ids = [community.pk for community in page.communities.all()]
    return OpportunityFacts(
        id=page.pk,
        title=page.title,
        url=page.url or "",
        organisation=organisation if organisation is not None else page.get_parent().title,
        who_for=page.who_for,
        format=page.format,
        role_type=page.role_type,
        level=page.level,
        region=page.region,
        topic_ids=frozenset(topic_ids),
        community_ids=frozenset(community_ids),
        latitude=page.latitude,
        longitude=page.longitude,
        paid=page.paid,
        fee_amount=float(page.fee_amount) if page.fee_amount is not None else None,
        fee_unit=page.fee_unit,
        expenses_covered=page.expenses_covered,
        payment_choice=page.payment_choice,
        vouchers_available=page.vouchers_available,
        benefits_letter=page.benefits_letter,
        meeting_times=frozenset(page.meeting_times),
        earliest_start_minutes=minutes_of(page.earliest_start),
        support=frozenset(page.support_offered),
        check_ratio=standards.check_ratio(page),
        published_at=page.first_published_at,
        deadline=page.deadline,
        rolling=page.rolling,
        external_id=page.external_id or "",
        summary=page.summary,
    )


def facts_from_source(source):
    """OpportunityFacts from an Elasticsearch document's _source (see search/documents.py)."""
    location = source.get("location")
    published = source.get("published_at")
    deadline = source.get("deadline")
    return OpportunityFacts(
        id=int(source["id"]),
        title=source["title"],
        url=source.get("url", ""),
        organisation=source.get("organisation", ""),
        who_for=source["who_for"],
        format=source["format"],
        role_type=source["role_type"],
        level=source["level"],
        region=source.get("region", ""),
        topic_ids=frozenset(source.get("topic_ids", [])),
        community_ids=frozenset(source.get("community_ids", [])),
        latitude=location["lat"] if location else None,
        longitude=location["lon"] if location else None,
        paid=source.get("paid", False),
        fee_amount=source.get("fee_amount"),
        fee_unit=source.get("fee_unit", ""),
        expenses_covered=source.get("expenses_covered", False),
        payment_choice=source.get("payment_choice", False),
        vouchers_available=source.get("vouchers_available", False),
        benefits_letter=source.get("benefits_letter", False),
        meeting_times=frozenset(source.get("meeting_times", [])),
        earliest_start_minutes=source.get("earliest_start_minutes"),
        support=frozenset(source.get("support", [])),
        check_ratio=source.get("check_ratio", 0.0),
        published_at=datetime.fromisoformat(published) if published else None,
        deadline=date.fromisoformat(deadline) if deadline else None,
        rolling=source.get("rolling", False),
        external_id=source.get("external_id", ""),
        summary=source.get("summary", ""),
    )


def profile_from_member(profile):
    """MatchProfile for a members.MemberProfile."""
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
        payment_need=profile.payment_need or "any",
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


def profile_from_json(data):
    """MatchProfile from the `match --profile` JSON format (docs/import-format.md)."""
    from core.geography import geocode_postcode
    from core.models import Community, Topic

    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ProfileFileError(f"The profile is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise ProfileFileError("The profile must be a JSON object.")
    unknown = set(data) - PROFILE_KEYS
    if unknown:
        raise ProfileFileError(f"Unknown keys in the profile: {', '.join(sorted(unknown))}.")

    def names_to_ids(model, key):
        names = data.get(key) or []
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise ProfileFileError(f"'{key}' must be a list of names.")
        wanted = {name.strip().lower() for name in names}
        return {row.pk: row.name for row in model.objects.all() if row.name.lower() in wanted}

    latitude, longitude = data.get("latitude"), data.get("longitude")
    if data.get("postcode") and latitude is None:
        place = geocode_postcode(data["postcode"])
        latitude, longitude = place.latitude, place.longitude
    topics = names_to_ids(Topic, "topics")
    communities = names_to_ids(Community, "communities")
    return MatchProfile(
        who=data.get("who") or "",
        topic_ids=frozenset(topics),
        community_ids=frozenset(communities),
        levels=frozenset(data.get("levels") or []),
        role_types=frozenset(data.get("role_types") or []),
        latitude=latitude,
        longitude=longitude,
        max_distance_km=data.get("max_distance_km"),
        online_ok=data.get("online_ok", True),
        in_person_ok=data.get("in_person_ok", True),
        payment_need=data.get("payment_need") or "any",
        availability=frozenset(data.get("availability") or []),
        not_before_10=bool(data.get("not_before_10", False)),
        support_wanted=frozenset(data.get("support_wanted") or []),
        text=data.get("text") or "",
        names={"topics": topics, "communities": communities},
    )


def today():
    return timezone.localdate()
