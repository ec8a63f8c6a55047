"""The directory of groups and peer support: axe (WCAG 2.2 AA), narrow screens and keyboard."""

import pytest

from core.demo import build_taxonomies
from groups.demo import build_groups_and_peer_support
from groups.models import GroupPage
from tests.browser.conftest import tab_to
from tests.browser.test_opportunities import assert_no_violations, sign_in
from tests.browser.test_public_site import scrolls_sideways
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class _Context:
    def __init__(self, home):
        self.home, self.seed, self.report = home, 4, []


@pytest.fixture
def directory(home_page, settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"  # places without the network
    build_taxonomies(_Context(home_page))
    build_groups_and_peer_support(_Context(home_page))


@pytest.mark.parametrize("path", ["/groups/", "/peer-support/", "/groups/riverside-voices/"])
def test_directory_pages_pass_axe_and_fit_a_narrow_screen(page, directory, path):
    page.goto(path)
    assert_no_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert not scrolls_sideways(page)


def test_finding_a_group_near_a_postcode_by_keyboard(page, directory):
    page.goto("/groups/")
    page.get_by_label("Near a postcode").focus()
    page.keyboard.type("LS1")
    page.keyboard.press("Enter")
    page.wait_for_url("**postcode=LS1*")

    assert page.get_by_role("status").filter(has_text="nearest to LS1 first").is_visible()
    first = page.locator(".card-list .card__title").first
    assert first.inner_text() == "Riverside Voices"  # LS7, the nearest to LS1
    assert_no_violations(page)


def test_with_javascript_the_results_also_show_on_a_map(page, directory):
    page.goto("/groups/")

    map_region = page.get_by_role("region", name="Map of these results")
    assert map_region.is_visible()
    first_page = GroupPage.objects.live().order_by("title")[:20]
    with_a_place = [group for group in first_page if group.has_location]
    assert with_a_place
    # Every listing with a place is on the map once: alone, or counted in a numbered marker.
    singles = page.locator("img.leaflet-marker-icon").count()
    counts = page.locator(".directory-map__cluster").evaluate_all(
        "clusters => clusters.map(c => Number(c.dataset.count))"
    )
    assert singles + sum(counts) == len(with_a_place)
    named = page.get_by_role("button", name="Black Minds Matter Collective")
    assert named.count() == 1
    named.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    assert page.get_by_role("link", name="Black Minds Matter Collective").first.is_visible()
    assert_no_violations(page)


def test_listing_a_group_by_keyboard_alone(page, directory):
    sign_in(page, UserFactory())
    page.goto("/directory/list-your-group/")
    assert_no_violations(page)

    # Sending it empty shows the error summary, which also passes axe.
    tab_to(page, "Save and continue")
    page.keyboard.press("Enter")
    problem = page.get_by_role("heading", name="There is a problem")
    problem.wait_for()
    assert problem.is_visible()
    assert_no_violations(page)

    page.get_by_label("Name of the group").focus()
    page.keyboard.type("Keyboard Hearing Voices")
    page.keyboard.press("Tab")
    page.keyboard.type("A hearing voices group that meets in Leeds.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # led by people with lived experience
    tab_to(page, "Save and continue")
    page.keyboard.press("Enter")
    page.wait_for_url("**/where/")
    assert_no_violations(page)

    page.get_by_label("Postcode").focus()
    page.keyboard.type("LS1")
    tab_to(page, "Save and continue")
    page.keyboard.press("Enter")
    page.wait_for_url("**/contact/")

    page.get_by_label("Email address for the group").focus()
    page.keyboard.type("hello@keyboard.example.org")
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/")
    assert_no_violations(page)

    tab_to(page, "Send to NSUN staff to publish")
    page.keyboard.press("Enter")
    page.wait_for_url("**/directory/your-listings/")
    assert page.get_by_text("Waiting for NSUN staff to check").is_visible()
    assert_no_violations(page)
