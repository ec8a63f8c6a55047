import pytest

from tests.browser.conftest import axe_violations, describe_violations

# live_server needs committed data; the home_page fixture rebuilds the site after each flush.
pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_has_no_wcag_22_aa_violations(page):
    page.goto("/")

    violations = axe_violations(page)

    assert violations == [], describe_violations(violations)


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-160px"

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_sign_in_page_has_no_wcag_22_aa_violations_with_errors_shown(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_selector(".error-summary")

    violations = axe_violations(page)

    assert violations == [], describe_violations(violations)


def test_the_accessibility_check_catches_a_planted_fault(page):
    """Guards the harness itself: an unlabelled field must be reported."""
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )

    violations = axe_violations(page)

    assert "label" in [violation["id"] for violation in violations]


def test_a_failed_submit_takes_focus_to_the_summary_and_its_links_to_the_fields(page):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_selector(".error-summary")

    assert page.evaluate("document.activeElement.dataset.errorSummary") is not None

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "INPUT"
