"""The public site works under its Content Security Policy: nothing is refused, the map's scripts
run, and staff's Wagtail bar still works on public pages."""

import pytest

from groups.models import GroupPage
from tests.browser.test_directory import directory  # noqa: F401 (fixture)
from tests.browser.test_opportunities import sign_in
from tests.members.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PATHS = ["/", "/groups/", "/peer-support/", "/groups/riverside-voices/", "/search/?q=voices",
                "/accounts/login/", "/accounts/signup/", "/need-help-now/"]  # fmt: skip


def refused(page):
    return page.evaluate("window.__cspViolations")


def test_public_pages_load_without_anything_refused(strict_page, directory):  # noqa: F811
    for path in PUBLIC_PATHS:
        response = strict_page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        strict_page.wait_for_load_state("networkidle")
        assert refused(strict_page) == [], path

    strict_page.goto("/groups/")
    assert strict_page.get_by_role("region", name="Map of these results").is_visible()
    places = [g for g in GroupPage.objects.live().order_by("title")[:20] if g.has_location]
    assert places and strict_page.locator(".leaflet-marker-icon").count() > 0


def test_signed_in_forms_and_the_staff_bar_work_under_the_policy(strict_page, directory):  # noqa: F811
    sign_in(strict_page, UserFactory())
    for path in ["/directory/list-your-group/", "/account/looking-for/", "/account/your-data/"]:
        strict_page.goto(path)
        strict_page.wait_for_load_state("networkidle")
        assert refused(strict_page) == [], path

    strict_page.context.clear_cookies()
    sign_in(strict_page, StaffFactory())
    strict_page.goto("/groups/riverside-voices/")
    strict_page.wait_for_load_state("networkidle")
    assert strict_page.locator("wagtail-userbar").count() == 1
    assert refused(strict_page) == []
