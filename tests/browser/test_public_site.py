"""Home page, a guide, the resource library and site search: axe (WCAG 2.2 AA), 320 px wide and
200% zoom without sideways scrolling, and keyboard use."""

import pytest

from core.demo import build_taxonomies
from home.demo import build_guides_and_resources
from tests.browser.test_opportunities import assert_no_violations

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/getting-involved/", "/resources/", "/search/?q=payment"]


class _Context:
    def __init__(self, home):
        self.home = home
        self.report = []


@pytest.fixture
def site(home_page):
    build_taxonomies(_Context(home_page))
    build_guides_and_resources(_Context(home_page))
    return home_page


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


@pytest.mark.parametrize("path", PAGES)
def test_key_pages_pass_axe_and_fit_narrow_and_zoomed_screens(page, site, path):
    page.goto(path)
    assert_no_violations(page)

    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert not scrolls_sideways(page), f"{path} scrolls sideways at 320 px"

    # 200% zoom of a 1280 by 900 window lays the page out in 640 by 450 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 450})
    page.reload()
    assert not scrolls_sideways(page), f"{path} scrolls sideways at 200% zoom"


def test_searching_and_filtering_resources_by_keyboard(page, site):
    page.goto("/")
    page.get_by_role("searchbox", name="Search the site").focus()
    page.keyboard.type("payment")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=payment*")
    assert page.get_by_role("link", name="Payment, expenses and your benefits").is_visible()

    page.goto("/resources/")
    page.get_by_role("checkbox", name="Template").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show resources").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**resource_type=template*")
    assert page.get_by_role("link", name="Writing a role description").is_visible()
    assert not page.get_by_role("link", name="Peer support values").count()
    assert_no_violations(page)


def test_guide_questions_open_by_keyboard(page, site):
    page.goto("/getting-involved/")
    question = page.get_by_text("Do I have to tell them my diagnosis?")
    question.focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("You decide what you share.").is_visible()
