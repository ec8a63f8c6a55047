"""The questions about you and the organisation's Presence report: axe (WCAG 2.2 AA) and keyboard."""

import pytest

from monitoring.models import MonitoringRecord
from opportunities.services import interest_express
from tests.browser.conftest import tab_to
from tests.browser.test_opportunities import assert_no_violations, sign_in
from tests.members.factories import UserFactory
from tests.monitoring.factories import add_records

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def expression(make_organisation, make_opportunity):
    opportunity = make_opportunity(make_organisation(), paid=False)
    member = UserFactory()
    return interest_express(
        member=member, opportunity=opportunity, message="Hello", payment_preference="not_sure"
    )


def test_answering_the_questions_by_keyboard(page, expression):
    sign_in(page, expression.member)
    page.goto(f"/account/interest/{expression.pk}/about-you/")
    assert_no_violations(page)

    # Answers without agreeing: an error summary, which also passes axe.
    page.get_by_role("radio", name="White", exact=True).focus()
    page.keyboard.press("Space")
    tab_to(page, "Save my answers")
    page.keyboard.press("Enter")
    problem = page.get_by_role("heading", name="There is a problem")
    problem.wait_for()
    assert_no_violations(page)
    assert not MonitoringRecord.objects.exists()

    page.get_by_role("radio", name="White", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("radio", name="35 to 44").focus()
    page.keyboard.press("Space")
    page.get_by_label("I agree to NSUN keeping these answers").focus()
    page.keyboard.press("Space")
    tab_to(page, "Save my answers")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/interest/")

    record = MonitoringRecord.objects.get()
    assert (record.ethnic_group, record.age_band) == ("white", "35_44")


def test_skipping_is_the_first_thing_a_keyboard_reaches_in_the_page(page, expression):
    sign_in(page, expression.member)
    page.goto(f"/account/interest/{expression.pk}/about-you/")
    tab_to(page, "Skip these questions")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/interest/")
    assert page.get_by_text("Nothing was kept").is_visible()
    assert not MonitoringRecord.objects.exists()


def test_the_organisation_report_by_keyboard(page, make_organisation, make_opportunity):
    organiser = UserFactory()
    organisation = make_organisation(members=[organiser])
    opportunity = make_opportunity(organisation)
    # In the newest released quarter, which the report opens on: figures are only published
    # once a quarter is released.
    add_records(30, opportunity=opportunity, involved=10, ethnic_group="white", age_band="25_34")
    add_records(12, opportunity=opportunity, involved=3, ethnic_group="black", age_band="55_64")
    sign_in(page, organiser)
    page.goto(f"/portal/organisations/{organisation.pk}/presence/")
    assert page.get_by_role("table").is_visible()
    assert_no_violations(page)

    page.get_by_label("Characteristic").focus()
    for _ in range(6):  # from "Ethnic group" down to "Age": a select changes with the arrows
        page.keyboard.press("ArrowDown")
    tab_to(page, "Show")
    page.keyboard.press("Enter")
    page.wait_for_url("**characteristic=age_band*")
    assert (
        page.get_by_role("cell", name="30").first.is_visible()
        or page.get_by_text("25 to 34").is_visible()
    )
    assert page.get_by_role("rowheader", name="25 to 34").is_visible()
    assert_no_violations(page)
