"""Fixtures for organisations and opportunities, shared with the browser tests; the rows come
from opportunities.factories."""

import pytest

from opportunities.factories import OpportunityPageFactory, OrganisationPageFactory
from opportunities.models import OpportunityIndexPage, OrganisationIndexPage


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
        return OrganisationPageFactory(
            parent=organisation_index, title=title, verified=verified, members=members
        )

    return make


@pytest.fixture
def make_opportunity():
    def make(organisation, title="Review our peer support course", **fields):
        return OpportunityPageFactory(parent=organisation, title=title, **fields)

    return make
