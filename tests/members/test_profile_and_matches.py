"""'What are you looking for?' and 'Opportunities that fit you' as a member sees them."""

import re

import pytest

from core.models import Topic
from members.models import MemberProfile
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def housing():
    return Topic.objects.create(name="Housing")


@pytest.fixture
def catalogue(make_organisation, make_opportunity, housing):
    organisation = make_organisation()
    paid_housing = make_opportunity(
        organisation,
        "Housing panel",
        paid=True,
        fee_amount=25,
        fee_unit="hour",
        payment_choice=True,
    )
    paid_housing.topics.add(housing)
    paid_housing.save()  # parental many-to-many changes are written on save
    unpaid = make_opportunity(
        organisation, "Unpaid reading group", paid=False, fee_amount=None, fee_unit=""
    )
    return {"paid_housing": paid_housing, "unpaid": unpaid}


def test_an_almost_empty_profile_gets_matches_and_is_told_what_to_add(client, member, catalogue):
    response = client.get("/account/matches/")

    page = text(response)
    assert response.status_code == 200
    assert "Housing panel" in page and "Unpaid reading group" in page
    assert "Tell us more for better matches" in page
    assert "the topics that interest you" in page


def test_saving_preferences_changes_the_matches_and_explains_them(
    client, member, catalogue, housing, settings
):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"
    response = client.post(
        "/account/looking-for/",
        {
            "who": "service_user",
            "topics": [housing.pk],
            "online_ok": "on",
            "in_person_ok": "on",
            "payment_need": "must_be_paid",
            "postcode": "M1 1AE",
            "alert_frequency": "off",
        },
        follow=True,
    )

    page = text(response)
    assert "Housing panel" in page
    assert "Unpaid reading group" not in page  # must be paid: a hard rule
    assert "Matches your interests: Housing" in page
    assert "Paid £25 an hour; you can choose expenses only" in page
    assert "Change your interests" in page
    profile = MemberProfile.objects.get(user=member)
    assert profile.postcode_district == "M1"  # only the area is kept
    assert profile.latitude is not None


def test_a_bad_postcode_is_explained_and_nothing_is_lost(client, member, settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"

    response = client.post(
        "/account/looking-for/",
        {
            "postcode": "hello",
            "own_words": "Peer support and housing",
            "online_ok": "on",
            "payment_need": "any",
            "alert_frequency": "off",
        },
    )

    page = text(response)
    assert response.status_code == 400
    assert "Enter a UK postcode" in page
    assert "Peer support and housing" in page


def test_choosing_neither_online_nor_in_person_is_refused(client, member):
    response = client.post(
        "/account/looking-for/", {"payment_need": "any", "alert_frequency": "off"}
    )

    assert "Choose online, in person or both" in text(response)


def test_matches_fall_back_when_elasticsearch_is_down(client, member, catalogue, settings):
    from search.client import _client_for

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    _client_for.cache_clear()
    try:
        response = client.get("/account/matches/")
    finally:
        _client_for.cache_clear()

    assert response.status_code == 200
    assert "simpler mode" in text(response)
    assert "Housing panel" in text(response)


def test_matches_and_profile_need_an_account(client):
    assert client.get("/account/matches/")["Location"].startswith("/accounts/login/")
    assert client.get("/account/looking-for/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("postcode", ["M11AE", "m1\t1ae", " M1 1AE ", "M1"])
def test_a_postcode_however_it_is_typed_keeps_only_its_district(client, member, settings, postcode):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"

    response = client.post(
        "/account/looking-for/",
        {
            "postcode": postcode,
            "online_ok": "on",
            "payment_need": "any",
            "alert_frequency": "off",
        },
    )

    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).postcode_district == "M1"
