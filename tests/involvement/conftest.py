import re

import pytest

from involvement.models import Involvement
from opportunities.models import ExpressionOfInterest, OrganisationMembership
from opportunities.services import interest_set_status
from tests.members.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def org_admin():
    return UserFactory(email="admin@northfield.example", display_name="Ada Admin")


@pytest.fixture
def organisation(make_organisation, org_admin):
    organisation = make_organisation()
    OrganisationMembership.objects.create(
        user=org_admin, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    return organisation


@pytest.fixture
def opportunity(make_opportunity, organisation):
    return make_opportunity(organisation)


@pytest.fixture
def member():
    return UserFactory(email="member@example.org", display_name="Mo Member")


@pytest.fixture
def make_involvement(opportunity, org_admin):
    """A member selected for the opportunity through the real service (the signal makes it)."""

    def make(member=None, *, preference="full_fee", on=None):
        member = member or UserFactory()
        expression = ExpressionOfInterest.objects.create(
            member=member, opportunity=on or opportunity, payment_preference=preference
        )
        interest_set_status(expression=expression, status="selected", user=org_admin)
        return Involvement.objects.get(expression=expression)

    return make


@pytest.fixture
def other_org_admin(make_organisation, make_opportunity):
    """An administrator of another organisation."""
    user = UserFactory(email="admin@elsewhere.example")
    other = make_organisation("Elsewhere Trust")
    OrganisationMembership.objects.create(
        user=user, organisation=other, role=OrganisationMembership.Role.ADMIN
    )
    return user
