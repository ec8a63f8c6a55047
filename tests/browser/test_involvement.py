"""Claiming expenses with the keyboard alone: axe on every page, error summary, 320 px phones."""

import pytest

from involvement.models import ExpenseClaim, Involvement
from opportunities.models import ExpressionOfInterest
from opportunities.services import interest_set_status
from tests.browser.conftest import axe_violations, describe_violations, tab_to
from tests.members.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"


@pytest.fixture
def involvement(make_organisation, make_opportunity):
    admin = UserFactory(email="admin@northfield.example")
    opportunity = make_opportunity(make_organisation(members=[admin]), title="Ward design panel")
    member = UserFactory(email="keyboard@example.org")
    expression = ExpressionOfInterest.objects.create(
        member=member, opportunity=opportunity, payment_preference="full_fee"
    )
    interest_set_status(expression=expression, status="selected", user=admin)
    return Involvement.objects.get(expression=expression)


@pytest.fixture
def phone_page(browser, live_server, home_page):
    """A 320 px wide page, as on a small phone."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 320, "height": 640},
        bypass_csp=True,  # axe-core is injected inline
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check_page(page):
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert not page.evaluate(SCROLLS_SIDEWAYS), f"{page.url} scrolls sideways at 320 px"


def tab_until(page, script, *, limit=80):
    """Press Tab until `script` (about document.activeElement) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {script}; }})()"):
            return
    raise AssertionError(f"Could not reach {script!r} with the Tab key")


def test_claiming_expenses_with_the_keyboard_alone(phone_page, involvement):
    page = phone_page
    page.goto("/accounts/login/")
    tab_until(page, "el.type === 'email'")
    page.keyboard.type(involvement.member.email)
    tab_until(page, "el.type === 'password'")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/account/involvement/")
    check_page(page)
    tab_to(page, "Ward design panel")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/account/involvement/{involvement.pk}/")
    check_page(page)
    tab_to(page, "Claim expenses")
    page.keyboard.press("Enter")
    page.wait_for_url("**/claims/new/")
    check_page(page)

    tab_until(page, "el.name === 'kind'")
    page.keyboard.press("ArrowDown")  # from Travel to Childcare, which it selects
    tab_until(page, "el.name === 'amount'")
    page.keyboard.type("£-3")
    tab_until(page, "el.name === 'description'")  # through the date, left empty for now
    page.keyboard.type("Childminder for the afternoon of the panel.")
    tab_to(page, "Send claim")
    page.keyboard.press("Enter")

    # The error summary takes focus; its links take the keyboard to each field; nothing typed
    # is lost.
    page.wait_for_selector(".error-summary")
    assert page.evaluate("!!document.activeElement.closest('.error-summary')")
    check_page(page)
    assert not ExpenseClaim.objects.exists()
    assert page.get_by_label("Childcare").is_checked()
    assert page.get_by_label("What it was (optional)").input_value().startswith("Childminder")
    tab_until(page, "el.tagName === 'A' && el.closest('.error-summary') !== null")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "amount"
    page.keyboard.press("Control+A")
    page.keyboard.type("12.50")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "spent_on"
    page.keyboard.type("02012026")  # Chromium's date field, month first: 1 February 2026
    page.keyboard.press("Enter")  # sends the form, as Enter in a text field does

    page.wait_for_url(f"**/account/involvement/{involvement.pk}/")
    claim = ExpenseClaim.objects.get(involvement=involvement)
    assert (claim.kind, claim.amount_pence, claim.spent_on.isoformat()) == (
        "childcare",
        1250,
        "2026-02-01",
    )
    assert page.get_by_text("Childcare, £12.50").is_visible()
    check_page(page)
