"""The opportunity search page and "Opportunities that fit you": axe (WCAG 2.2 AA) and keyboard."""

import pytest

from core.models import Topic
from members.models import MemberProfile
from search.index.writing import index_opportunities
from tests.browser.test_opportunities import assert_no_violations, sign_in
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue(elasticsearch, opportunity_index, make_organisation, make_opportunity):
    """Opportunities on the real index (a private prefix), as the live server will search it."""
    housing = Topic.objects.create(name="Housing")
    organisation = make_organisation()
    online = make_opportunity(organisation, "Housing research panel", format="online")
    online.topics.add(housing)
    online.save_revision().publish()
    make_opportunity(
        organisation,
        "Crisis care advisory group",
        format="in_person",
        region="yorkshire_humber",
        latitude=53.7997,
        longitude=-1.5492,
    )
    make_opportunity(organisation, "Carers' reading group", format="hybrid")
    index_opportunities(refresh=True)
    return {"housing": housing}


def test_search_page_passes_axe_and_filters_by_keyboard(page, catalogue):
    page.goto("/opportunities/")
    assert page.get_by_role("status").filter(has_text="open opportunities").is_visible()
    assert_no_violations(page)

    page.get_by_label("Search words").focus()
    page.keyboard.type("housing")
    page.keyboard.press("Enter")
    page.wait_for_url("**/opportunities/?q=housing*")
    assert page.get_by_role("link", name="Housing research panel").is_visible()
    assert not page.get_by_role("link", name="Crisis care advisory group").count()

    page.get_by_role("link", name="Clear the search and filters").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/opportunities/")
    page.get_by_role("checkbox", name="In person (1").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show results").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**format=in_person*")
    assert page.get_by_role("link", name="Crisis care advisory group").is_visible()
    assert not page.get_by_role("link", name="Housing research panel").count()
    assert_no_violations(page)


def test_search_errors_are_summarised_accessibly(page, catalogue):
    page.goto("/opportunities/?sort=nearest")

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_role(
        "link", name="Your postcode: Enter a postcode to sort by distance."
    ).is_visible()
    assert_no_violations(page)


def test_matches_page_passes_axe_and_its_links_work_by_keyboard(page, catalogue):
    member = UserFactory()
    profile = MemberProfile.objects.create(user=member, online_ok=True, in_person_ok=False)
    profile.topics.add(catalogue["housing"])
    sign_in(page, member)

    page.goto("/account/matches/")
    assert page.get_by_role("link", name="Housing research panel", exact=True).is_visible()
    assert "Matches your interests: Housing" in page.content()
    assert_no_violations(page)

    page.get_by_role("link", name="Change what you are looking for").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/looking-for/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_violations(page)
