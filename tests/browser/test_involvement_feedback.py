"""The questionnaire after an involvement ends, and the benefits totals: axe (WCAG 2.2 AA),
keyboard only, and a 320 px phone."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement import services
from involvement.models import FeedbackResponse, Involvement
from opportunities.models import ExpressionOfInterest, OrganisationMembership
from opportunities.services import interest_set_status
from tests.browser.conftest import tab_to
from tests.browser.test_opportunities import assert_no_violations, sign_in
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ended(make_organisation, make_opportunity):
    organisation = make_organisation()
    admin = UserFactory()
    OrganisationMembership.objects.create(
        user=admin, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    member = UserFactory()
    expression = ExpressionOfInterest.objects.create(
        member=member, opportunity=make_opportunity(organisation), payment_preference="full_fee"
    )
    interest_set_status(expression=expression, status="selected", user=admin)
    involvement = Involvement.objects.get(expression=expression)
    session = services.session_record(
        involvement=involvement,
        date=timezone.localdate() - timedelta(days=2),
        quantity=Decimal("10"),
        mode="online",
        user=admin,
    )
    services.fee_payment_record(
        involvement=involvement,
        sessions=[session],
        paid_on=timezone.localdate(),
        method="bank_transfer",
        user=admin,
    )
    services.involvement_end(involvement=involvement, ended_by="organisation", user=admin)
    return involvement


def test_answering_the_questionnaire_by_keyboard(page, ended):
    sign_in(page, ended.member)
    page.goto("/account/involvement/")
    page.get_by_role("link", name="Tell us how taking part felt").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="How did taking part feel?", level=1).wait_for()
    assert_no_violations(page)

    page.get_by_role("radio", name="Good", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Anything else you want to tell us (optional)").focus()
    page.keyboard.type("Thank you.")
    page.get_by_role("radio", name="Yes", exact=True).last.focus()
    page.keyboard.press("Space")
    tab_to(page, "Send my answers")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/account/involvement/{ended.pk}/")
    answers = FeedbackResponse.objects.get()
    assert (answers.felt, answers.take_part_again, answers.anything_else) == (
        "good",
        "yes",
        "Thank you.",
    )


def test_the_benefits_totals_pass_axe_and_fit_a_phone(page, ended):
    sign_in(page, ended.member)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/account/involvement/benefits/")
    assert page.get_by_role(
        "heading", name="What you have been paid and your benefits"
    ).is_visible()
    assert page.get_by_text("This is not advice").is_visible()
    assert_no_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
