"""Opportunity page, expression-of-interest form and portal form: axe (WCAG 2.2 AA) and keyboard."""

import pytest

from opportunities.models import ExpressionOfInterest, OpportunityPage
from tests.browser.conftest import axe_violations, describe_violations
from tests.members.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def poster():
    return UserFactory(email="poster@example.org")


@pytest.fixture
def opportunity(make_organisation, make_opportunity, poster):
    return make_opportunity(
        make_organisation(members=[poster]),
        purpose="Our course was written without people who use it.",
        responsibilities="Read the course and join two calls.",
        payment_choice=True,
        benefits_letter=True,
    )


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/")


def assert_no_violations(page):
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_opportunity_page_passes_axe(page, opportunity):
    page.goto(opportunity.url)

    assert page.get_by_role("heading", level=1).inner_text() == opportunity.title
    assert page.get_by_role("heading", name="Money").is_visible()
    assert_no_violations(page)


def test_expressing_interest_by_keyboard_alone(page, opportunity):
    member = UserFactory()
    sign_in(page, member)
    page.goto(f"/opportunity/{opportunity.pk}/express-interest/")
    assert_no_violations(page)

    page.get_by_label("Why you are interested").focus()
    page.keyboard.type("I know this course from the inside.")
    page.keyboard.press("Tab")  # past "I do not want to add a message"
    page.keyboard.press("Tab")
    page.keyboard.type("Breaks every hour.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # share access needs
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # payment preference radios
    page.get_by_role("button", name="Send my expression of interest").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/about-you/")  # the optional questions about them come next

    expression = ExpressionOfInterest.objects.get(member=member)
    assert expression.message == "I know this course from the inside."
    assert expression.access_needs == "Breaks every hour."
    assert expression.share_access_needs
    assert_no_violations(page)


def test_portal_form_passes_axe_with_errors_and_works_by_keyboard(page, opportunity, poster):
    sign_in(page, poster)
    organisation = opportunity.get_parent()
    page.goto(f"/portal/organisations/{organisation.pk}/opportunities/new/")
    assert_no_violations(page)

    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector(".error-summary")
    assert_no_violations(page)

    # The error summary links take keyboard users to the field.
    page.locator(".error-summary a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_title"
    page.keyboard.type("Keyboard-made role")
    page.get_by_label("Summary in plain words").fill("Made without a mouse.")
    page.get_by_label("Critical friend").check()
    page.get_by_label("Monitoring and evaluation").check()
    page.get_by_label("Carers", exact=True).check()
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/edit/when/" in url)

    assert OpportunityPage.objects.filter(title="Keyboard-made role").exists()
    assert_no_violations(page)
    page.goto(f"/portal/opportunities/{opportunity.pk}/check/")
    assert_no_violations(page)
