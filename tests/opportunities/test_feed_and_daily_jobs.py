"""The Atom feed of new opportunities, and the daily reminders and outcome requests."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from opportunities.models import ExpressionOfInterest, InterestStatus
from opportunities.services import interest_express, interest_set_status

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def test_the_feed_lists_open_opportunities_newest_first(
    client, opportunity_index, make_organisation, make_opportunity
):
    organisation = make_organisation()
    make_opportunity(organisation, "Older role")
    make_opportunity(organisation, "Newer role", fee_amount=30)
    make_opportunity(organisation, "Closed role", rolling=False, deadline="2020-01-01")

    response = client.get("/opportunities/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer role", "Older role"]
    newest = entries[0]
    assert "£30 an hour" in newest.findtext(f"{ATOM}summary")
    assert newest.find(f"{ATOM}link").get("href").startswith("http://testserver/organisations/")
    assert newest.find(f"{ATOM}author").findtext(f"{ATOM}name") == organisation.title


def test_the_json_feed_lists_open_opportunities_with_their_facts(
    client, opportunity_index, make_organisation, make_opportunity, django_assert_max_num_queries
):
    organisation = make_organisation()
    make_opportunity(organisation, "Older role", paid=False)
    make_opportunity(organisation, "Newer role", fee_amount=30, region="london")
    make_opportunity(organisation, "Closed role", rolling=False, deadline="2020-01-01")
    draft = make_opportunity(organisation, "Unpublished role")
    draft.unpublish()

    with django_assert_max_num_queries(8):  # not one query per opportunity
        response = client.get("/opportunities/feed.json")

    assert response["Content-Type"].startswith("application/feed+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/opportunities/feed.json"
    assert [item["title"] for item in feed["items"]] == ["Newer role", "Older role"]
    newest, older = feed["items"]
    assert newest["id"].startswith("urn:uuid:") and newest["url"].startswith("http://testserver/")
    assert newest["_nsun"]["payment"] == "£30 an hour" and older["_nsun"]["payment"] == "Unpaid"
    assert newest["_nsun"]["region"] == "London"
    assert newest["authors"] == [{"name": organisation.title}]
    assert newest["_nsun"]["deadline"] is None  # rolling


def test_the_listing_page_points_feed_readers_at_the_feed(client, opportunity_index):
    response = client.get(opportunity_index.url)

    assert 'type="application/atom+xml"' in response.text
    assert 'href="/opportunities/feed/"' in response.text


@pytest.fixture
def waiting_interest(make_organisation, make_opportunity, django_user_model):
    organiser = django_user_model.objects.create_user("org@example.org", "pw-123456789")
    member = django_user_model.objects.create_user("member@example.org", "pw-123456789")
    opportunity = make_opportunity(make_organisation(members=[organiser]))
    expression = interest_express(
        member=member, opportunity=opportunity, payment_preference="full_fee"
    )
    mail.outbox.clear()
    return expression


def sent_days_ago(expression, days):
    ExpressionOfInterest.objects.filter(pk=expression.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_organisations_are_reminded_once_after_five_working_days(after_commit, waiting_interest):
    sent_days_ago(waiting_interest, 3)
    with after_commit():
        call_command("daily_jobs")
    assert mail.outbox == []

    sent_days_ago(waiting_interest, 8)  # at least 5 working days whatever the weekday
    with after_commit():
        call_command("daily_jobs")
    with after_commit():
        call_command("daily_jobs")

    assert [message.to for message in mail.outbox] == [["org@example.org"]]
    assert "waiting to hear" in mail.outbox[0].subject
    assert "/portal/opportunities/" in mail.outbox[0].body


def test_acknowledged_interest_needs_no_reminder(after_commit, waiting_interest, django_user_model):
    sent_days_ago(waiting_interest, 10)
    interest_set_status(
        expression=waiting_interest,
        status=InterestStatus.ACKNOWLEDGED,
        user=django_user_model.objects.get(email="org@example.org"),
    )
    mail.outbox.clear()

    with after_commit():
        call_command("daily_jobs")

    assert mail.outbox == []


def test_an_ended_opportunity_with_people_selected_is_asked_for_outcomes_once(
    after_commit, waiting_interest, django_user_model
):
    opportunity = waiting_interest.opportunity
    interest_set_status(
        expression=waiting_interest,
        status=InterestStatus.SELECTED,
        user=django_user_model.objects.get(email="org@example.org"),
    )
    opportunity.end_date = timezone.localdate() - timedelta(days=1)
    opportunity.save_revision().publish()
    mail.outbox.clear()

    with after_commit():
        call_command("daily_jobs")
    with after_commit():
        call_command("daily_jobs")

    asked = [m for m in mail.outbox if "report the outcomes" in m.subject]
    assert [message.to for message in asked] == [["org@example.org"]]
    assert f"/portal/opportunities/{opportunity.pk}/outcomes/" in asked[0].body


def test_the_jobs_can_be_queued_for_the_worker(capsys):
    call_command("daily_jobs", "--enqueue")

    assert "Queued: send_interest_reminders" in capsys.readouterr().out
