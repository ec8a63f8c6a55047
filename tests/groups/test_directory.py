"""The directory of user-led groups and peer support: filters, distance, pages and calendars."""

import re
from datetime import date, time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from core.models import Community, Topic
from groups.calendar import schedule_calendar
from groups.models import GroupPage, PeerSupportPage
from groups.services import listing_confirm, listing_place, listings_ask_to_confirm
from tests.groups.conftest import add
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(groups_directory, postcodes_io):
    voices = Topic.objects.create(name="Psychosis")
    housing = Topic.objects.create(name="Housing")
    carers = Community.objects.create(name="Carers")
    return {
        "leeds": add(groups_directory, GroupPage, "Leeds Voices", [voices], postcode="LS1 4AP",
                     does_peer_support=True, led_by_lived_experience=True),
        "manchester": add(groups_directory, GroupPage, "Manchester Tenants Together", [housing],
                          [carers], postcode="M1 1AE", does_campaigning=True),
        "online": add(groups_directory, GroupPage, "Night Owls Online", [voices], online=True,
                      in_person=False, region="national", does_social=True),
        "london": add(groups_directory, GroupPage, "Westminster Art Space", postcode="SW1A 1AA",
                      does_creative=True),
    }  # fmt: skip


def names(response):
    return [listing.title for listing in response.context["listings"]]


def test_a_postcode_places_the_listing_and_sets_its_region(groups):
    leeds = GroupPage.objects.get(pk=groups["leeds"].pk)
    assert leeds.latitude == pytest.approx(53.80, abs=0.02)
    assert leeds.region == "yorkshire_humber"


def test_filters_narrow_the_directory(client, groups):
    url = "/groups/"
    assert names(client.get(url)) == [
        "Leeds Voices",
        "Manchester Tenants Together",
        "Night Owls Online",
        "Westminster Art Space",
    ]
    psychosis = Topic.objects.get(name="Psychosis").pk
    assert names(client.get(url, {"topic": psychosis})) == ["Leeds Voices", "Night Owls Online"]
    assert names(client.get(url, {"where": "online"})) == ["Night Owls Online"]
    assert names(client.get(url, {"region": "london"})) == ["Westminster Art Space"]
    assert names(client.get(url, {"activity": ["creative", "campaigning"]})) == [
        "Manchester Tenants Together",
        "Westminster Art Space",
    ]
    carers = Community.objects.get(name="Carers").pk
    assert names(client.get(url, {"community": carers})) == ["Manchester Tenants Together"]
    assert names(client.get(url, {"q": "tenants"})) == ["Manchester Tenants Together"]
    nothing = client.get(url, {"q": "zebra", "where": "online"})
    assert "Try widening your search" in nothing.content.decode()


def test_a_listing_in_two_ticked_topics_shows_once(client, groups):
    psychosis, housing = Topic.objects.get(name="Psychosis"), Topic.objects.get(name="Housing")
    leeds = groups["leeds"]
    leeds.topics.add(housing)
    leeds.save_revision().publish()
    both = [psychosis.pk, housing.pk]
    for extra in ({}, {"postcode": "LS1 4AP"}, {"community": Community.objects.get().pk}):
        response = client.get("/groups/", {"topic": both, **extra})
        shown = names(response)
        assert len(shown) == len(set(shown)) == response.context["result_count"], extra
        assert "Leeds Voices" in shown or extra.get("community")


def test_near_a_postcode_sorts_by_distance_and_shows_it(client, groups):
    response = client.get("/groups/", {"postcode": "ls1 4ap"})

    assert names(response) == [
        "Leeds Voices",
        "Manchester Tenants Together",
        "Westminster Art Space",
        "Night Owls Online",  # no place: last
    ]
    html = response.content.decode()
    assert "nearest to LS1 4AP first" in html
    assert "less than a mile away" in html
    assert re.search(r"about 3\d miles away", html)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"region": "atlantis"}, 400, "Choose region from the options given"),
        ({"postcode": "NOT A CODE"}, 400, "Near a postcode:"),
        ({"page": "50"}, 404, "There is no such page"),
        ({"page": "x"}, 400, "The page number must be a whole number"),
        ({"q": "a" * 300}, 400, "Your search words must be 200 characters or fewer: it has 300"),
    ],
)
def test_bad_directory_searches_get_a_clear_answer(client, groups, query, status, message):
    response = client.get("/groups/", query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_listing_pages_show_when_they_were_last_checked(client, groups):
    group = groups["leeds"]
    group.last_checked = date(2026, 3, 14)
    group.save_revision().publish()

    html = client.get(group.url).content.decode()

    assert "Last checked" in html and "14 March 2026" in html
    assert "Led by people with lived experience" in html


@pytest.fixture
def sessions(peer_directory):
    return {
        "weekly": add(peer_directory, PeerSupportPage, "Tuesday evening circle",
                      support_type="group", day_of_week=1, start_time=time(18, 30),
                      end_time=time(20, 0), frequency="weekly", online=True, in_person=False,
                      how_to_join="Email us for the link."),
        "monthly": add(peer_directory, PeerSupportPage, "First Saturday walk",
                       support_type="group", day_of_week=5, start_time=time(11, 0),
                       frequency="monthly", week_of_month=1, venue="Roundhay Park gates"),
        "no_time": add(peer_directory, PeerSupportPage, "Text line", support_type="phone",
                       online=True, in_person=False),
    }  # fmt: skip


def test_peer_support_filters_by_day(client, sessions):
    assert names(client.get("/peer-support/", {"day": "1"})) == ["Tuesday evening circle"]
    assert names(client.get("/peer-support/", {"support_type": "phone"})) == ["Text line"]


def test_a_session_downloads_as_a_repeating_calendar_event(client, sessions):
    session = sessions["weekly"]
    response = client.get(f"/peer-support/{session.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    starts = event.decoded("dtstart")
    assert starts.weekday() == 1 and (starts.hour, starts.minute) == (18, 30)
    assert str(starts.tzinfo) == "Europe/London"
    assert event.decoded("dtend").hour == 20
    assert event["rrule"]["FREQ"] == ["WEEKLY"]
    assert str(event["summary"]) == "Tuesday evening circle"
    assert "Email us for the link." in str(event["description"])
    assert str(event["location"]) == "Online"

    assert client.get(f"/peer-support/{sessions['no_time'].pk}/calendar.ics").status_code == 404
    assert client.get("/peer-support/999999/calendar.ics").status_code == 404


def test_monthly_and_fortnightly_sessions_repeat_as_people_expect(sessions):
    monthly = sessions["monthly"]
    event = schedule_calendar(monthly, today=date(2026, 11, 25)).walk("VEVENT")[0]
    assert event.decoded("dtstart").date() == date(2026, 12, 5)  # the next first Saturday
    assert event["rrule"]["BYDAY"] == ["1SA"]

    monthly.frequency, monthly.dtstart = "fortnightly", date(2026, 12, 12)
    event = schedule_calendar(monthly, today=date(2026, 11, 25)).walk("VEVENT")[0]
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["INTERVAL"] == [2]


def test_staff_see_listings_not_checked_for_a_year(client, groups):
    stale = groups["manchester"]
    GroupPage.objects.filter(pk=stale.pk).update(last_checked=date(2024, 1, 10))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get("/cms/reports/listings-to-check/").content.decode()

    assert "Manchester Tenants Together" in html
    assert "Leeds Voices" not in html
    assert (
        "1 group or peer-support listing not checked for a year"
        in client.get("/cms/").content.decode()
    )


def test_the_yearly_question_is_asked_once_and_one_click_confirms(after_commit, client, groups):
    stale = groups["manchester"]
    GroupPage.objects.filter(pk=stale.pk).update(
        last_checked=date(2024, 1, 10), contact_email="tenants@example.org"
    )

    with after_commit():
        assert listings_ask_to_confirm() == 1
    with after_commit():
        assert listings_ask_to_confirm() == 0  # not again this year
    message = mail.outbox[0]
    assert message.to == ["tenants@example.org"]
    assert "Manchester Tenants Together" in message.subject
    link = re.search(r"https?://\S+(/directory/still-right/\S+/)", message.body).group(1)

    assert client.get(link).status_code == 200  # looking changes nothing
    assert GroupPage.objects.get(pk=stale.pk).last_checked == date(2024, 1, 10)
    assert "Thank you" in client.post(link).content.decode()
    assert GroupPage.objects.get(pk=stale.pk).last_checked == timezone.localdate()
    assert client.post(link.replace("/still-right/", "/still-right/x")).status_code == 400


@pytest.mark.parametrize("kind", ["groups", "peer_support"])
def test_the_directory_costs_the_same_queries_for_few_or_many_results(
    client, groups_directory, peer_directory, kind, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The page made each time, not the copy shared between signed-out visitors.
    settings.CACHES = {
        **settings.CACHES,
        "responses": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }

    directory = groups_directory if kind == "groups" else peer_directory
    model = GroupPage if kind == "groups" else PeerSupportPage
    extra = {} if kind == "groups" else {"support_type": "group", "day_of_week": 2,
                                           "start_time": time(10, 0)}  # fmt: skip
    topic = Topic.objects.create(name="Peer support")
    community = Community.objects.create(name="Carers")

    def queries_for_page():
        client.get(directory.url)  # warm caches such as the site root
        with CaptureQueriesContext(connection) as captured:
            response = client.get(directory.url)
        assert response.status_code == 200
        return len(captured), len(response.context["listings"])

    for number in range(2):
        add(directory, model, f"Listing {number}", [topic], [community], **extra)
    few, shown = queries_for_page()
    assert shown == 2
    for number in range(2, 25):
        add(directory, model, f"Listing {number}", [topic], [community], **extra)
    many, shown = queries_for_page()
    assert shown == 20
    assert many == few


def test_a_listing_confirmed_or_placed_without_publishing_shows_it_at_once(
    groups_directory, production_caches, postcodes_io, settings
):
    """Confirming a listing and placing it from its postcode write the row straight, without a
    publish: the next signed-out visitor still sees the change, not a kept copy."""
    settings.ELASTICSEARCH_URL = ""
    listing = add(
        groups_directory, GroupPage, "Hearing Voices Leeds", last_checked=date(2025, 1, 6)
    )
    Client().get(listing.url)
    Client().get(listing.url)
    listing_confirm(listing=listing, today=date(2026, 11, 3))
    assert "3 November 2026" in Client().get(listing.url).content.decode()

    near = "/groups/?postcode=LS1"
    on_the_map = '"title": "Hearing Voices Leeds"'
    assert on_the_map not in Client().get(near).content.decode()
    listing.postcode = "LS1 4AP"
    listing_place(listing=listing)
    assert on_the_map in Client().get(near).content.decode()
