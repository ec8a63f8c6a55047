"""The key pages stay cheap as the site grows, show published changes at once, and never share
one person's page with another (core/caching.py, decision 0013).

Query counts are taken with the caches production has: the database cache shared by every
process, and each process's in-memory `pages` cache.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from core.models import SiteSettings, Topic
from groups.models import DirectoryIndexPage, GroupAdministrator, GroupPage
from home.models import StandardPage
from members.models import User
from opportunities.models import OpportunityPage
from opportunities.services import opportunity_close
from search.index.writing import index_opportunities

MAX_QUERIES = 12  # issue 19's goal for every key page

KEY_PAGES = [
    ("home", "/"),
    ("opportunities with filters", "/opportunities/?format=online&money=paid&sort=closing"),
    ("groups near a postcode", "/groups/?postcode=LS1"),
    ("Open Referral services", "/api/openreferral/services"),
]


@pytest.fixture
def production_caches(production_caches, settings):
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"


@pytest.fixture
def rendered_every_time(production_caches, settings):
    """No shared whole answers and no member's kept matches, so each request makes its page:
    what a page costs to make."""
    settings.CACHES = {
        **settings.CACHES,
        **{
            name: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
            for name in ("responses", "member_pages")
        },
    }


@pytest.fixture(params=["elasticsearch", "database"])
def engine(request, settings):
    """Opportunity search and matching as production runs them, and as they fall back."""
    if request.param == "elasticsearch":
        request.getfixturevalue("elasticsearch")
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


@pytest.fixture
def site(home_page, make_organisation, opportunity_index):
    """A site with the sections the home page links to, a menu and footer links."""
    for title, slug, kind in [
        ("User-led groups", "groups", "groups"),
        ("Peers", "peers", "peer_support"),
    ]:
        directory = DirectoryIndexPage(title=title, slug=slug, kind=kind, show_in_menus=True)
        home_page.add_child(instance=directory)
        directory.save_revision().publish()
    about = StandardPage(title="About us", slug="about", show_in_menus=True)
    home_page.add_child(instance=about)
    about.save_revision().publish()
    opportunity_index.show_in_menus = True
    opportunity_index.save_revision().publish()
    settings = SiteSettings.for_site(home_page.get_site())
    settings.footer_links = [("page", {"page": about, "label": "Who we are"})]
    settings.save()
    return {"home": home_page, "organisation": make_organisation(), "about": about}


def add_rows(make_organisation, make_opportunity, count, start=0):
    """`count` more open opportunities, each under its own organisation, and groups near LS1."""
    groups = DirectoryIndexPage.objects.get(kind="groups")
    topic, _ = Topic.objects.get_or_create(name="Housing")
    for number in range(start, start + count):
        organisation = make_organisation(f"Organisation {number}")
        make_opportunity(organisation, title=f"Paid online role {number}", format="online")
        group = GroupPage(title=f"Leeds group {number}", description="We meet.", postcode="LS1 4DY")
        groups.add_child(instance=group)
        group.topics.set([topic])
        group.save_revision().publish()
    if settings.ELASTICSEARCH_URL:
        index_opportunities(refresh=True)


def queries_for(client, path):
    client.get(path)  # fills the in-memory cache, as the first request after a change does
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "signed in"])
def test_key_pages_make_few_queries_however_many_rows(
    rendered_every_time, engine, site, make_organisation, make_opportunity, client, signed_in
):
    pages = list(KEY_PAGES)
    if signed_in:
        client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
        pages.append(("matches", reverse("matches")))
    add_rows(make_organisation, make_opportunity, 3)
    few = {label: queries_for(client, path) for label, path in pages}
    add_rows(make_organisation, make_opportunity, 12, start=3)
    many = {label: queries_for(client, path) for label, path in pages}
    assert many == few, "queries with 3 of each row, then 15"
    print(f"{engine}, {'signed in' if signed_in else 'signed out'}: {many}")
    if engine == "elasticsearch":
        # Signed in too: the session, the person and their account menu are three queries.
        assert all(count <= MAX_QUERIES for count in many.values()), many


def test_a_members_next_visit_to_their_matches_reuses_their_answer(
    production_caches, elasticsearch, site, make_organisation, make_opportunity, client, monkeypatch
):
    from search import views

    asked = []
    real = views.match_with_fallback
    monkeypatch.setattr(
        views, "match_with_fallback", lambda *a, **k: asked.append(1) or real(*a, **k)
    )
    client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    add_rows(make_organisation, make_opportunity, 3)
    client.get(reverse("matches"))
    with CaptureQueriesContext(connection) as captured:
        again = client.get(reverse("matches"))
    assert again.status_code == 200 and "Paid online role 2" in again.content.decode()
    assert asked == [1], "the engine is asked once"
    # The session, the person, the account menu, the content version, and the member's profile
    # with their topics and communities: 8 on PostgreSQL and SQLite.
    assert len(captured) <= MAX_QUERIES, [query["sql"] for query in captured]


def test_key_pages_read_no_missing_template_variables(
    rendered_every_time, elasticsearch, site, make_organisation, make_opportunity, client, caplog
):
    """Each missing variable a template reads costs a raised exception (Django logs it)."""
    client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    add_rows(make_organisation, make_opportunity, 3)
    pages = [*KEY_PAGES, ("matches", reverse("matches"))]
    for _, path in pages:
        client.get(path)
    with caplog.at_level("DEBUG", logger="django.template"):
        for _, path in pages:
            client.get(path)
    missing = {
        record.args[0]
        for record in caplog.records
        if record.name == "django.template" and not str(record.args[1]).startswith("django/")
    }  # Django's own radio-list template asks its widgets for a class they may not have
    # Optional names of the whole page are cheap misses; a missing attribute of a page object
    # (read once per card) costs a dir() of the whole model each time.
    assert missing <= {"page", "page_problem"}, missing


def header(client, path="/"):
    text = client.get(path).content.decode()
    return text[text.index("<header") : text.index("</header>")]


def footer(client, path="/"):
    text = client.get(path).content.decode()
    return text[text.index("<footer") :]


def test_menu_changes_show_at_once(production_caches, site, client):
    about = site["about"]
    assert ">About us</a>" in header(client)
    # Publishing a change to the title.
    about.title = "About the network"
    about.save_revision().publish()
    assert ">About the network</a>" in header(client)
    # A new page in the menu.
    news = StandardPage(title="News", slug="news", show_in_menus=True)
    site["home"].add_child(instance=news)
    news.save_revision().publish()
    assert 'href="/news/">News</a>' in header(client)
    # Moving it below another page takes it out of the top-level menu.
    news.move(about, pos="last-child")
    assert ">News</a>" not in header(client)
    # Unpublishing and deleting.
    about.refresh_from_db()
    about.unpublish()
    assert "About the network" not in header(client)
    assert "Who we are" not in footer(client)  # the footer links only to live pages
    Page.objects.get(pk=about.pk).delete()
    assert ">About" not in header(client)


def test_a_new_or_removed_site_answers_its_host_at_once(production_caches, site):
    """Each process keeps which site answers a host (core.caching.SiteFromMemoryMiddleware)."""
    member = Client(HTTP_HOST="other.example.org")
    member.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    assert ">About us</a>" in header(member), "the default site answers any host"
    other_home = StandardPage(title="Other network", slug="other-network")
    Page.get_first_root_node().add_child(instance=other_home)
    other_home.save_revision().publish()
    other = Site.objects.create(hostname="other.example.org", port=80, root_page=other_home)

    page = member.get("/").content.decode()
    assert "<h1>Other network</h1>" in page and ">About us</a>" not in page
    other.delete()
    assert ">About us</a>" in header(member)


def test_a_new_view_restriction_holds_at_once(production_caches, site, client):
    """Pages skip Wagtail's restriction check while the site has none; the first one counts."""
    assert client.get("/about/").status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=site["about"], restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get("/about/").status_code == 302  # to the sign-in page
    client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    assert client.get("/about/").status_code == 200
    client.logout()
    restriction.delete()
    assert client.get("/about/").status_code == 200


def test_site_settings_and_filter_choices_show_at_once(production_caches, site, client):
    assert "Who we are" in footer(client)
    settings = SiteSettings.for_site(site["home"].get_site())
    settings.organisation_name = "Survivors Together"
    settings.footer_links = []
    settings.save()
    assert "Survivors Together" in footer(client)
    assert "Who we are" not in footer(client)
    page = client.get("/groups/").content.decode()
    assert "Peer-led research" not in page
    Topic.objects.create(name="Peer-led research")
    assert "Peer-led research" in client.get("/groups/").content.decode()


def test_home_page_sections_and_latest_opportunities_show_at_once(
    production_caches, site, make_opportunity, client
):
    assert "Find a group near you" in client.get("/").content.decode()
    opportunity = make_opportunity(site["organisation"], title="Join our research panel")
    assert "Join our research panel" in client.get("/").content.decode()
    opportunity.unpublish()
    assert "Join our research panel" not in client.get("/").content.decode()
    DirectoryIndexPage.objects.get(kind="groups").unpublish()
    assert "Find a group near you" not in client.get("/").content.decode()


def test_signed_in_pages_are_never_shared(production_caches, site):
    """Each person's menu, form token and messages are their own, whoever asked before."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = User.objects.create_user("editor@example.org", "a long password 1")
    editor.groups.add(editors)
    member = User.objects.create_user("sam@example.org", "a long password 1")
    client = Client(enforce_csrf_checks=True)

    client.force_login(editor)
    assert 'href="/cms/"' in header(client) and "Sign out" in header(client)
    client.logout()
    assert "Sign out" not in header(client) and "Sign in" in header(client)

    client.force_login(member)
    member_header = header(client)
    assert 'href="/cms/"' not in member_header and "Your matches" in member_header
    # The sign-out form on the page carries this session's own CSRF token: it is accepted.
    token = member_header.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_out = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    # The sign-out message shows once, on the next page, and only to this browser.
    assert 'role="status"' in client.get("/").content.decode()
    assert 'role="status"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("superuser", "direct", "by_group"),
    [(s, d, g) for s in (False, True) for d in (False, True) for g in (False, True)],
)
def test_the_cms_link_follows_djangos_permission_check(
    production_caches, site, client, superuser, direct, by_group
):
    user = User.objects.create_user("person@example.org", "a long password 1")
    user.is_superuser = superuser
    user.save()
    access_admin = Permission.objects.get(codename="access_admin")
    if direct:
        user.user_permissions.add(access_admin)
    if by_group:
        group = Group.objects.create(name="CMS users")
        group.permissions.add(access_admin)
        user.groups.add(group)
    client.force_login(user)
    shown = 'href="/cms/"' in header(client)
    assert shown == User.objects.get(pk=user.pk).has_perm("wagtailadmin.access_admin")
    assert shown == (superuser or direct or by_group)


def test_each_person_sees_only_their_own_account_menu(production_caches, site, make_organisation):
    """The account menu's query is built once per process and run with each person's id."""
    groups = DirectoryIndexPage.objects.get(kind="groups")
    listing = GroupPage(title="Leeds group", description="We meet.", postcode="LS1 4DY")
    groups.add_child(instance=listing)
    people = {}
    for email in ("lists@example.org", "portal@example.org", "neither@example.org"):
        people[email] = Client()
        people[email].force_login(User.objects.create_user(email, "a long password 1"))
    GroupAdministrator.objects.create(
        group=listing, user=User.objects.get(email="lists@example.org")
    )
    make_organisation("Leeds Mind", members=[User.objects.get(email="portal@example.org")])
    for _ in range(2):
        for email, expected in [
            ("lists@example.org", {"Your listings"}),
            ("portal@example.org", {"Organisation portal"}),
            ("neither@example.org", set()),
        ]:
            shown = header(people[email])
            links = {name for name in ("Your listings", "Organisation portal") if name in shown}
            assert links == expected, email


def test_opportunity_pages_still_name_their_organisation(
    production_caches, site, make_opportunity, client
):
    make_opportunity(site["organisation"], title="Shape our crisis service")
    text = client.get("/").content.decode()
    card = text[text.index("Shape our crisis service") :]
    assert site["organisation"].title in card[:600]
    assert OpportunityPage.objects.live().count() == 1


# Whole answers shared between visitors without a session (core.caching's
# PageResponseCacheMiddleware): cheap for the next visitor, never anyone's own.


def test_the_next_signed_out_visitor_gets_the_page_without_it_being_made_again(
    production_caches, elasticsearch, site, make_organisation, make_opportunity
):
    add_rows(make_organisation, make_opportunity, 3)
    for label, path in KEY_PAGES:
        first = Client().get(path, HTTP_ORIGIN="https://example.com")
        with CaptureQueriesContext(connection) as captured:
            again = Client().get(path, HTTP_ORIGIN="https://example.com")
        assert len(captured) <= 1, f"{label}: only the content version is read"
        assert again.status_code == 200 and again.content == first.content, label
        for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Vary"):
            assert again.get(name) == first.get(name), f"{label}: {name}"
        # Open data may be read from any origin; the rest of the site says nothing about it.
        cors = again.get("Access-Control-Allow-Origin")
        assert cors == ("*" if path.startswith("/api/") else None), label


def test_a_newly_published_opportunity_shows_on_the_next_request(
    production_caches, site, make_opportunity, settings
):
    settings.ELASTICSEARCH_URL = ""  # the database engine: the search reads the new row at once
    for path in ("/", "/opportunities/"):
        Client().get(path)
        assert "Join our research panel" not in Client().get(path).content.decode()
    opportunity = make_opportunity(site["organisation"], title="Join our research panel")
    for path in ("/", "/opportunities/"):
        assert "Join our research panel" in Client().get(path).content.decode(), path
    opportunity.unpublish()
    for path in ("/", "/opportunities/"):
        assert "Join our research panel" not in Client().get(path).content.decode(), path


def test_signed_in_and_signed_out_visitors_never_get_each_others_page(
    production_caches, site, make_opportunity
):
    make_opportunity(site["organisation"], title="Shape our crisis service")
    member = User.objects.create_user("robin.private@example.org", "a long password 1")
    member_client = Client()
    member_client.force_login(member)
    paths = ["/", "/opportunities/?format=online", "/groups/", "/about/"]
    for path in paths:
        assert "Sign out" in member_client.get(path).content.decode(), path
        for _ in range(2):  # the second is the shared copy, if there is one
            page = Client().get(path).content.decode()
            assert "Sign in" in page and "Sign out" not in page, path
            assert "robin.private" not in page and "Your matches" not in page, path
        assert "Sign out" in member_client.get(path).content.decode(), path


def test_a_visitor_with_a_message_waiting_sees_it(production_caches, site):
    Client().get("/")  # another visitor's copy of the home page is kept
    client = Client()
    client.force_login(User.objects.create_user("sam@example.org", "a long password 1"))
    client.post(reverse("account_logout"))  # "You have signed out", shown on the next page
    assert 'role="status"' in client.get("/").content.decode()
    assert 'role="status"' not in client.get("/").content.decode()


def test_a_page_with_a_form_token_is_made_for_each_visitor(production_caches, site, client):
    """A password-protected page asks for the password with a form of its own."""
    PageViewRestriction.objects.create(
        page=site["about"], restriction_type=PageViewRestriction.PASSWORD, password="open sesame"
    )

    def token():
        page = client.get("/about/").content.decode()
        return page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    assert token() != token()  # each render masks the visitor's secret afresh


def test_tick_boxes_are_made_once_and_keep_what_each_visitor_ticked(
    rendered_every_time, site, client
):
    """Each option of a tick-box list costs four of Django's widget templates to render."""
    housing = Topic.objects.create(name="Housing")
    benefits = Topic.objects.create(name="Benefits")
    client.get("/groups/")
    again = client.get("/groups/")
    assert "django/forms/widgets/checkbox_option.html" not in {t.name for t in again.templates}

    def tick_box(page, topic):
        return re.search(rf'<input type="checkbox" name="topic" value="{topic.pk}"[^>]*>', page)[0]

    for ticked, not_ticked in [(housing, benefits), (benefits, housing)]:
        page = client.get(f"/groups/?topic={ticked.pk}").content.decode()
        assert "checked" in tick_box(page, ticked) and "checked" not in tick_box(page, not_ticked)
    page = client.get("/groups/").content.decode()
    assert "checked" not in tick_box(page, housing) + tick_box(page, benefits)


def test_a_page_made_afresh_is_found_without_reading_pages(rendered_every_time, site, client):
    """Which page a path names, and the site's root paths, are kept per content version: a page
    made afresh reads only the content version, however deep it is."""
    for path in ("/", "/about/"):
        client.get(path)  # the first request after a change reads and keeps them
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        assert len(captured) == 1, [query["sql"] for query in captured]


def test_a_renamed_moved_or_unpublished_page_is_found_where_it_now_is(
    rendered_every_time, site, client
):
    about = site["about"]
    assert client.get("/about/").status_code == 200
    assert client.get("/who-we-are/").status_code == 404
    about.slug = "who-we-are"
    about.save_revision().publish()
    assert client.get("/about/").status_code == 404
    assert "<h1>About us</h1>" in client.get("/who-we-are/").content.decode()
    about.refresh_from_db()
    about.move(DirectoryIndexPage.objects.get(kind="groups"), pos="last-child")
    moved = client.get("/who-we-are/")  # Wagtail sends the old address on
    assert moved.status_code == 301 and moved["Location"] == "/groups/who-we-are/"
    assert client.get("/groups/who-we-are/").status_code == 200
    about.refresh_from_db()
    about.unpublish()
    assert client.get("/groups/who-we-are/").status_code == 404


def test_the_directory_made_afresh_reads_only_the_count_and_its_page(
    rendered_every_time, site, make_organisation, make_opportunity, client
):
    """The cards show no topics, so none are read: the content version, the count, the page."""
    add_rows(make_organisation, make_opportunity, 3)
    assert queries_for(client, "/groups/?postcode=LS1") == 3


# Result cards rendered once per page, content version and date (core.caching.cached_card, the
# `card` tag), still showing every publish, edit and close, and each visitor's own distance.

OPPORTUNITY_CARD = "components/opportunity_card.html"
LISTING_CARD = "components/listing_card.html"


@pytest.fixture
def made_afresh(rendered_every_time, settings):
    settings.ELASTICSEARCH_URL = ""  # the database engine: the search reads new rows at once


@pytest.fixture
def cards_rendered():
    """The names of the card templates rendered while the test runs, one entry a render."""
    names = []

    def record(sender, template, **kwargs):
        if template.name in (OPPORTUNITY_CARD, LISTING_CARD):
            names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def group_near(title, postcode):
    directory = DirectoryIndexPage.objects.get(kind="groups")
    group = GroupPage(title=title, description="We meet.", postcode=postcode)
    directory.add_child(instance=group)
    group.save_revision().publish()
    return group


def test_the_next_page_made_afresh_renders_no_card_again(
    made_afresh, site, make_opportunity, client, cards_rendered
):
    for number in range(3):
        make_opportunity(site["organisation"], title=f"Paid online role {number}")
        group_near(f"Leeds group {number}", "LS1 4DY")
    pages = ["/", "/opportunities/", "/opportunities/?format=online", "/groups/?postcode=LS1"]
    first = [client.get(path).content for path in pages]
    assert cards_rendered.count(OPPORTUNITY_CARD) == 6  # 3 on home, 3 on the first search
    assert cards_rendered.count(LISTING_CARD) == 3
    cards_rendered.clear()
    again = [client.get(path).content for path in pages]
    assert cards_rendered == []
    assert again == first


def test_a_card_shows_an_edit_and_a_close_on_the_next_request(
    made_afresh, site, make_opportunity, client
):
    opportunity = make_opportunity(
        site["organisation"], title="Shape our crisis service", summary="Tell us what helped."
    )
    for path in ("/", "/opportunities/"):
        assert "Tell us what helped." in client.get(path).content.decode(), path
    opportunity.summary = "Tell us what got in the way."
    opportunity.save_revision().publish()
    for path in ("/", "/opportunities/"):
        page = client.get(path).content.decode()
        assert "Tell us what got in the way." in page and "Tell us what helped." not in page, path
    opportunity_close(opportunity=opportunity)
    for path in ("/", "/opportunities/"):
        assert "Shape our crisis service" not in client.get(path).content.decode(), path


def test_an_edited_group_card_shows_on_the_next_request(made_afresh, site, client):
    group = group_near("Leeds hearing voices group", "LS1 4DY")
    assert "We meet." in client.get("/groups/").content.decode()
    group.description = "We meet on Tuesdays."
    group.save_revision().publish()
    assert "We meet on Tuesdays." in client.get("/groups/").content.decode()


def distance_of(page, title):
    card = page[page.index(title) :]
    return re.search(r"(less than a mile|about \d+ miles?) away", card[: card.index("</article>")])


def test_each_visitor_sees_the_distance_from_their_own_postcode(made_afresh, site, client):
    group_near("Leeds hearing voices group", "LS1 4DY")
    group_near("Online peer group", "")
    for _ in range(2):  # the second time from the kept cards
        near = client.get("/groups/?postcode=LS1").content.decode()
        far = client.get("/groups/?postcode=M1").content.decode()
        anywhere = client.get("/groups/").content.decode()
        assert distance_of(near, "Leeds hearing voices group")[0] == "less than a mile away"
        miles = distance_of(far, "Leeds hearing voices group")[0]
        assert miles.startswith("about ") and int(miles.split()[1]) > 30, miles
        assert distance_of(anywhere, "Leeds hearing voices group") is None
        assert distance_of(near, "Online peer group") is None
