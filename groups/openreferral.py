"""The directory as Open Referral UK (HSDS 3.0 UK profile) records.

Each user-led group is an organization that provides one service (the group itself); each
peer-support listing is a service, provided by its group when it has one. Identifiers are stable:
a listing's own UUID, or a UUID derived from it (or from a taxonomy term's key) by name, so the
same record keeps the same id for as long as the listing exists.
"""

import uuid
from dataclasses import dataclass

from django.utils import timezone

from core.filters import every_word_somewhere
from core.geography import Region
from core.models import Community, Topic
from groups.models import ACTIVITY_FIELDS, Activity, GroupPage, PeerSupportPage
from groups.models import SupportType as SupportKind

NAMESPACE = uuid.UUID("6f1f3c2e-4d5b-5a7e-9b1c-0e2d4f6a8b10")
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class BadParameter(ValueError):
    """A query parameter we cannot use; the message says which and why."""


def derived_id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


# Taxonomies: our topics, communities, group activities and kinds of peer support.


@dataclass(frozen=True)
class Term:
    taxonomy: str
    key: str
    name: str
    description: str

    @property
    def id(self):
        return derived_id("term", self.taxonomy, self.key)


TAXONOMIES = {
    "topics": ("NSUN topics", "What a group or session is about."),
    "communities": ("NSUN communities", "Who a group or session is especially for or led by."),
    "activities": ("User-led group activities", "What a user-led group does."),
    "support_types": ("Kinds of peer support", "How a peer-support session is offered."),
}


def taxonomy_id(key):
    return derived_id("taxonomy", key)


def taxonomy_record(key, terms=None):
    name, description = TAXONOMIES[key]
    record = {"id": taxonomy_id(key), "name": name, "description": description, "version": "1"}
    if terms is not None:
        record["taxonomy_terms"] = [term_record(term) for term in terms if term.taxonomy == key]
    return record


def all_terms():
    terms = [
        *(Term("topics", str(t.pk), t.name, t.description) for t in Topic.objects.all()),
        *(Term("communities", str(c.pk), c.name, c.description) for c in Community.objects.all()),
        *(Term("activities", a.value, a.label, "") for a in Activity),
        *(Term("support_types", s.value, s.label, "") for s in SupportKind),
    ]
    return sorted(terms, key=lambda term: (term.taxonomy, term.name))


def term_record(term):
    return {
        "id": term.id,
        "name": term.name,
        "description": term.description or term.name,
        "taxonomy": TAXONOMIES[term.taxonomy][0],
        "taxonomy_id": taxonomy_id(term.taxonomy),
        "term": term.name,
    }


def terms_of(listing):
    terms = [Term("topics", str(t.pk), t.name, t.description) for t in listing.topics.all()]
    terms += [
        Term("communities", str(c.pk), c.name, c.description) for c in listing.communities.all()
    ]
    if isinstance(listing, GroupPage):
        terms += [
            Term("activities", activity.value, activity.label, "")
            for activity, field in ACTIVITY_FIELDS.items()
            if getattr(listing, field)
        ]
    elif listing.support_type:
        kind = SupportKind(listing.support_type)
        terms.append(Term("support_types", kind.value, kind.label, ""))
    return terms


# Records


def service_id(listing):
    if isinstance(listing, GroupPage):
        return derived_id("service", listing.uuid)
    return str(listing.uuid)


def organization_of(listing):
    if isinstance(listing, GroupPage):
        return listing
    return listing.group if listing.group_id and listing.group.live else None


def organization_record(group, *, request, services=None):
    record = {
        "id": str(group.uuid),
        "name": group.title,
        "description": group.description,
        "uri": request.build_absolute_uri(group.get_url(request)),
    }
    if group.contact_email:
        record["email"] = group.contact_email
    if group.website:
        record["website"] = group.website
    if services is not None:
        record["services"] = [service_record(s, request=request) for s in services]
    return record


def service_record(listing, *, request, full=False, with_locations=True):
    """A service with its one-to-one fields; `full` adds schedules, areas, places and terms."""
    organization = organization_of(listing)
    record = {
        "id": service_id(listing),
        "name": listing.title,
        "description": listing.description,
        "url": request.build_absolute_uri(listing.get_url(request)),
        "status": "active",
        "last_modified": (listing.last_published_at or timezone.now()).isoformat(),
        "assured_date": listing.last_checked.isoformat(),
    }
    if organization is not None:
        record["organization_id"] = str(organization.uuid)
        record["organization"] = organization_record(organization, request=request)
    if listing.contact_email:
        record["email"] = listing.contact_email
    if isinstance(listing, PeerSupportPage) and listing.cost:
        record["fees"] = listing.cost
    if not full:
        return record
    record["schedules"] = [schedule_record(listing)] if _has_schedule(listing) else []
    area = getattr(listing, "area_served", "")
    record["service_areas"] = (
        [{"id": derived_id("area", listing.uuid), "service_id": record["id"], "name": area}]
        if area
        else []
    )
    record["attributes"] = [
        {
            "id": derived_id("attribute", listing.uuid, term.id),
            "link_id": record["id"],
            "link_type": "service",
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_record(term),
        }
        for term in terms_of(listing)
    ]
    if with_locations:
        record["service_at_locations"] = (
            [
                {
                    "id": service_at_location_id(listing),
                    "service_id": record["id"],
                    "location_id": location_id(listing),
                    "location": location_record(listing),
                }
            ]
            if has_location(listing)
            else []
        )
    return record


def _has_schedule(listing):
    return isinstance(listing, PeerSupportPage) and listing.has_schedule


def schedule_record(listing):
    """The listing's schedule (groups.schedule.Schedule) as an Open Referral UK schedule.

    freq, interval and byday are the .ics file's RRULE parts; dtstart (needed with an interval,
    says the profile) is the date of one session for sessions every two weeks. Times are UK
    local time, HH:MM; a closes_at at or before opens_at is on the next day, as the description
    says in words.
    """
    schedule = listing.schedule
    record = {
        "id": derived_id("schedule", listing.uuid),
        "service_id": service_id(listing),
        "freq": schedule.freq,
        "interval": schedule.interval,
        "byday": schedule.byday,
        "opens_at": schedule.opens_at.strftime("%H:%M"),
        "description": schedule.summary(with_next_date=False) + ".",  # the same every day
        "attending_type": _attending(listing),
    }
    if schedule.dtstart is not None:
        record["dtstart"] = schedule.dtstart.isoformat()
    if schedule.closes_at is not None:
        record["closes_at"] = schedule.closes_at.strftime("%H:%M")
    return record


def _attending(listing):
    if listing.in_person and listing.online:
        return "in person or online"
    return "online" if listing.online else "in person"


def is_physical(listing):
    """Met in person at a place we can put on a map."""
    return listing.in_person and listing.has_location


def has_location(listing):
    """A physical place, or (for online-only listings) a virtual one."""
    return is_physical(listing) or listing.online


def location_id(listing):
    return derived_id("location", listing.uuid)


def service_at_location_id(listing):
    return derived_id("service_at_location", listing.uuid)


def location_record(listing):
    if not is_physical(listing):
        return {
            "id": location_id(listing),
            "location_type": "virtual",
            "name": "Online",
            "description": "Meets online; how to join is in the service's details.",
        }
    record = {
        "id": location_id(listing),
        "location_type": "physical",
        "name": listing.venue.splitlines()[0] if listing.venue else listing.title,
        "latitude": round(listing.latitude, 5),
        "longitude": round(listing.longitude, 5),
        "addresses": [
            {
                "id": derived_id("address", listing.uuid),
                "location_id": location_id(listing),
                "address_1": listing.venue.replace("\n", ", ") if listing.venue else "",
                "city": "",
                "state_province": Region(listing.region).label if listing.region else "",
                "postal_code": listing.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    if listing.accessibility:
        record["accessibility"] = [
            {
                "id": derived_id("accessibility", listing.uuid),
                "location_id": location_id(listing),
                "description": listing.accessibility,
            }
        ]
    return record


def service_at_location_record(listing, *, request, full=False):
    return {
        "id": service_at_location_id(listing),
        "service_id": service_id(listing),
        "location_id": location_id(listing),
        "location": location_record(listing),
        "service": service_record(listing, request=request, full=full, with_locations=False),
    }


# Queries


def _with_relations(queryset):
    """Topics and communities, which only a full record (a detail endpoint) lists."""
    return queryset.prefetch_related("topics", "communities")


def live_groups():
    return GroupPage.objects.live()


def live_sessions():
    return PeerSupportPage.objects.live().select_related("group")


def _filtered(params):
    """(groups, sessions) matching every filter given: querysets, or for sessions filtered by
    their times a list."""
    groups, sessions = live_groups(), live_sessions()
    words = (params.get("search") or "").split()
    if words:
        groups = every_word_somewhere(groups, words, ["title", "description", "area_served"])
        sessions = every_word_somewhere(sessions, words, ["title", "description", "run_by"])
    if params.get("taxonomy_term_id"):
        wanted = params["taxonomy_term_id"]
        term = next((t for t in all_terms() if t.id == wanted), None)
        groups, sessions = _with_term(groups, sessions, term)
    if params.get("taxonomy_id"):
        wanted = params["taxonomy_id"]
        key = next((k for k in TAXONOMIES if taxonomy_id(k) == wanted), None)
        groups, sessions = _with_taxonomy(groups, sessions, key)
    if params.get("organization_id"):
        wanted = params["organization_id"]
        groups = groups.filter(uuid=wanted)
        sessions = sessions.filter(group__uuid=wanted, group__live=True)
    if params.get("modified_after"):
        since = params["modified_after"]
        groups = groups.filter(last_published_at__gte=since)
        sessions = sessions.filter(last_published_at__gte=since)
    day = params.get("day")  # 0 is Monday, so compare with None
    starts_from = params.get("start_time") or None
    ends_by = params.get("end_time") or None
    if day is not None or starts_from or ends_by:
        groups = groups.none()  # groups have no timetable of their own
    if day is not None:
        sessions = sessions.filter(day_of_week=day)
    if starts_from or ends_by:
        sessions = [
            session
            for session in sessions.exclude(start_time=None)
            if session.has_schedule and within_times(session.schedule, starts_from, ends_by)
        ]
    return groups, sessions


def _in_name_order(listings):
    return sorted(listings, key=lambda listing: (listing.title.lower(), listing.pk))


def filtered_services(params):
    """(group or session listings) matching every filter given, in name order.

    `params` are the cleaned values of groups.api_parameters.ServiceParameters: text, UUID
    text, an aware datetime, a day number (0 is Monday) and times; None or "" for unasked."""
    groups, sessions = _filtered(params)
    return _in_name_order([*groups, *sessions])


def page_of_services(params, *, page, per_page):
    """(how many listings match, the listings on page `page`): filtered_services()' order,
    but only the page's listings are read in full, so a page costs the same however large
    the directory (page and per_page are whole numbers from 1)."""
    groups, sessions = _filtered(params)
    keys = []  # (name in lower case, id, kind): the same order as _in_name_order
    for kind, found in ((GroupPage, groups), (PeerSupportPage, sessions)):
        if isinstance(found, list):
            keys += [(each.title.lower(), each.pk, kind) for each in found]
        else:
            keys += [(title.lower(), pk, kind) for pk, title in found.values_list("pk", "title")]
    keys.sort(key=lambda key: key[:2])
    wanted = keys[(page - 1) * per_page : page * per_page]
    rows = {}
    for kind, found in ((GroupPage, groups), (PeerSupportPage, sessions)):
        ids = {pk for _, pk, each in wanted if each is kind}
        if not ids:
            continue
        if isinstance(found, list):
            rows.update((each.pk, each) for each in found if each.pk in ids)
        else:
            rows.update(found.in_bulk(ids))
    return len(keys), [rows[pk] for _, pk, _ in wanted]


def within_times(schedule, starts_from=None, ends_by=None):
    """Whether a session fits the API's start_time and end_time filters (parsed `time`s).

    Both are read on the clock of the day the session starts (the `day` filter is that day,
    the schedule's byday). start_time: it starts at or after this time. end_time: it ends at or
    before the first time the clock shows this after start_time (or, without start_time, after
    the session starts), so a time earlier than that is the next morning: a Thursday session
    from 22:00 to 01:00 is found by day=TH&end_time=01:30, and by start_time=21:00&end_time=02:00,
    but not by end_time=23:00. A session with no end time never matches end_time.
    """
    start, end = schedule.minutes()
    if starts_from is not None and start < _minutes(starts_from):
        return False
    if ends_by is not None:
        if end is None:
            return False
        reference = _minutes(starts_from) if starts_from is not None else start
        limit = _minutes(ends_by)
        if limit <= reference:
            limit += 1440
        if end > limit:
            return False
    return True


def _minutes(moment):
    return moment.hour * 60 + moment.minute


def _with_term(groups, sessions, term):
    if term is None:
        return groups.none(), sessions.none()
    if term.taxonomy in ("topics", "communities"):
        lookup = {f"{term.taxonomy}__pk": int(term.key)}
        return groups.filter(**lookup), sessions.filter(**lookup)
    if term.taxonomy == "activities":
        return groups.filter(**{ACTIVITY_FIELDS[Activity(term.key)]: True}), sessions.none()
    return groups.none(), sessions.filter(support_type=term.key)


def _with_taxonomy(groups, sessions, key):
    if key in ("topics", "communities"):
        lookup = {f"{key}__isnull": False}
        return groups.filter(**lookup).distinct(), sessions.filter(**lookup).distinct()
    if key == "activities":
        return groups, sessions.none()
    if key == "support_types":
        return groups.none(), sessions.exclude(support_type="")
    return groups.none(), sessions.none()


def _by_derived_id(model, value, derive):
    """The live listing of `model` whose derived id is `value`: ids are compared over the
    listings' UUIDs alone, then only that listing is read in full."""
    live = model.objects.live()
    found = next((pk for pk, key in live.values_list("pk", "uuid") if derive(key) == value), None)
    if found is None:
        return None
    listings = live_groups() if model is GroupPage else live_sessions()
    return _with_relations(listings).get(pk=found)


def service_by_id(value):
    """The live listing whose service has this id, or None."""
    try:
        wanted = str(uuid.UUID(value))
    except ValueError:
        return None
    session = _with_relations(live_sessions()).filter(uuid=wanted).first()
    if session is not None:
        return session
    return _by_derived_id(GroupPage, wanted, lambda key: derived_id("service", key))


def organization_by_id(value):
    try:
        return live_groups().filter(uuid=uuid.UUID(value)).first()
    except ValueError:
        return None


def service_at_location_by_id(value):
    """The live listing with a location whose service-at-location has this id, or None."""
    for model in (GroupPage, PeerSupportPage):
        listing = _by_derived_id(model, value, lambda key: derived_id("service_at_location", key))
        if listing is not None:
            return listing if has_location(listing) else None
    return None


def organizations():
    return live_groups().order_by("title")


def organization_services(group):
    sessions = live_sessions().filter(group=group).order_by("title")
    return [group, *sessions]
