"""The portal's people section and the invitation page: axe (WCAG 2.2 AA)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import User
from opportunities.models import OrganisationInvitation, OrganisationMembership
from opportunities.models.invitations import hash_token
from tests.browser.test_opportunities import assert_no_violations, sign_in
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "a-token-for-the-browser-test"


@pytest.fixture
def organisation(make_organisation):
    admin = UserFactory(email="admin@example.org", display_name="Alex")
    organisation = make_organisation("Brand New Organisation", verified=False)
    OrganisationMembership.objects.create(
        user=admin, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    OrganisationInvitation.objects.create(
        organisation=organisation,
        email="sam@example.org",
        email_normalised="sam@example.org",
        invited_by=admin,
        token_hash=hash_token(TOKEN),
        expires_at=timezone.now() + timedelta(days=14),
    )
    return organisation


def test_people_section_passes_axe_with_an_error(page, organisation):
    sign_in(page, User.objects.get(email="admin@example.org"))
    page.goto(f"/portal/organisations/{organisation.pk}/")
    assert page.get_by_role("row", name="sam@example.org").is_visible()
    assert_no_violations(page)

    page.get_by_label("Their email address").fill("not an email")
    page.get_by_role("button", name="Send an invitation").click()
    page.wait_for_selector(".error-summary")
    assert_no_violations(page)


def test_invitation_page_passes_axe_signed_out_and_signed_in(page, organisation):
    sam = UserFactory(email="sam@example.org")
    page.goto(f"/portal/invitations/{TOKEN}/")
    assert page.get_by_role("button", name="Decline").is_visible()
    assert_no_violations(page)

    sign_in(page, sam)
    page.goto(f"/portal/invitations/{TOKEN}/")
    page.get_by_role("button", name="Accept and join").click()
    page.wait_for_url(f"**/portal/organisations/{organisation.pk}/")
    assert_no_violations(page)
