"""Attacks on the whole-answer cache for signed-out visitors (core.caching's
PageResponseCacheMiddleware) and the per-content-version `pages` cache, with the caches
production has: a shared version in the database cache, each process's own LocMem caches.

The first tests are faults found by attacking it (content changed without a page being saved);
those named "holds" record attacks that failed.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from members.models import User
from opportunities import services as opportunity_services


@pytest.fixture
def production_caches(production_caches, settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"


@pytest.fixture
def site(production_caches, home_page, make_organisation, opportunity_index):
    about = StandardPage(title="About us", slug="about")
    home_page.add_child(instance=about)
    about.save_revision().publish()
    return {"home": home_page, "organisation": make_organisation(), "about": about}


def signed_out(path, **extra):
    return Client().get(path, **extra)


def twice(path, **extra):
    """The page made afresh, then (if it may be shared) the shared copy."""
    first = signed_out(path, **extra)
    return first, signed_out(path, **extra)


# Stale content that matters ------------------------------------------------------------------


def test_an_opportunity_closed_by_its_organisation_leaves_the_home_page_at_once(
    site, make_opportunity, settings
):
    """Closing goes through a queryset update() and `opportunity_changed`, which nothing in
    core.caching hears: the home page's "latest opportunities" (the `pages` cache, an hour) and
    shared copies (a minute) keep offering a closed role, to signed-in members too."""
    settings.ELASTICSEARCH_URL = ""
    opportunity = make_opportunity(site["organisation"], title="Join our crisis panel")
    member = Client()
    member.force_login(User.objects.create_user("kit@example.org", "a long password 1"))
    assert "Join our crisis panel" in twice("/")[1].content.decode()
    assert "Join our crisis panel" in member.get("/").content.decode()

    opportunity_services.opportunity_close(opportunity=opportunity)

    assert "Join our crisis panel" not in member.get("/").content.decode(), "signed in"
    assert "Join our crisis panel" not in signed_out("/").content.decode(), "signed out"


def test_an_opportunity_closed_by_its_organisation_says_so_at_once(
    site, make_opportunity, settings
):
    settings.ELASTICSEARCH_URL = ""
    opportunity = make_opportunity(site["organisation"], title="Join our crisis panel")
    path = opportunity.url
    twice(path)
    twice("/opportunities/")
    opportunity_services.opportunity_close(opportunity=opportunity)
    assert "This opportunity is closed" in signed_out(path).content.decode()
    assert "Join our crisis panel" not in signed_out("/opportunities/").content.decode()


def test_an_organisation_verified_by_staff_says_so_at_once(site):
    organisation = site["organisation"]
    type(organisation).objects.filter(pk=organisation.pk).update(verified=False)
    organisation.refresh_from_db()
    twice(organisation.url)
    opportunity_services.organisation_verify(organisation=organisation)
    assert "Verified by NSUN" in signed_out(organisation.url).content.decode()


def test_outcomes_reported_show_on_the_opportunity_at_once(site, make_opportunity, settings):
    settings.ELASTICSEARCH_URL = ""
    opportunity = make_opportunity(site["organisation"], title="Join our crisis panel")
    opportunity_services.opportunity_close(opportunity=opportunity)
    twice(opportunity.url)
    opportunity_services.opportunity_report_outcomes(
        opportunity=opportunity,
        user=User.objects.create_user("lead@example.org", "a long password 1"),
        difference_made="The crisis line now answers in plain words.",
    )
    assert "answers in plain words" in signed_out(opportunity.url).content.decode()


# What holds ----------------------------------------------------------------------------------


def test_holds_a_page_made_private_or_unpublished_leaves_at_once(site):
    about = site["about"]
    assert "About us" in twice("/about/")[1].content.decode()
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )
    page = signed_out("/about/").content.decode()
    assert 'name="password"' in page
    PageViewRestriction.objects.all().delete()
    twice("/about/")
    about.unpublish()
    assert signed_out("/about/").status_code == 404


def test_holds_head_first_does_not_empty_the_next_get(site):
    Client().head("/about/")
    again = signed_out("/about/")
    assert again.status_code == 200 and b"About us" in again.content


def test_holds_a_404_is_not_kept(site, home_page):
    assert signed_out("/later/").status_code == 404
    later = StandardPage(title="Later", slug="later")
    home_page.add_child(instance=later)
    later.save_revision().publish()
    assert signed_out("/later/").status_code == 200


@pytest.mark.parametrize("cookie", ["", "not-a-session", "x" * 40])
def test_holds_a_blank_or_dead_session_cookie_gets_no_one_elses_page(site, cookie):
    member = Client()
    member.force_login(User.objects.create_user("robin.private@example.org", "a long pass 1"))
    member.get("/")
    visitor = Client()
    visitor.cookies["sessionid"] = cookie
    for _ in range(2):
        page = visitor.get("/").content.decode()
        assert "robin.private" not in page and "Sign out" not in page


def test_holds_signed_out_message_after_a_kept_copy(site):
    twice("/")
    client = Client()
    client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    client.post(reverse("account_logout"))
    assert "signed out" in client.get("/").content.decode().lower()


def test_holds_hosts_and_schemes_get_their_own_copies(site, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = signed_out("/about/", HTTP_HOST="localhost")
    signed_out("/about/", HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
    other = signed_out("/about/", HTTP_HOST="evil.example", HTTP_X_FORWARDED_HOST="evil.example")
    assert b"evil.example" not in signed_out("/about/", HTTP_HOST="localhost").content
    assert signed_out("/about/", HTTP_HOST="localhost").content == plain.content
    assert other.status_code in (200, 400)


def test_holds_one_origins_cors_answer_is_not_given_to_another(site):
    path = "/api/openreferral/services"
    signed_out(path, HTTP_ORIGIN="https://a.example")
    again = signed_out(path, HTTP_ORIGIN="https://b.example")
    assert again.get("Access-Control-Allow-Origin") == "*"
    assert signed_out(path).get("Access-Control-Allow-Origin") is None
