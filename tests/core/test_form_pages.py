"""Every form page answers a mistaken submit the same way: 400, the error summary, and
everything the person typed still there."""

import html
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from opportunities.models import ExpressionOfInterest
from tests.members.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

SUMMARY = 'class="error-summary" role="alert"'
JARGON = re.compile(r"\b(value|field|ensure)\b", re.IGNORECASE)


def page_text(response):
    return html.unescape(response.content.decode())


def error_messages(response):
    """The messages in the error summary, as a person reads them."""
    content = response.content.decode()
    summary = content.split(SUMMARY, 1)[1].split("</div>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in
            re.findall(r"<li>(.*?)</li>", summary, re.S)]  # fmt: skip


def assert_mistake_shown(response, *typed):
    assert response.status_code == 400
    assert SUMMARY in response.content.decode()
    messages = error_messages(response)
    assert messages
    for message in messages:
        assert not JARGON.search(message.split(": ", 1)[-1]), message
    text = page_text(response)
    for value in typed:
        assert value in text, f"{value!r} was lost"


@pytest.fixture
def organiser(make_organisation):
    person = UserFactory()
    return person, make_organisation(members=[person])


@pytest.fixture
def signed_in(client):
    def sign_in(person=None):
        person = person or UserFactory()
        client.force_login(person)
        return person

    return sign_in


def test_organisation_registration(client, signed_in, organisation_index):
    signed_in()
    response = client.post(
        "/portal/organisations/register/",
        {"title": "Northfield Voices", "website": "not a web address", "description": "We meet"},
    )
    assert_mistake_shown(response, "Northfield Voices", "not a web address", "We meet")
    assert "Enter a web address in the correct format" in page_text(response)


def test_a_new_opportunity(client, signed_in, organiser):
    person, organisation = organiser
    signed_in(person)
    response = client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {"title": "Panel member for crisis review", "places": "lots"},
    )
    assert_mistake_shown(response, "Panel member for crisis review", "lots")
    assert "must be a whole number" in page_text(response)


def test_an_opportunity_step(client, signed_in, organiser, make_opportunity):
    person, organisation = organiser
    opportunity = make_opportunity(organisation)
    signed_in(person)
    response = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/when/",
        {"start_date": "31/2/2027", "time_commitment": "Two hours a month", "format": "online"},
    )
    assert_mistake_shown(response, "31/2/2027", "Two hours a month")
    assert "must be a real date, like 27/3/2027" in page_text(response)


def test_outcomes(client, signed_in, organiser, make_opportunity):
    person, organisation = organiser
    opportunity = make_opportunity(organisation)
    signed_in(person)
    response = client.post(
        f"/portal/opportunities/{opportunity.pk}/outcomes/",
        {"difference_made": "", "not_changed": "The leaflet stayed the same"},
    )
    assert_mistake_shown(response, "The leaflet stayed the same")


def test_an_expression_of_interest_too_long(client, signed_in, organiser, make_opportunity):
    opportunity = make_opportunity(organiser[1])
    signed_in()
    response = client.post(
        f"/opportunity/{opportunity.pk}/express-interest/",
        {"message": "x" * 3100, "access_needs": "Large print", "payment_preference": "not_sure"},
    )
    assert_mistake_shown(response, "Large print")
    assert "Your message must be 3,000 characters or fewer: it has 3,100" in page_text(response)
    assert not ExpressionOfInterest.objects.exists()


def test_the_profile(client, signed_in):
    signed_in()
    response = client.post(
        "/account/looking-for/",
        {"postcode": "NOT A POSTCODE AT ALL", "own_words": "Housing and peer research",
         "online_ok": "on"},
    )  # fmt: skip
    assert_mistake_shown(response, "NOT A POSTCODE AT ALL", "Housing and peer research")


def test_a_group_listing(client, signed_in, home_page):
    signed_in()
    response = client.post("/directory/list-your-group/", {"title": "Leeds Hearing Voices"})
    assert_mistake_shown(response, "Leeds Hearing Voices")


def test_deleting_an_account(client, signed_in):
    signed_in()
    response = client.post("/account/delete/", {"password": "not it", "understood": "on"})
    assert_mistake_shown(response)
    assert "checked" in response.content.decode().split('name="understood"', 1)[1][:80]


def test_saving_a_search(client, signed_in, opportunity_index):
    signed_in()
    response = client.post(
        "/account/alerts/save-search/", {"q": "peer research", "frequency": "hourly"}
    )
    assert_mistake_shown(response, 'value="peer research"')
    assert "Choose how often we should email you from the options given" in page_text(response)


def test_changing_an_interest_status(client, signed_in, organiser, make_opportunity):
    from opportunities.services import interest_express

    person, organisation = organiser
    opportunity = make_opportunity(organisation)
    expression = interest_express(
        member=UserFactory(), opportunity=opportunity, message="I would like to help",
        payment_preference="not_sure",
    )  # fmt: skip
    signed_in(person)
    response = client.post(f"/portal/interest/{expression.pk}/status/", {"status": "crowned"})
    assert response.status_code == 400
    assert "Choose a status from the list." in page_text(response)


@pytest.mark.parametrize(
    ("url", "data", "typed"),
    [
        ("/accounts/login/", {"login": "not an email", "password": "x"}, ["not an email"]),
        ("/accounts/signup/", {"email": "new@example.org", "password1": "plenty-of-words-9",
                               "password2": "different-words-9"}, ["new@example.org"]),
        ("/accounts/password/reset/", {"email": "nobody at example"}, ["nobody at example"]),
    ],
)  # fmt: skip
def test_account_pages_signed_out(client, url, data, typed):
    response = client.post(url, data)
    assert_mistake_shown(response, *typed)


def test_a_wrong_password_when_signing_in(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    assert_mistake_shown(response, user.email)


@pytest.mark.parametrize(
    ("url", "data", "typed"),
    [
        ("/accounts/email/", {"action_add": "", "email": "not an email"}, ["not an email"]),
        ("/accounts/password/change/", {"oldpassword": "wrong", "password1": "new-words-here-7",
                                        "password2": "new-words-here-7"}, []),
        ("/accounts/reauthenticate/", {"password": "wrong"}, []),
    ],
)  # fmt: skip
def test_account_pages_signed_in(client, url, data, typed):
    client.post("/accounts/login/", {"login": UserFactory(email="me@example.org").email,
                                     "password": DEFAULT_PASSWORD})  # fmt: skip
    response = client.post(url, data)
    assert_mistake_shown(response, *typed)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=40),
    too_long=st.integers(3001, 4000),
)
def test_any_mistaken_expression_of_interest_keeps_what_was_typed(
    client, make_organisation, make_opportunity, title, too_long
):
    opportunity = make_opportunity(make_organisation())
    client.force_login(UserFactory())
    response = client.post(
        f"/opportunity/{opportunity.pk}/express-interest/",
        {"message": "a" * too_long, "access_needs": title, "payment_preference": "not_sure"},
    )
    assert_mistake_shown(response, title)
    assert f"it has {too_long:,}" in page_text(response)


def test_a_wrong_current_password_is_called_wrong_not_missing(client):
    client.post("/accounts/login/", {"login": UserFactory(email="me@example.org").email,
                                     "password": DEFAULT_PASSWORD})  # fmt: skip
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "new-words-here-7", "password2": "new-words-here-7"},
    )
    assert response.status_code == 400
    assert "That is not your current password" in response.content.decode()
