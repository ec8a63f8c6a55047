"""What a person notices on a phone: wide tables, filters, card labels, choices, phone numbers,
the map's numbers and the main action of an advert."""

from datetime import time

import pytest

from core.models import Topic
from groups.models import DirectoryIndexPage, GroupPage, PeerSupportPage
from home.models import ResourceIndexPage, ResourcePage
from members.models import MemberProfile
from tests.browser.conftest import tab_to
from tests.browser.test_opportunities import sign_in
from tests.browser.test_public_site import scrolls_sideways
from tests.groups.conftest import add
from tests.members.factories import UserFactory
from tests.monitoring.factories import add_records

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 640}
LARGER_PHONE = {"width": 390, "height": 844}

# How many lines a piece of text takes on screen.
LINES_OF = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
  return tops.size;
}"""


@pytest.fixture
def listings(home_page, settings, make_organisation, make_opportunity, opportunity_index):
    """A page of each listing, with results and filters, and a member with matches."""
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"
    housing = Topic.objects.create(name="Housing")
    organisation = make_organisation()
    for number in range(4):
        opportunity = make_opportunity(
            organisation, f"Housing panel member {number}", format="in_person", region="london"
        )
        opportunity.topics.add(housing)
    groups = DirectoryIndexPage(title="User-led groups", slug="groups", kind="groups")
    peer = DirectoryIndexPage(title="Peer support", slug="peer-support", kind="peer_support")
    for directory in (groups, peer):
        home_page.add_child(instance=directory)
        directory.save_revision().publish()
    for name in ("Riverside Voices", "Chapeltown Hearing Voices", "Leeds Survivors"):
        add(groups, GroupPage, name, postcode="LS7", in_person=True, region="yorkshire_humber")
    add(peer, PeerSupportPage, "Tuesday evening circle", support_type="group", day_of_week=1,
        start_time=time(18, 30), frequency="weekly", online=True, in_person=False)  # fmt: skip
    library = ResourceIndexPage(title="Guides and resources", slug="resources")
    home_page.add_child(instance=library)
    library.save_revision().publish()
    for title in ("Payment and your benefits", "Housing and involvement"):
        resource = ResourcePage(
            title=title,
            summary="In plain words.",
            resource_type="guide",
            external_url="https://www.example.org/guide",
        )
        library.add_child(instance=resource)
        resource.save_revision().publish()
    member = UserFactory()
    profile = MemberProfile.objects.create(user=member, online_ok=True, in_person_ok=True)
    profile.topics.add(housing)
    return {"member": member, "organisation": organisation}


def phone_page(page, viewport=PHONE):
    page.set_viewport_size(viewport)
    return page


LISTINGS = ["/opportunities/", "/groups/", "/peer-support/", "/resources/", "/search/?q=housing"]


def test_on_a_phone_the_filters_come_before_the_results_with_the_count_near(page, listings):
    for path in LISTINGS:
        the_filters_come_first(phone_page(page), path)


def the_filters_come_first(page, path):
    page.goto(path)
    first_result = page.locator("main .card").first
    first_result.wait_for()
    filters = page.locator("#filters, main form[role='search']").first
    jump = page.get_by_role("link", name="Filter results")
    way_to_filters = jump if jump.count() else filters
    assert way_to_filters.is_visible()
    # Before the first result in reading order, and on the first screen.
    assert way_to_filters.evaluate(
        "(el, result) => !!(el.compareDocumentPosition(result) & Node.DOCUMENT_POSITION_FOLLOWING)",
        first_result.element_handle(),
    )
    count = page.get_by_role("status").first
    assert count.is_visible()
    # The count sits next to the link, or straight after the filters when they come first.
    way = way_to_filters.bounding_box()
    top_of_count = count.bounding_box()["y"]
    gap = (
        top_of_count - (way["y"] + way["height"])
        if way_to_filters == filters
        else top_of_count - way["y"]
    )
    assert abs(gap) < 200, f"{path}: the count is {gap:.0f} px from the way to the filters"
    assert jump.count() or top_of_count < 1200, f"{path}: the count is far down the page"

    if jump.count():
        jump.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "filters"
        assert page.locator("#filters").get_by_role("button").first.is_visible()


def test_on_a_phone_matches_start_with_their_count_and_how_to_change_them(page, listings):
    sign_in(page, listings["member"])
    phone_page(page).goto("/account/matches/")
    first_match = page.locator("main .card").first
    first_match.wait_for()
    count = page.get_by_role("status").filter(has_text="fit")
    assert count.is_visible()
    change = page.get_by_role("link", name="Change what you are looking for").first
    for element in (count, change):
        assert element.evaluate(
            "(el, match) => !!(el.compareDocumentPosition(match) & Node.DOCUMENT_POSITION_FOLLOWING)",
            first_match.element_handle(),
        )


def test_card_labels_never_break_inside_a_word(page, listings):
    for path in ("/opportunities/", "/groups/", "/peer-support/"):
        phone_page(page, LARGER_PHONE).goto(path)
        labels = page.locator("main .facts dt")
        assert labels.count()
        for label in labels.all():
            assert label.evaluate(LINES_OF) == 1, f"{path}: {label.inner_text()!r} breaks"


def test_phone_numbers_stay_on_one_line(page, home_page):
    for width in range(320, 400, 10):
        for path in ("/", "/need-help-now/"):
            phone_page(page, {"width": width, "height": 640}).goto(path)
            numbers = page.locator("a[href^='tel:'], .phone-number")
            assert numbers.count()
            for number in numbers.all():
                lines = number.evaluate(LINES_OF)
                assert lines == 1, f"{number.inner_text()!r} is split at {width} px on {path}"


CHOICES_OFF_THEIR_BOX = """(inputs) => inputs.filter((input) => {
  const label = input.labels[0];
  const box = input.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(label);
  if (label.contains(input)) range.setStartAfter(input);
  const lines = [...range.getClientRects()].filter((r) => r.width > 1);
  if (!lines.length) return false;
  const besideTheBox = lines.every((line) => line.left >= box.right - 1);
  const firstLineMiddle = lines[0].top + lines[0].height / 2;
  const level = Math.abs(firstLineMiddle - (box.top + box.height / 2)) < 8;
  return !(besideTheBox && level);
}).map((input) => input.labels[0].textContent.trim())"""


def test_choices_sit_beside_their_words_and_radios_match_checkboxes(page, listings):
    sign_in(page, listings["member"])
    for path in ("/account/looking-for/", "/groups/", "/opportunities/"):
        phone_page(page).goto(path)
        choices = page.locator("main input[type=checkbox], main input[type=radio]")
        assert choices.count() > 3, path
        misplaced = choices.evaluate_all(CHOICES_OFF_THEIR_BOX)
        assert not misplaced, f"{path}: words wrap under or sit off the box: {misplaced[:5]}"

    page.goto("/account/looking-for/")
    radio = page.locator("main input[type=radio]").first
    checkbox = page.locator("main input[type=checkbox]").first
    look = """(el) => [Math.round(el.getBoundingClientRect().width),
      getComputedStyle(el).borderTopWidth, getComputedStyle(el).appearance]"""
    assert radio.evaluate(look) == checkbox.evaluate(look)


def test_the_numbers_on_the_map_are_in_the_middle_of_their_markers(page, listings):
    page.goto("/groups/")
    cluster = page.locator(".directory-map__cluster").first
    cluster.wait_for()
    marker = cluster.bounding_box()
    number = cluster.locator("span").bounding_box()
    assert abs((marker["x"] + marker["width"] / 2) - (number["x"] + number["width"] / 2)) < 3
    assert abs((marker["y"] + marker["height"] / 2) - (number["y"] + number["height"] / 2)) < 3


def test_the_presence_report_and_portal_tables_fit_a_phone(page, listings):
    organiser = UserFactory()
    organisation = listings["organisation"]
    organisation.memberships.create(user=organiser)
    opportunity = organisation.get_children().specific().first()
    add_records(30, opportunity=opportunity, involved=10, ethnic_group="white", age_band="25_34")
    sign_in(page, organiser)
    for path in (
        f"/portal/organisations/{organisation.pk}/presence/",
        f"/portal/organisations/{organisation.pk}/",
    ):
        for viewport in (PHONE, LARGER_PHONE):
            phone_page(page, viewport).goto(path)
            assert not scrolls_sideways(page), f"{path} scrolls sideways at {viewport['width']} px"
            table = page.locator("main table").first
            region = page.locator("main [role=region]:has(table)").first
            assert region.get_attribute("tabindex") == "0"
            caption = table.locator("caption")
            assert region.get_attribute("aria-labelledby") == caption.get_attribute("id")
            assert page.get_by_role("region", name=caption.inner_text().strip()).count() == 1
            # The caption can be read without scrolling the table.
            box = (
                caption.locator("span").bounding_box() if caption.locator("span").count() else None
            )
            if caption.is_visible() and box:
                assert box["x"] + box["width"] <= viewport["width"], "the caption is cut off"
    # A keyboard reaches the region and can scroll it.
    page.goto(f"/portal/organisations/{organisation.pk}/presence/")
    region = page.locator("main [role=region]").first
    region.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"


def test_express_interest_is_offered_near_the_top_of_an_advert(page, listings):
    opportunity = listings["organisation"].get_children().specific().first()
    sign_in(page, UserFactory())
    phone_page(page, LARGER_PHONE).goto(opportunity.url)
    # On the first screen of a phone, before the advert's first section.
    button = page.get_by_role("link", name="Express interest").first
    assert button.bounding_box()["y"] + button.bounding_box()["height"] < LARGER_PHONE["height"]
    first_section = page.locator("main h2").first
    assert button.evaluate(
        "(el, heading) => !!(el.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING)",
        first_section.element_handle(),
    )
    # A few key presses after the skip link.
    page.get_by_role("link", name="Skip to main content").focus()
    page.keyboard.press("Enter")
    tab_to(page, "Express interest", limit=6)
    page.keyboard.press("Enter")
    page.wait_for_url("**/express-interest/")
