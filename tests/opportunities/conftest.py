import pytest

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
