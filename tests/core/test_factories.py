"""The factories that tests, the demo seed and the benchmarks share make pages a visitor can
open, under the section a site set up by `setup_site` has for them."""

import pytest
from django.core.management import call_command
from django.db import transaction

from core.factories import TopicFactory
from core.sections import SiteNotSetUp
from groups.factories import GroupPageFactory, PeerSupportPageFactory
from home.factories import ResourcePageFactory
from involvement.factories import (
    ExpenseClaimFactory,
    FeePaymentFactory,
    InvolvementFactory,
    InvolvementSessionFactory,
)
from members.factories import MemberProfileFactory, StaffFactory, UserFactory
from monitoring.factories import MonitoringRecordFactory
from opportunities.factories import (
    ExpressionOfInterestFactory,
    OpportunityPageFactory,
    OrganisationPageFactory,
    create_random_opportunities,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    call_command("setup_site")
    return home_page


def test_every_page_factory_makes_a_live_page_under_its_section(site, client):
    organisation = OrganisationPageFactory(title="Northfield Recovery College")
    housing = TopicFactory(name="Housing")
    pages = [
        organisation,
        OpportunityPageFactory(
            parent=organisation, title="Join our panel", place="M1", topics=[housing]
        ),
        GroupPageFactory(title="Hearing Voices Northfield"),
        PeerSupportPageFactory(title="Tuesday peer support"),
        ResourcePageFactory(title="Being paid when you are on benefits"),
    ]
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    assert pages[1].get_parent().specific == organisation
    assert pages[1].region and pages[1].latitude and pages[1].postcode == "M1"
    assert all(page.revisions.exists() for page in pages)
    assert [topic.name for topic in pages[1].topics.all()] == ["Housing"]


def test_a_page_factory_says_what_to_run_when_the_site_is_not_set_up(home_page):
    with pytest.raises(SiteNotSetUp, match="setup_site"):
        GroupPageFactory()


def test_traits_and_random_opportunities_use_the_models_choices(site):
    organisation = OrganisationPageFactory()
    TopicFactory.create_batch(4)
    unpaid = OpportunityPageFactory(parent=organisation, unpaid=True, expenses=True, hybrid=True)
    assert (unpaid.paid, unpaid.fee_amount, unpaid.expenses_covered, unpaid.format) == (
        False, None, True, "hybrid",
    )  # fmt: skip
    with transaction.atomic():  # the same seed makes the same pages
        titles = [
            page.title for page in create_random_opportunities(5, organisation=organisation, seed=3)
        ]
        transaction.set_rollback(True)
    first = create_random_opportunities(5, organisation=organisation, seed=3)
    assert [page.title for page in first] == titles
    for page in first:
        page.full_clean()  # every value is one the model accepts
        assert not page.revisions.exists()
        assert page.topics.exists()  # one to three of the topics there are


def test_records_factories_make_rows_that_belong_together(site):
    staff, member = StaffFactory(), UserFactory()
    MemberProfileFactory(user=member, who="carer")
    opportunity = OpportunityPageFactory()
    expression = ExpressionOfInterestFactory(member=member, opportunity=opportunity)
    involvement = InvolvementFactory(expression=expression)
    assert involvement.organisation == opportunity.get_parent().specific
    session = InvolvementSessionFactory(involvement=involvement, recorded_by=staff)
    assert session.due_by > session.date
    FeePaymentFactory(involvement=involvement, amount_pence=2000, recorded_by=staff)
    ExpenseClaimFactory(involvement=involvement)
    record = MonitoringRecordFactory(opportunity=opportunity)
    assert record.organisation_id == opportunity.get_parent().pk
    assert member.profile.who == "carer"
