"""The directory of groups and peer support: axe (WCAG 2.2 AA), narrow screens and keyboard."""

import pytest

from core.demo import build_taxonomies
from groups.demo import build_groups_and_peer_support
from tests.browser.test_opportunities import assert_no_violations
from tests.browser.test_public_site import scrolls_sideways

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
    in_person = page.locator(".leaflet-marker-icon")
    assert in_person.count() == 9  # every group with a place; the online-only one has none
    assert page.get_by_role("button", name="Riverside Voices").count() == 1
    assert_no_violations(page)
