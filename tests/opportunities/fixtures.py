"""Fixtures for organisations and opportunities, shared with the browser tests."""

import pytest

from opportunities.models import (
    OpportunityIndexPage,
    OpportunityPage,
    OrganisationIndexPage,
    OrganisationMembership,
    OrganisationPage,
)


@pytest.fixture
def organisation_index(home_page):
    index = OrganisationIndexPage(title="Organisations", slug="organisations")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def opportunity_index(home_page):
    index = OpportunityIndexPage(title="Opportunities", slug="opportunities")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_organisation(organisation_index):
    def make(title="Northfield Recovery College", *, verified=True, members=()):
        organisation = OrganisationPage(
            title=title, organisation_type="charity", verified=verified, live=True
        )
        organisation_index.add_child(instance=organisation)
        organisation.save_revision().publish()
        for user in members:
            OrganisationMembership.objects.create(user=user, organisation=organisation)
        return organisation

    return make


@pytest.fixture
def make_opportunity():
    def make(organisation, title="Review our peer support course", **fields):
        defaults = {
            "summary": "Tell us what works in our peer support course.",
            "role_type": "critical_friend",
            "level": "operational",
            "who_for": "both",
            "format": "online",
            "places": 3,
            "rolling": True,
            "paid": True,
            "fee_amount": 20,
            "fee_unit": "hour",
            "days_to_pay": 10,
        }
        defaults.update(fields)
        opportunity = OpportunityPage(title=title, **defaults)
        organisation.add_child(instance=opportunity)
        opportunity.save_revision().publish()
        opportunity.refresh_from_db()
        return opportunity

    return make
