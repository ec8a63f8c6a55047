"""NSUN staff verify organisations and see who answers people and who owes outcomes."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from opportunities.models import ExpressionOfInterest, InterestStatus, OrganisationPage
from opportunities.services import (
    interest_express,
    interest_set_status,
    organisation_register,
)
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/cms/organisations/verify/",
    "/cms/reports/involvement/",
    "/cms/reports/outcomes-owed/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_only_involvement_staff_see_the_staff_pages(client, url):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)

    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_staff_verify_an_organisation_from_the_list(client, make_organisation):
    waiting = make_organisation("Unchecked Trust", verified=False)
    make_organisation("Already Checked", verified=True)
    client.force_login(StaffFactory())

    listing = client.get("/cms/organisations/verify/")
    assert "Unchecked Trust" in listing.text
    assert "Already Checked" not in listing.text

    response = client.post(f"/cms/organisations/{waiting.pk}/verify/", follow=True)

    assert "Unchecked Trust is verified" in response.text
    waiting.refresh_from_db()
    assert waiting.verified and waiting.verified_at is not None


def test_a_member_cannot_verify_by_posting(client, make_organisation):
    waiting = make_organisation("Unchecked Trust", verified=False)
    client.force_login(UserFactory())

    client.post(f"/cms/organisations/{waiting.pk}/verify/")

    waiting.refresh_from_db()
    assert not waiting.verified


def test_approving_a_registration_in_moderation_verifies_the_organisation(organisation_index):
    person = UserFactory()
    organisation = organisation_register(
        user=person, title="Hillside Voices", organisation_type="user_led"
    )
    assert not organisation.verified

    organisation.current_workflow_state.current_task_state.approve(user=StaffFactory())

    organisation = OrganisationPage.objects.get(pk=organisation.pk)
    assert organisation.live and organisation.verified


def test_the_involvement_report_shows_acknowledgement_and_outcomes_owed(
    client, make_organisation, make_opportunity
):
    organiser = UserFactory()
    organisation = make_organisation("Quick Replies Trust", members=[organiser])
    ended = make_opportunity(
        organisation, "Ended panel", end_date=timezone.localdate() - timedelta(1)
    )
    for number in range(3):
        expression = interest_express(
            member=UserFactory(), opportunity=ended, payment_preference="full_fee"
        )
        ExpressionOfInterest.objects.filter(pk=expression.pk).update(
            created_at=timezone.now() - timedelta(days=2)
        )
        expression.refresh_from_db()
        if number < 2:
            interest_set_status(
                expression=expression, status=InterestStatus.SELECTED, user=organiser
            )
    client.force_login(StaffFactory())

    report = client.get("/cms/reports/involvement/")
    row = next(line for line in report.text.split("<tr") if "Quick Replies Trust" in line)
    cells = [cell.split("</td>")[0].strip() for cell in row.split("<td")[1:]]
    numbers = [cell.rsplit(">", 1)[-1].strip() for cell in cells]
    # verified, open, received, acknowledged, median days, waiting after reminder, outcomes owed
    assert numbers[1:] == ["Yes", "1", "3", "2", "2.0", "0", "1"]

    owed = client.get("/cms/reports/outcomes-owed/")
    assert "Ended panel" in owed.text and "Quick Replies Trust" in owed.text

    export = client.get("/cms/reports/involvement/?export=csv")
    assert export.status_code == 200
    assert b"Quick Replies Trust,Yes,1,3,2,2.0,0,1" in b"".join(export.streaming_content)
