"""Dates people type stay between 1 January 2000 and 31 December five years ahead (core.dates):
years 0001 and 9999 are refused with a plain message, in the portal, the import and the CMS."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import sane_date_range
from groups.models import GroupPage
from opportunities.models import OpportunityPage
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

LATEST = sane_date_range()[1]
RANGE = f"between 1 January 2000 and 31 December {timezone.localdate().year + 5}"


def portal_opportunity(client, make_organisation):
    poster = UserFactory()
    organisation = make_organisation(members=[poster])
    client.force_login(poster)
    client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {
            "title": "Review our leaflets",
            "summary": "Tell us what is unclear.",
            "role_type": "consultant",
            "level": "strategic",
            "who_for": "both",
        },
    )
    return OpportunityPage.objects.get(title="Review our leaflets")


@pytest.mark.both_databases
@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_the_portal_refuses_a_start_date_out_of_range_and_keeps_what_was_typed(
    client, make_organisation, typed
):
    opportunity = portal_opportunity(client, make_organisation)

    response = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/when/",
        {"start_date": typed, "time_commitment": "Two hours a month", "format": "online"},
    )

    assert response.status_code != 302
    text = response.content.decode()
    assert f"The start date must be {RANGE}." in text
    assert "Two hours a month" in text  # nothing typed is lost
    opportunity.refresh_from_db()
    assert opportunity.start_date is None


@pytest.mark.both_databases
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "The closing date must be today or later."),  # the form's own rule
        ("9999-12-31", f"The closing date must be {RANGE}."),
    ],
)
def test_the_portal_refuses_a_closing_date_out_of_range(client, make_organisation, typed, message):
    opportunity = portal_opportunity(client, make_organisation)

    response = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/applying/",
        {"deadline": typed, "recruitment": "We read every one."},
    )

    assert response.status_code != 302
    assert message in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.deadline is None


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(1, 1, 1), False),
        (date(1999, 12, 31), False),
        (date(2000, 1, 1), True),
        (LATEST, True),
        (date(LATEST.year + 1, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_the_cms_checks_the_same_range_at_its_edges(make_organisation, day, allowed):
    # Wagtail's page forms run the model's validation; so does every save_revision().
    page = OpportunityPage(
        title="Role",
        slug="role",
        summary="A role.",
        role_type="consultant",
        level="strategic",
        who_for="both",
        format="online",
        deadline=day,
    )
    group = GroupPage(title="Group", slug="group", description="A group.", last_checked=day)
    for model, label in [(page, "closing date"), (group, "last checked date")]:
        if allowed:
            model.clean_fields(exclude=["path", "depth", "url_path"])
        else:
            with pytest.raises(ValidationError, match=f"The {label} must be {RANGE}"):
                model.clean_fields(exclude=["path", "depth", "url_path"])
