"""The portal end to end: register, blocked until verified, write, warnings, submit, approve,
public; an edit goes back to moderation while the published version stays."""

import re

import pytest
from django.core import mail

from opportunities.models import OpportunityPage, OrganisationPage
from opportunities.services import organisation_verify
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "title": "Riverside Mental Health Trust",
    "organisation_type": "nhs_trust",
    "description": "We run community mental health services.",
    "contact_email": "involvement@riverside.example",
}
ROLE_STEP = {
    "title": "Help us rewrite our discharge letters",
    "summary": "Read our discharge letters and tell us what would make them clearer.",
    "purpose": "Patients say our letters are confusing.",
    "can_change": "The wording and layout of the letters.",
    "cannot_change": "The legal information that must be included.",
    "expected_outcomes": "New letters in use by spring.",
    "role_type": "expert_by_experience",
    "level": "operational",
    "responsibilities": "",
    "who_for": "service_users",
    "places": "1",
}
WHEN_STEP = {"format": "online", "earliest_start": "10:30", "meets_weekday_daytime": "on"}
MONEY_STEP = {
    "paid": "on",
    "fee_amount": "25",
    "fee_unit": "hour",
    "days_to_pay": "14",
    "payment_choice": "on",
}
SUPPORT_STEP = {"support_peer": "on", "papers_days_ahead": "7", "plain_language": "on"}
APPLYING_STEP = {
    "recruitment": "We read every expression of interest.",
    "feedback": "We will email everyone within a month.",
    "rolling": "on",
    "contact_email": "involvement@riverside.example",
}


def page_text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_register_write_submit_approve_and_edit(
    after_commit, client, organisation_index, postcodes_io
):
    poster = UserFactory()
    client.force_login(poster)

    # Register: the organisation waits for NSUN staff.
    response = client.post("/portal/organisations/register/", REGISTRATION, follow=True)
    organisation = OrganisationPage.objects.get(title=REGISTRATION["title"])
    assert not organisation.live and not organisation.verified
    assert "NSUN staff have not verified this organisation yet" in page_text(response)

    # Write the role: fewer than two places and no role description are warned about.
    response = client.post(f"/portal/organisations/{organisation.pk}/opportunities/new/", ROLE_STEP)
    opportunity = OpportunityPage.objects.get(title=ROLE_STEP["title"])
    assert response["Location"] == f"/portal/opportunities/{opportunity.pk}/edit/when/"
    response = client.get(f"/portal/opportunities/{opportunity.pk}/edit/when/")
    assert "Please fix before you submit" in page_text(response)
    assert "At least two places for service users or carers" in page_text(response)
    assert "Role description present" in page_text(response)

    for step, data in [
        ("when", WHEN_STEP),
        ("money", MONEY_STEP),
        ("support", SUPPORT_STEP),
        ("applying", APPLYING_STEP),
    ]:
        response = client.post(f"/portal/opportunities/{opportunity.pk}/edit/{step}/", data)
        assert response.status_code == 302, page_text(response)

    # Blocked until the organisation is verified.
    response = client.get(f"/portal/opportunities/{opportunity.pk}/check/")
    assert "You can submit once NSUN staff have verified" in page_text(response)
    response = client.post(f"/portal/opportunities/{opportunity.pk}/check/", follow=True)
    assert "has not been verified by NSUN staff yet" in page_text(response)
    opportunity.refresh_from_db()
    assert opportunity.current_workflow_state is None

    # Fix the warnings, staff verify, submit.
    client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/role/",
        {**ROLE_STEP, "places": "3", "responsibilities": "Read six letters and join one call."},
    )
    organisation_verify(organisation=organisation)
    response = client.get(f"/portal/opportunities/{opportunity.pk}/check/")
    assert "The 4Pi standards treat these as essential" not in page_text(response)
    client.post(f"/portal/opportunities/{opportunity.pk}/check/")
    opportunity.refresh_from_db()
    assert opportunity.current_workflow_state.status == "in_progress"
    assert not opportunity.live
    public_url = (
        "/organisations/riverside-mental-health-trust/help-us-rewrite-our-discharge-letters/"
    )
    assert client.get(public_url).status_code == 404

    # Staff approve: public, and the poster hears in plain words.
    mail.outbox.clear()
    with after_commit():
        opportunity.current_workflow_state.current_task_state.approve(user=StaffFactory())
    response = client.get(public_url)
    assert response.status_code == 200
    text = page_text(response)
    assert "£25 an hour" in text
    assert "You can choose expenses only, or a lower fee." in text
    assert f"Meets <strong>{12} of 12</strong> checks" in text
    assert any("is now published" in message.subject for message in mail.outbox)

    # An edit goes back to moderation; the published version stays until approved.
    client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/role/",
        {
            **ROLE_STEP,
            "places": "3",
            "responsibilities": "Read six letters.",
            "summary": "A new summary.",
        },
    )
    client.post(f"/portal/opportunities/{opportunity.pk}/check/")
    opportunity.refresh_from_db()
    assert opportunity.current_workflow_state.status == "in_progress"
    text = page_text(client.get(public_url))
    assert "A new summary." not in text
    assert ROLE_STEP["summary"] in text


def test_the_form_keeps_what_was_typed_when_it_shows_errors(client, organisation_index):
    poster = UserFactory()
    client.force_login(poster)
    client.post("/portal/organisations/register/", REGISTRATION)
    organisation = OrganisationPage.objects.get(title=REGISTRATION["title"])

    response = client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/",
        {**ROLE_STEP, "role_type": "", "purpose": "Typed with care: keep me."},
    )

    assert response.status_code == 400
    text = page_text(response)
    assert "There is a problem" in text
    assert "Typed with care: keep me." in text
    assert not OpportunityPage.objects.exists()


def test_paid_roles_must_say_how_much(client, organisation_index):
    poster = UserFactory()
    client.force_login(poster)
    client.post("/portal/organisations/register/", REGISTRATION)
    organisation = OrganisationPage.objects.get()
    client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/", {**ROLE_STEP, "places": "2"}
    )
    opportunity = OpportunityPage.objects.get()

    response = client.post(f"/portal/opportunities/{opportunity.pk}/edit/money/", {"paid": "on"})

    assert response.status_code == 400
    assert "Say how much the role pays." in page_text(response)


def test_in_person_roles_need_a_postcode_that_exists(client, organisation_index, postcodes_io):
    poster = UserFactory()
    client.force_login(poster)
    client.post("/portal/organisations/register/", REGISTRATION)
    organisation = OrganisationPage.objects.get()
    client.post(
        f"/portal/organisations/{organisation.pk}/opportunities/new/", {**ROLE_STEP, "places": "2"}
    )
    opportunity = OpportunityPage.objects.get()

    missing = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/when/", {"format": "in_person"}
    )
    unknown = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/when/",
        {"format": "in_person", "postcode": "ZZ9 9ZZ"},
    )
    known = client.post(
        f"/portal/opportunities/{opportunity.pk}/edit/when/",
        {"format": "in_person", "postcode": "m1 1ae"},
    )

    assert "Give the venue&#x27;s postcode" in page_text(missing)
    assert "We could not find the postcode ZZ9 9ZZ" in page_text(unknown)
    assert known.status_code == 302
    opportunity.refresh_from_db()
    draft = opportunity.get_latest_revision_as_object()
    assert draft.postcode == "M1 1AE"
    assert draft.region == "north_west"
    assert draft.latitude == pytest.approx(53.480037)
