"""Alerts: publishing tells the members it fits, at once or in a digest, never twice, and
every email can be stopped in one click without signing in."""

import re

import pytest
from django.core import mail

from members.models import MemberProfile
from search.alerts import emails, queries, recipients
from search.index.documents import member_alerts_alias
from search.models import AlertDelivery, AlertFrequency, SavedSearch
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request, settings):
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def member_with(engine, taxonomy):
    def make(frequency, topics=(), **fields):
        user = UserFactory()
        profile = MemberProfile.objects.create(user=user, alert_frequency=frequency, **fields)
        profile.topics.set([taxonomy["topics"][name] for name in topics])
        queries.sync_member_alerts(user.pk)  # on the embedded engine this does nothing
        return user

    return make


@pytest.fixture
def publish(make_organisation, make_opportunity, taxonomy, django_capture_on_commit_callbacks):
    organisation = make_organisation()

    def publish(title, topics=(), **fields):
        with django_capture_on_commit_callbacks(execute=True):
            page = make_opportunity(organisation, title, **fields)
            page.topics.set([taxonomy["topics"][name] for name in topics])
            page.save_revision().publish()
        return page

    return publish


def email_recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_publishing_emails_the_members_it_fits_who_asked_for_it_at_once(member_with, publish):
    housing_now = member_with(AlertFrequency.IMMEDIATELY, ["Housing"])
    crisis_now = member_with(AlertFrequency.IMMEDIATELY, ["Crisis care"])
    housing_daily = member_with(AlertFrequency.DAILY, ["Housing"])
    member_with(AlertFrequency.OFF, ["Housing"])
    member_with(AlertFrequency.IMMEDIATELY, ["Housing"], payment_need="must_be_paid")

    publish("Housing panel", ["Housing"], paid=False, fee_amount=None, fee_unit="")

    assert email_recipients() == [housing_now.email]
    message = mail.outbox[0]
    assert "Housing panel" in message.subject
    assert "Housing panel" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https?://\S+/alerts/unsubscribe/\S+/>", message.extra_headers["List-Unsubscribe"]
    )
    told = set(AlertDelivery.objects.values_list("member_id", flat=True))
    assert told == {housing_now.pk, housing_daily.pk}
    assert crisis_now.pk not in told


def test_digests_gather_what_was_published_and_are_sent_once(after_commit, member_with, publish):
    daily = member_with(AlertFrequency.DAILY, ["Housing"])
    weekly = member_with(AlertFrequency.WEEKLY, ["Housing"])
    publish("Housing panel", ["Housing"])
    publish("Tenants' forum", ["Housing"])
    assert mail.outbox == []

    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.DAILY) == 1
    assert email_recipients() == [daily.email]
    assert "2 new opportunities that fit you" in mail.outbox[0].subject
    assert "Housing panel" in mail.outbox[0].body and "Tenants' forum" in mail.outbox[0].body

    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.DAILY) == 0  # nothing new: nothing sent
    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.WEEKLY) == 1
    assert email_recipients() == sorted([daily.email, weekly.email])


def test_no_one_is_told_twice_about_the_same_opportunity(
    member_with, publish, django_capture_on_commit_callbacks
):
    member = member_with(AlertFrequency.IMMEDIATELY, ["Housing"])
    SavedSearch.objects.create(
        member=member,
        name="housing",
        query_string="q=housing",
        frequency=AlertFrequency.IMMEDIATELY,
    )
    queries.sync_member_alerts(member.pk)

    page = publish("Housing panel", ["Housing"])
    with django_capture_on_commit_callbacks(execute=True):
        page.summary = "Now with a second meeting."
        page.save_revision().publish()

    assert len(mail.outbox) == 1
    assert AlertDelivery.objects.filter(member=member).count() == 1


def test_saved_searches_alert_like_profiles(
    client, member_with, publish, django_capture_on_commit_callbacks, opportunity_index
):
    member = member_with(AlertFrequency.OFF)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/alerts/save-search/",
            {
                "q": "peer support",
                "format": "online",
                "sort": "closing",
                "page": "3",
                "frequency": "immediately",
            },
        )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(member=member)
    assert saved.query_string == "q=peer+support&format=online"  # not the order or the page

    publish("Peer support reviewers", format="in_person")
    publish("Online peer support circle", format="online")

    assert email_recipients() == [member.email]
    assert "Online peer support circle" in mail.outbox[0].subject


def test_one_click_unsubscribe_works_without_signing_in_and_only_for_that_member(
    client, member_with, publish, django_capture_on_commit_callbacks, engine
):
    leaving = member_with(AlertFrequency.IMMEDIATELY, ["Housing"])
    staying = member_with(AlertFrequency.IMMEDIATELY, ["Housing"])
    SavedSearch.objects.create(
        member=leaving, name="housing", query_string="q=housing", frequency=AlertFrequency.DAILY
    )
    publish("Housing panel", ["Housing"])
    link = re.search(
        r"https?://\S+(/alerts/unsubscribe/\S+/)",
        next(m.body for m in mail.outbox if m.to == [leaving.email]),
    ).group(1)

    assert client.get(link).status_code == 200  # a page to confirm; looking changes nothing
    assert MemberProfile.objects.get(user=leaving).alert_frequency == AlertFrequency.IMMEDIATELY
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)  # what a mail program's one-click sends
    assert "You will not get these emails any more" in response.content.decode()
    assert MemberProfile.objects.get(user=leaving).alert_frequency == AlertFrequency.OFF
    assert SavedSearch.objects.get(member=leaving).frequency == AlertFrequency.OFF
    assert MemberProfile.objects.get(user=staying).alert_frequency == AlertFrequency.IMMEDIATELY

    mail.outbox.clear()
    publish("Housing advice review", ["Housing"])
    assert email_recipients() == [staying.email]

    tampered = link.replace("/unsubscribe/", "/unsubscribe/x")
    assert client.post(tampered).status_code == 400
    assert MemberProfile.objects.get(user=staying).alert_frequency == AlertFrequency.IMMEDIATELY


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_alert_documents_follow_the_profile_and_go_with_the_account(
    engine, elasticsearch, member_with, django_capture_on_commit_callbacks
):
    from members.services import member_profile_update

    member = member_with(AlertFrequency.DAILY, ["Housing"])
    profile = MemberProfile.objects.get(user=member)
    document = elasticsearch.get(
        index=member_alerts_alias(), id=queries.profile_alert_id(member.pk)
    )
    assert document["_source"]["topic_ids"] == [profile.topics.get().pk]

    cleaned = {name: getattr(profile, name) for name in [
        "who", "online_ok", "in_person_ok", "payment_need", "not_before_10", "access_needs",
        "own_words", "postcode_district", "latitude", "longitude", "levels", "role_types",
        "availability", "support_wanted"]}  # fmt: skip
    cleaned.update(alert_frequency=AlertFrequency.OFF, topics=[], communities=[], max_distance=None)
    with django_capture_on_commit_callbacks(execute=True):
        member_profile_update(profile=profile, cleaned_data=cleaned)
    assert not elasticsearch.exists(
        index=member_alerts_alias(), id=queries.profile_alert_id(member.pk)
    )

    other = member_with(AlertFrequency.WEEKLY, ["Housing"])
    assert elasticsearch.exists(index=member_alerts_alias(), id=queries.profile_alert_id(other.pk))
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert not elasticsearch.exists(
        index=member_alerts_alias(), id=queries.profile_alert_id(other.pk)
    )


def test_managing_saved_searches_touches_only_your_own(client, member_with):
    mine = member_with(AlertFrequency.OFF)
    theirs = member_with(AlertFrequency.OFF)
    their_search = SavedSearch.objects.create(member=theirs, name="theirs", query_string="q=x")
    my_search = SavedSearch.objects.create(member=mine, name="mine", query_string="q=y")
    client.force_login(mine)

    page = client.get("/account/alerts/").content.decode()
    assert "mine" in page and "theirs" not in page
    assert client.post("/account/alerts/", {"delete": their_search.pk}).status_code == 404
    assert client.post("/account/alerts/", {"delete": my_search.pk}).status_code == 302
    assert list(SavedSearch.objects.values_list("name", flat=True)) == ["theirs"]


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_the_reverse_search_and_the_embedded_rules_agree_on_who_to_tell(
    engine, member_with, make_organisation, make_opportunity, taxonomy
):
    housing = member_with(AlertFrequency.DAILY, ["Housing"])
    paid_only = member_with(AlertFrequency.DAILY, payment_need="must_be_paid")
    in_person_only = member_with(AlertFrequency.WEEKLY, ["Crisis care"], online_ok=False)
    online_only = member_with(AlertFrequency.IMMEDIATELY, in_person_ok=False)
    near_leeds = member_with(
        AlertFrequency.DAILY, ["Crisis care"], latitude=53.8, longitude=-1.55, max_distance_km=20
    )
    searcher = member_with(AlertFrequency.OFF)
    saved = SavedSearch.objects.create(
        member=searcher, name="carers", query_string="q=carers&money=expenses"
    )
    queries.sync_member_alerts(searcher.pk)
    organisation = make_organisation()
    pages = [
        make_opportunity(organisation, "Housing panel", format="online"),
        make_opportunity(
            organisation,
            "Crisis line review",
            format="in_person",
            paid=False,
            fee_amount=None,
            fee_unit="",
            expenses_covered=True,
            summary="Carers and service users review the crisis line.",
            latitude=51.501,
            longitude=-0.1416,  # London: too far for near_leeds
        ),
        make_opportunity(organisation, "Research advisers", format="hybrid"),
        make_opportunity(
            organisation, "Leeds crisis cafe", format="in_person", latitude=53.79, longitude=-1.54
        ),
    ]
    pages[0].topics.set([taxonomy["topics"]["Housing"]])
    pages[1].topics.set([taxonomy["topics"]["Crisis care"]])
    pages[3].topics.set([taxonomy["topics"]["Crisis care"]])
    for page in pages:
        page.save_revision().publish()

    told = {}
    for page in pages:
        found = recipients.matches_from_elasticsearch(page)
        assert dict(found) == dict(recipients.matches_from_database(page)), page.title
        told[page.title] = set(found)

    assert told["Housing panel"] == {housing.pk, paid_only.pk, online_only.pk}
    assert told["Crisis line review"] == {in_person_only.pk, searcher.pk}
    assert told["Research advisers"] == {paid_only.pk, online_only.pk}  # hybrid: online is fine
    assert told["Leeds crisis cafe"] == {paid_only.pk, in_person_only.pk, near_leeds.pk}
    assert recipients.matches_from_elasticsearch(pages[1])[searcher.pk] == [saved.pk]


def test_a_deactivated_member_is_not_alerted(member_with, publish):
    member = member_with(AlertFrequency.IMMEDIATELY, ["Housing"])
    member.is_active = False
    member.save()

    publish("Housing panel", ["Housing"])

    assert email_recipients() == []
    assert not AlertDelivery.objects.filter(member=member).exists()


def test_a_saved_search_never_alerts_what_the_members_hard_rules_forbid(member_with, publish):
    brighton = {"latitude": 50.8225, "longitude": -0.1372}
    member = member_with(
        AlertFrequency.OFF, online_ok=False, max_distance_km=10, payment_need="must_be_paid",
        **brighton,
    )  # fmt: skip
    SavedSearch.objects.create(
        member=member, name="housing", query_string="q=housing",
        frequency=AlertFrequency.IMMEDIATELY,
    )  # fmt: skip
    queries.sync_member_alerts(member.pk)

    publish(
        "Housing panel in Manchester", format="hybrid", paid=True, fee_amount=20,
        latitude=53.4794, longitude=-2.2453,
    )  # fmt: skip
    publish("Unpaid housing group in Hove", format="in_person", paid=False, fee_amount=None,
            latitude=50.8279, longitude=-0.1688)  # fmt: skip
    publish(
        "Paid housing forum in Hove", format="in_person", paid=True, fee_amount=20,
        latitude=50.8279, longitude=-0.1688,
    )  # fmt: skip

    titles = sorted(
        delivery.opportunity.title for delivery in AlertDelivery.objects.filter(member=member)
    )
    assert titles == ["Paid housing forum in Hove"]


def test_turning_alerts_off_or_deleting_a_saved_search_cancels_what_waits_for_a_digest(
    after_commit, client, member_with, publish, django_capture_on_commit_callbacks
):
    from members.profile_forms import MemberProfileForm

    member = member_with(AlertFrequency.DAILY, ["Housing"])
    saved = SavedSearch.objects.create(
        member=member, name="peer", query_string="q=peer", frequency=AlertFrequency.WEEKLY
    )
    queries.sync_member_alerts(member.pk)
    publish("Housing panel", ["Housing"])
    publish("Peer circle")
    assert AlertDelivery.objects.filter(member=member, sent_at__isnull=True).count() == 2

    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/alerts/", {"delete": saved.pk})
        profile = member.profile
        data = {
            name: value
            for name, value in MemberProfileForm(instance=profile).initial.items()
            if value not in (None, [], "")
        }
        data.update(alert_frequency="off", payment_need="any", online_ok="on", in_person_ok="on")
        response = client.post("/account/looking-for/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.DAILY) == 0
    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.WEEKLY) == 0
    assert email_recipients() == []


@pytest.mark.parametrize("value", ["abc", "1.5", "", "9" * 40])
def test_deleting_a_saved_search_that_is_not_a_number_is_not_found(client, value):
    client.force_login(UserFactory())

    response = client.post("/account/alerts/", {"delete": value})

    assert response.status_code == 404


def test_a_member_keeps_at_most_twenty_saved_searches_and_is_told_why(client, db):
    from search.services import MAX_SAVED_SEARCHES

    member = UserFactory()
    SavedSearch.objects.bulk_create(
        SavedSearch(member=member, name=f"s{n}", query_string=f"q=s{n}")
        for n in range(MAX_SAVED_SEARCHES)
    )
    client.force_login(member)

    response = client.post(
        "/account/alerts/save-search/", {"q": "one more", "frequency": "daily"}, follow=True
    )

    assert SavedSearch.objects.filter(member=member).count() == MAX_SAVED_SEARCHES
    assert "You can keep up to 20 saved searches" in response.content.decode()


def test_a_digest_follows_what_the_member_wants_when_it_is_sent(after_commit, member_with, publish):
    deactivated = member_with(AlertFrequency.DAILY, ["Housing"])
    now_in_person_only = member_with(AlertFrequency.DAILY, ["Housing"])
    now_weekly = member_with(AlertFrequency.DAILY, ["Housing"])
    publish("Online housing panel", ["Housing"], format="online")

    deactivated.is_active = False
    deactivated.save()
    MemberProfile.objects.filter(user=now_in_person_only).update(online_ok=False)
    MemberProfile.objects.filter(user=now_weekly).update(alert_frequency=AlertFrequency.WEEKLY)

    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.DAILY) == 0
    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.WEEKLY) == 1
    assert email_recipients() == [now_weekly.email]


def test_removing_one_source_keeps_an_alert_another_source_still_wants(
    after_commit, member_with, publish
):
    from search.services import alerts_follow_profile, saved_search_delete

    weekly_profile = member_with(AlertFrequency.WEEKLY, ["Housing"])
    daily_search = SavedSearch.objects.create(
        member=weekly_profile, name="housing", query_string="q=housing",
        frequency=AlertFrequency.DAILY,
    )  # fmt: skip
    daily_profile = member_with(AlertFrequency.DAILY, ["Housing"])
    SavedSearch.objects.create(
        member=daily_profile, name="housing", query_string="q=housing",
        frequency=AlertFrequency.WEEKLY,
    )  # fmt: skip
    for member in (weekly_profile, daily_profile):
        queries.sync_member_alerts(member.pk)
    publish("Housing panel", ["Housing"])

    saved_search_delete(saved_search=daily_search)
    profile = daily_profile.profile
    profile.alert_frequency = AlertFrequency.OFF
    profile.save()
    alerts_follow_profile(profile=profile)

    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.DAILY) == 0
    with after_commit():
        assert emails.send_alert_emails(AlertFrequency.WEEKLY) == 2
