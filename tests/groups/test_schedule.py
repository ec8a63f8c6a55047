"""One schedule for a peer-support session: the CMS and the front-end form check it the same way,
and the page, the .ics file and the Open Referral UK schedule all say the same thing, including
sessions that end after midnight and across the clocks changing."""

import importlib
import json
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from jsonschema import Draft202012Validator

from groups import services
from groups.calendar import schedule_calendar
from groups.forms import SessionWhenForm
from groups.models import GroupAdministrator, GroupPage, PeerSupportPage
from groups.openreferral import schedule_record, within_times
from groups.schedule import (
    FIELDS,
    LONDON,
    WEEKDAY_CODES,
    Frequency,
    Schedule,
    clean_schedule,
    clock,
    schedule_of,
)
from groups.selectors import listings_to_check
from tests.groups.conftest import add
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent / "openreferral_uk" / "schema" / "schedule.json").read_text()
)
HOURS = settings(max_examples=60, deadline=None)
NIGHT_CAFE = {
    "day_of_week": 3,
    "frequency": "weekly",
    "start_time": time(22, 0),
    "end_time": time(1, 0),
}


def session(**fields):
    """An unsaved peer-support page with just a schedule (enough for the .ics and ORUK)."""
    return PeerSupportPage(title="Night cafe", support_type="drop_in", **fields)


def for_calendar(listing):
    return SimpleNamespace(
        schedule=listing.schedule,
        uuid=listing.uuid,
        title=listing.title,
        online=False,
        in_person=True,
        venue="Hall",
        how_to_join="",
        url="/peer-support/night-cafe/",
    )


def ics_occurrences(calendar_bytes, count):
    """(start, end) local date-times from the .ics, expanded by dateutil, not our code."""
    event = Calendar.from_ical(calendar_bytes).walk("VEVENT")[0]
    starts = event.decoded("dtstart")
    length = event.decoded("dtend") - starts if "DTEND" in event else None
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=starts)
    return [
        (start, None if length is None else _wall_clock_add(start, length))
        for start in islice(rule, count)
    ]


def _wall_clock_add(start, length):
    # The .ics DTEND is a wall-clock time on the session's own start day, so add on the wall clock.
    naive = start.replace(tzinfo=None) + length
    return naive.replace(tzinfo=start.tzinfo)


def oruk_occurrences(record, since, count):
    """(start, end) local date-times from the Open Referral UK fields alone."""
    code = record["byday"][-2:]
    ordinal = int(record["byday"][:-2]) if len(record["byday"]) > 2 else None
    day = weekday(WEEKDAY_CODES.index(code), ordinal)
    first = date.fromisoformat(record["dtstart"]) if "dtstart" in record else since
    opens = time.fromisoformat(record["opens_at"])
    closes = time.fromisoformat(record["closes_at"]) if "closes_at" in record else None
    rule = rrule(
        MONTHLY if record["freq"] == "MONTHLY" else WEEKLY,
        interval=int(record["interval"]),
        byweekday=[day],
        dtstart=datetime.combine(first, opens),
    )
    found = []
    for start in rule:
        if start.date() < since:
            continue
        end = None
        if closes is not None:
            end_day = start.date() + timedelta(days=1 if closes <= opens else 0)
            end = datetime.combine(end_day, closes, tzinfo=LONDON)
        found.append((start.replace(tzinfo=LONDON), end))
        if len(found) == count:
            return found
    return found


# Any valid schedule.
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
valid_schedules = st.builds(
    lambda day, frequency, week, start, end, first: {
        "day_of_week": day,
        "frequency": frequency,
        "week_of_month": week if frequency == "monthly" else None,
        "dtstart": (first + timedelta(days=(day - first.weekday()) % 7))
        if frequency == "fortnightly"
        else None,
        "start_time": start,
        "end_time": end if end != start else None,
    },
    st.integers(0, 6),
    st.sampled_from(["weekly", "fortnightly", "monthly"]),
    st.sampled_from([1, 2, 3, 4, -1]),
    times,
    st.none() | times,
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
download_dates = st.dates(date(2025, 1, 1), date(2030, 12, 31))


@HOURS
@given(values=valid_schedules, today=download_dates)
def test_the_ics_and_open_referral_give_the_same_sessions(values, today):
    listing = session(**values)
    calendar = schedule_calendar(for_calendar(listing), today=today)
    record = schedule_record(listing)

    assert calendar.get_missing_tzids() == set()  # every TZID has its VTIMEZONE
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    Draft202012Validator(SCHEMA).validate(record)
    from_ics = ics_occurrences(calendar.to_ical(), 30)
    assert from_ics[0][0].date() >= today
    assert oruk_occurrences(record, from_ics[0][0].date(), 30) == from_ics


@HOURS
@given(values=valid_schedules, today=download_dates, later=st.integers(0, 800))
def test_the_calendar_rule_does_not_depend_on_the_download_date(values, today, later):
    listing = session(**values)
    early = schedule_calendar(for_calendar(listing), today=today)
    late = schedule_calendar(for_calendar(listing), today=today + timedelta(days=later))

    assert early.walk("VEVENT")[0]["rrule"] == late.walk("VEVENT")[0]["rrule"]
    records = []
    for day in (today, today + timedelta(days=later)):
        with time_machine.travel(datetime.combine(day, time(12), tzinfo=UTC), tick=False):
            records.append(schedule_record(listing))
    assert records[0] == records[1]  # the open data says the same on any day
    late_sessions = ics_occurrences(late.to_ical(), 20)
    early_sessions = ics_occurrences(early.to_ical(), 200)
    assert [s for s in early_sessions if s[0] >= late_sessions[0][0]][:20] == late_sessions


def test_a_monthly_calendar_is_the_same_whatever_day_it_is_downloaded(peer_directory, client):
    listing = add(peer_directory, PeerSupportPage, "Thursday circle", support_type="group",
                  day_of_week=3, frequency="monthly", week_of_month=-1,
                  start_time=time(19, 0), end_time=time(21, 0))  # fmt: skip
    rules, firsts = set(), set()
    for moment in ["2026-11-02", "2026-11-12", "2026-11-19", "2026-11-27", "2026-12-30"]:
        with time_machine.travel(datetime.fromisoformat(f"{moment}T12:00+00:00"), tick=False):
            response = client.get(f"/peer-support/{listing.pk}/calendar.ics")
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        rules.add(event["rrule"].to_ical())
        firsts.add(event.decoded("dtstart"))
    assert rules == {b"FREQ=MONTHLY;BYDAY=-1TH"}
    # Each download starts at the next last Thursday: 26 November, then 31 December.
    assert {first.date() for first in firsts} == {date(2026, 11, 26), date(2026, 12, 31)}


def test_every_calendar_file_carries_its_time_zone(peer_directory, client):
    listing = add(peer_directory, PeerSupportPage, "Tuesday circle", support_type="group",
                  day_of_week=1, frequency="weekly", start_time=time(18, 30))  # fmt: skip

    text = client.get(f"/peer-support/{listing.pk}/calendar.ics").content.decode()

    assert "DTSTART;TZID=Europe/London:" in text
    calendar = Calendar.from_ical(text)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "DTSTAMP:" in text and text.split("DTSTAMP:")[1][15] == "Z"  # UTC, RFC 5545 3.8.7.2


def test_sessions_keep_their_local_time_when_the_clocks_change():
    listing = session(day_of_week=5, frequency="weekly", start_time=time(22, 0),
                      end_time=time(1, 0))  # fmt: skip
    calendar = schedule_calendar(for_calendar(listing), today=date(2027, 3, 1))
    sessions = ics_occurrences(calendar.to_ical(), 40)

    by_day = {start.date(): (start, end) for start, end in sessions}
    # The last Saturday of March 2027 is the 27th; clocks go forward early on Sunday 28th.
    before, across = by_day[date(2027, 3, 20)], by_day[date(2027, 3, 27)]
    after = by_day[date(2027, 4, 3)]
    assert before[0].utcoffset() == timedelta(0) and after[0].utcoffset() == timedelta(hours=1)
    assert all((start.hour, start.minute) == (22, 0) for start, _ in sessions)
    assert all(end.date() == start.date() + timedelta(days=1) for start, end in sessions)
    assert (after[1].hour, after[1].utcoffset()) == (1, timedelta(hours=1))
    assert across[0].astimezone(UTC).hour == 22  # still 10pm GMT that Saturday night
    # And back in October: the last Saturday is the 30th, clocks go back on the 31st.
    october = by_day[date(2027, 10, 30)]
    assert (october[0].hour, october[0].utcoffset()) == (22, timedelta(hours=1))
    assert by_day[date(2027, 11, 6)][0].utcoffset() == timedelta(0)
    # What a calendar program that reads only the file's VTIMEZONE (as Outlook does) makes of it.
    (zone,) = Calendar.from_ical(calendar.to_ical()).walk("VTIMEZONE")
    from_file = zone.to_tz(lookup_tzid=False)
    for start, end in sessions:
        assert start.replace(tzinfo=from_file).utcoffset() == start.utcoffset()
        assert end.replace(tzinfo=from_file).utcoffset() == end.utcoffset(), end


# The 22:00 to 01:00 session, through every door.


def test_a_session_past_midnight_is_one_session_everywhere(peer_directory, client):
    listing = add(peer_directory, PeerSupportPage, "Night cafe", support_type="drop_in",
                  venue="The Old Fire Station", **NIGHT_CAFE)  # fmt: skip

    page = client.get(listing.url).content.decode()
    assert "Every Thursday, 10pm to 1am the next day" in page

    event = Calendar.from_ical(client.get(f"/peer-support/{listing.pk}/calendar.ics").content).walk(
        "VEVENT"
    )[0]
    starts, ends = event.decoded("dtstart"), event.decoded("dtend")
    assert starts.weekday() == 3 and (starts.hour, starts.minute) == (22, 0)
    assert ends - starts == timedelta(hours=3) and ends.date() == starts.date() + timedelta(days=1)

    data = client.get(f"/api/openreferral/services/{listing.uuid}").json()
    (schedule,) = data["schedules"]
    assert (schedule["opens_at"], schedule["closes_at"], schedule["byday"]) == (
        "22:00",
        "01:00",
        "TH",
    )
    assert "the next day" in schedule["description"]


def cms_post_data(page, user, **changes):
    """What Wagtail's page editor would post for `page`, with `changes` made."""
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent(), for_user=user)
    data = {}
    for name in form.fields:
        value = changes[name] if name in changes else form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, time):
            data[name] = value.strftime("%H:%M")
        else:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None or value == "":
            data.pop(name, None)
    for key in ["comments-TOTAL_FORMS", "comments-INITIAL_FORMS"]:
        data.setdefault(key, "0")
    data.setdefault("comments-MIN_NUM_FORMS", "0")
    data.setdefault("comments-MAX_NUM_FORMS", "1000")
    return data


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    client.staff = staff
    return client


def test_staff_save_a_session_past_midnight_in_the_cms(peer_directory, staff_client):
    listing = add(peer_directory, PeerSupportPage, "Night cafe", support_type="drop_in",
                  day_of_week=3, frequency="weekly", start_time=time(19, 0),
                  end_time=time(21, 0))  # fmt: skip
    data = cms_post_data(listing, staff_client.staff, start_time="22:00", end_time="01:00")

    response = staff_client.post(f"/cms/pages/{listing.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code == 302, response.content.decode()[:3000]
    listing.refresh_from_db()
    assert (listing.start_time, listing.end_time) == (time(22, 0), time(1, 0))
    assert schedule_record(listing)["closes_at"] == "01:00"
    ics = staff_client.get(f"/peer-support/{listing.pk}/calendar.ics").content
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    ends = event.decoded("dtend")
    assert (ends - event.decoded("dtstart"), ends.hour) == (timedelta(hours=3), 1)


@pytest.mark.both_databases
def test_the_cms_refuses_a_monthly_session_with_no_week(peer_directory, staff_client):
    listing = add(peer_directory, PeerSupportPage, "Thursday circle", support_type="group",
                  day_of_week=3, frequency="weekly", start_time=time(19, 0))  # fmt: skip
    data = cms_post_data(listing, staff_client.staff, frequency="monthly", week_of_month="")

    response = staff_client.post(f"/cms/pages/{listing.pk}/edit/", {**data, "action-publish": "1"})

    assert response.status_code != 302
    assert "Say which week of the month, for example the first." in response.content.decode()
    listing.refresh_from_db()
    assert listing.frequency == "weekly"  # what was published stays


@pytest.fixture
def group_admin(client, groups_directory, peer_directory):
    user = UserFactory()
    group = add(groups_directory, GroupPage, "Leeds Voices", contact_email="a@b.org",
                led_by_lived_experience=True)  # fmt: skip
    GroupAdministrator.objects.create(group=group, user=user)
    listing = add(peer_directory, PeerSupportPage, "Thursday circle", support_type="group",
                  group=group, day_of_week=3, frequency="weekly", start_time=time(19, 0),
                  online=True, in_person=False)  # fmt: skip
    client.force_login(user)
    return listing


WHEN = {"day_of_week": "3", "frequency": "weekly", "start_time": "19:00", "online": "on"}


def test_a_group_admin_lists_a_session_past_midnight(client, group_admin):
    response = client.post(
        f"/directory/your-listings/{group_admin.pk}/when/",
        {**WHEN, "start_time": "22:00", "end_time": "01:00"},
    )

    assert response.status_code == 302, response.content.decode()
    check = client.get(f"/directory/your-listings/{group_admin.pk}/check/").content.decode()
    assert "Every Thursday, 10pm to 1am the next day" in check


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"frequency": "monthly"}, "week_of_month", "Say which week of the month"),
        ({"frequency": "fortnightly"}, "dtstart", "Give the date of one session"),
        (
            {"frequency": "fortnightly", "dtstart": "2026-12-02"},
            "dtstart",
            "2 December 2026 is a Wednesday, but the session is on Thursdays",
        ),
        ({"end_time": "19:00"}, "end_time", "The end time is the same as the start time"),
        ({"frequency": ""}, "frequency", "Say how often it meets"),
        ({"start_time": ""}, "start_time", "Give the time it starts"),
        ({"day_of_week": ""}, "day_of_week", "Choose the day it meets"),
    ],
)
def test_the_form_refuses_an_unfinished_schedule_and_keeps_what_was_typed(
    client, group_admin, changes, field, message
):
    response = client.post(f"/directory/your-listings/{group_admin.pk}/when/", {**WHEN, **changes})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'href="#id_{field}"' in html
    for name, value in changes.items():
        if value and name != "day_of_week":
            assert f'value="{value}"' in html or f'value="{value}" selected' in html
    group_admin.refresh_from_db()
    assert group_admin.frequency == "weekly" and group_admin.start_time == time(19, 0)


@pytest.mark.both_databases
@pytest.mark.parametrize("day", ["0001-01-04", "1999-12-30", "2032-01-01", "9999-12-30"])
def test_the_date_of_a_session_is_a_sane_date(client, group_admin, day):
    """Thursdays all, so only the range can refuse them (core.dates)."""
    response = client.post(
        f"/directory/your-listings/{group_admin.pk}/when/",
        {**WHEN, "frequency": "fortnightly", "dtstart": day},
    )
    assert response.status_code == 400
    assert "must be between 1 January 2000" in response.content.decode()
    group_admin.refresh_from_db()
    assert group_admin.dtstart is None


# The CMS (the page model's clean) and the front-end form agree on any input.

maybe = st.none()
raw_schedules = st.fixed_dictionaries(
    {
        "day_of_week": maybe | st.integers(0, 6),
        "frequency": st.sampled_from(["", "weekly", "fortnightly", "monthly"]),
        "week_of_month": maybe | st.sampled_from([1, 2, 3, 4, -1]),
        "dtstart": maybe | st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        "start_time": maybe | times,
        "end_time": maybe | times,
    }
)


def as_post(values):
    def text(value):
        if value is None:
            return ""
        if isinstance(value, time):
            return value.strftime("%H:%M")
        return str(value)

    return {**{name: text(value) for name, value in values.items()}, "online": "on"}


@pytest.mark.both_databases
@HOURS
@given(values=raw_schedules)
def test_the_cms_and_the_form_agree_on_any_schedule(values):
    page = session(**values)
    try:
        page.clean()
        model_errors, model_values = {}, {name: getattr(page, name) for name in FIELDS}
    except ValidationError as error:
        model_errors, model_values = error.message_dict, None

    form = SessionWhenForm(as_post(values), instance=session())
    valid = form.is_valid()

    form_errors = {name: form.errors[name] for name in FIELDS if name in form.errors}
    assert form_errors == model_errors
    assert valid == (not model_errors)
    if valid:
        assert {name: form.page_values()[name] for name in FIELDS} == model_values
        assert (schedule_of(page) is None) == (values["day_of_week"] is None)


def test_a_monthly_schedule_needs_an_explicit_week():
    with pytest.raises(ValidationError) as raised:
        clean_schedule({**NIGHT_CAFE, "frequency": "monthly"})
    assert raised.value.message_dict == {
        "week_of_month": ["Say which week of the month, for example the first."]
    }
    values = clean_schedule({**NIGHT_CAFE, "frequency": "monthly", "week_of_month": -1})
    assert schedule_of(SimpleNamespace(**values)).byday == "-1TH"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (NIGHT_CAFE, "Every Thursday, 10pm to 1am the next day"),
        (
            {
                **NIGHT_CAFE,
                "frequency": "monthly",
                "week_of_month": -1,
                "start_time": time(19, 0),
                "end_time": time(21, 30),
            },
            "The last Thursday of every month, 7pm to 9:30pm",
        ),
        (
            {**NIGHT_CAFE, "start_time": time(12, 0), "end_time": time(0, 0)},
            "Every Thursday, midday to midnight",
        ),
        (
            {
                **NIGHT_CAFE,
                "frequency": "fortnightly",
                "dtstart": date(2026, 12, 3),
                "end_time": None,
            },
            "Every other Thursday (the next is 17 December 2026), from 10pm",
        ),
    ],
)
def test_the_page_says_when_in_plain_words(fields, words):
    schedule = schedule_of(SimpleNamespace(**{**dict.fromkeys(FIELDS), **fields}))
    assert schedule.summary(today=date(2026, 12, 10)) == words
    assert clock(time(6, 5)) == "6:05am"


# Open Referral UK: which sessions the day, start_time and end_time filters find.

THURSDAY_NIGHT = Schedule(weekday=3, frequency=Frequency.WEEKLY, opens_at=time(22, 0),
                          closes_at=time(1, 0))  # fmt: skip
EVENING = Schedule(weekday=3, frequency=Frequency.WEEKLY, opens_at=time(18, 0),
                   closes_at=time(19, 30))  # fmt: skip


@pytest.mark.parametrize(
    ("schedule", "starts_from", "ends_by", "found"),
    [
        (THURSDAY_NIGHT, None, time(1, 30), True),
        (THURSDAY_NIGHT, None, time(1, 0), True),
        (THURSDAY_NIGHT, None, time(0, 30), False),
        (THURSDAY_NIGHT, None, time(23, 0), False),
        (THURSDAY_NIGHT, time(21, 0), time(2, 0), True),
        (THURSDAY_NIGHT, time(21, 0), time(23, 30), False),
        (THURSDAY_NIGHT, time(22, 30), None, False),
        (EVENING, time(17, 0), time(2, 0), True),
        (EVENING, None, time(19, 0), False),
        (EVENING, time(18, 0), time(19, 30), True),
    ],
)
def test_the_time_filters_read_times_past_midnight_as_the_next_morning(
    schedule, starts_from, ends_by, found
):
    assert within_times(schedule, starts_from, ends_by) is found


def _first_after(moment, clock_time):
    """The first moment strictly after `moment` (naive) at which the clock shows `clock_time`."""
    candidate = datetime.combine(moment.date(), clock_time)
    return candidate if candidate > moment else candidate + timedelta(days=1)


@HOURS
@given(
    opens=times,
    closes=st.none() | times,
    starts_from=st.none() | times,
    ends_by=st.none() | times,
)
def test_the_time_filters_match_a_timeline_of_real_dates(opens, closes, starts_from, ends_by):
    if closes == opens:
        closes = None
    schedule = Schedule(weekday=3, frequency=Frequency.WEEKLY, opens_at=opens, closes_at=closes)
    thursday = date(2026, 12, 3)
    session_start = datetime.combine(thursday, opens)
    session_end = None if closes is None else _first_after(session_start, closes)
    expected = True
    if starts_from is not None:
        expected = session_start >= datetime.combine(thursday, starts_from)
    if ends_by is not None:
        reference = (
            datetime.combine(thursday, starts_from) if starts_from is not None else session_start
        )
        limit = _first_after(reference, ends_by)
        expected = expected and session_end is not None and session_end <= limit

    assert within_times(schedule, starts_from, ends_by) is expected


def test_the_api_finds_a_night_cafe_by_its_day_and_times(peer_directory, client):
    add(peer_directory, PeerSupportPage, "Night cafe", support_type="drop_in", online=True,
        in_person=False, **NIGHT_CAFE)  # fmt: skip

    def found(**params):
        data = client.get("/api/openreferral/services", params).json()
        return [service["name"] for service in data["contents"]]

    assert found(day="TH", end_time="01:30") == ["Night cafe"]
    assert found(day="TH", start_time="21:00", end_time="02:00") == ["Night cafe"]
    assert found(end_time="23:00") == []
    assert found(day="FR") == []


# Schedules saved before they had to be complete.


def test_an_old_monthly_session_with_no_week_is_marked_to_be_checked(peer_directory, client):
    listing = add(peer_directory, PeerSupportPage, "Thursday circle", support_type="group",
                  day_of_week=3, frequency="monthly", week_of_month=1,
                  start_time=time(19, 0))  # fmt: skip
    PeerSupportPage.objects.filter(pk=listing.pk).update(week_of_month=None)
    listing.refresh_from_db()

    assert client.get(f"/peer-support/{listing.pk}/calendar.ics").status_code == 404
    assert client.get(f"/api/openreferral/services/{listing.uuid}").json()["schedules"] == []
    assert "Ask which dates and times" in client.get(listing.url).content.decode()
    assert listing in listings_to_check()


def test_the_migration_tidies_schedules_without_guessing(peer_directory):
    weekly = add(peer_directory, PeerSupportPage, "Weekly", support_type="group", day_of_week=1,
                 frequency="weekly", start_time=time(10, 0))  # fmt: skip
    monthly = add(peer_directory, PeerSupportPage, "Monthly", support_type="group",
                  day_of_week=1, frequency="monthly", week_of_month=2,
                  start_time=time(10, 0))  # fmt: skip
    PeerSupportPage.objects.filter(pk=weekly.pk).update(frequency="", week_of_month=3)
    PeerSupportPage.objects.filter(pk=monthly.pk).update(week_of_month=None)
    migration = importlib.import_module("groups.migrations.0004_schedule_date_of_a_session")

    migration.tidy_schedules(django_apps, None)

    weekly.refresh_from_db()
    monthly.refresh_from_db()
    assert (weekly.frequency, weekly.week_of_month) == ("weekly", None)
    assert (monthly.frequency, monthly.week_of_month) == ("monthly", None)  # left for staff


def test_an_unfinished_schedule_is_a_step_still_to_do_before_sending():
    draft = session(day_of_week=3, frequency="monthly", start_time=time(19, 0), online=True,
                    in_person=False, contact_email="hello@example.org")  # fmt: skip

    assert services.listing_missing_steps(draft) == ["When and where"]
    draft.week_of_month = 2
    assert services.listing_missing_steps(draft) == []
