"""Hostile input to the portal and interest forms is refused or neutralised: never a 500, never
run on the page."""

import pytest

from opportunities.models import ExpressionOfInterest, OpportunityPage, OrganisationPage
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
HOSTILE_VALUES = [
    SCRIPT,
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "A" * 10_000,
    "Null\x00byte",
    "Reversed \u202egnp.exe",
    "'; DROP TABLE opportunities_opportunitypage; --",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_organisation_registration_never_fails_or_runs_scripts(client, organisation_index, value):
    client.force_login(UserFactory())

    response = client.post(
        "/portal/organisations/register/",
        {
            "title": value,
            "organisation_type": "charity",
            "description": value,
            "website": value,
            "contact_email": "ok@example.org",
        },
        follow=True,
    )

    assert response.status_code == 400  # no website address like these is real
    html = response.content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    # What was typed may be offered back in the form to correct; what is stored is clean.
    for organisation in OrganisationPage.objects.all():
        assert "\x00" not in organisation.title and "\u202e" not in organisation.title
        assert len(organisation.title) <= 200


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_opportunity_text_is_shown_as_text(client, make_organisation, value):
    poster = UserFactory()
    organisation = make_organisation(members=[poster])
    client.force_login(poster)

    response = client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {
            "title": "Safe title",
            "summary": value,
            "purpose": value,
            "role_type": "consultant",
            "level": "strategic",
            "who_for": "both",
        },
        follow=True,
    )

    assert response.status_code in (200, 400)  # saved, or refused with a message; never a 500
    opportunity = OpportunityPage.objects.filter(title="Safe title").first()
    if opportunity is not None:
        preview = client.get(f"/portal/opportunities/{opportunity.pk}/preview/")
        assert preview.status_code == 200
        html = preview.content.decode()
        assert SCRIPT not in html
        assert "<img src=x" not in html
        if value == SCRIPT:
            assert "&lt;script&gt;" in html


def test_a_javascript_link_is_refused_as_a_website(client, make_organisation):
    poster = UserFactory()
    organisation = make_organisation(members=[poster])
    client.force_login(poster)
    client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {
            "title": "Role",
            "summary": "s",
            "role_type": "consultant",
            "level": "strategic",
            "who_for": "both",
        },
    )
    opportunity = OpportunityPage.objects.get(title="Role")

    response = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/applying/",
        {"apply_url": "javascript:alert(1)", "rolling": "on"},
    )

    assert response.status_code == 400
    assert "Enter a web address in the correct format" in response.content.decode()


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_expression_of_interest_text_is_safe(client, make_organisation, make_opportunity, value):
    poster = UserFactory()
    opportunity = make_opportunity(make_organisation(members=[poster]))
    client.force_login(UserFactory())

    response = client.post(
        f"/opportunity/{opportunity.pk}/express-interest/",
        {
            "message": value,
            "access_needs": value,
            "share_access_needs": "on",
            "no_message": "on",  # so that short values are sent too
            "payment_preference": "not_sure",
        },
        follow=True,
    )

    assert response.status_code in (200, 400)  # sent, or refused with a message; never a 500
    client.force_login(poster)
    html = client.get(f"/portal/opportunities/{opportunity.pk}/interest/").content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    for expression in ExpressionOfInterest.objects.all():
        assert "\x00" not in expression.message


@pytest.mark.both_databases
@pytest.mark.parametrize(
    "url",
    [
        "/portal/opportunities/999999/edit/role/",
        "/portal/opportunities/1/edit/no-such-step/",
        "/portal/organisations/999999/",
        "/opportunity/999999/express-interest/",
        "/opportunities/?page=99999",
        "/opportunities/?page=abc",
    ],
)
def test_odd_addresses_get_a_clear_answer_not_a_500(client, opportunity_index, url):
    client.force_login(UserFactory())

    assert client.get(url).status_code in (200, 400, 404)
