"""Every front-end page, as each role reaches it: axe (WCAG 2.2 AA), no sideways scrolling at 320 px
wide or at 200% zoom, wide tables in a focusable labelled region, and error summaries that take
focus after a form is sent empty.

The list of pages is checked against the URL conf and the page models, so a new page is swept or
is listed in OUT_OF_SWEEP with the reason. The CMS (Wagtail's own admin) is out of scope.
"""

from dataclasses import dataclass
from datetime import time
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.models import Page, get_page_models

from core.demo import build_taxonomies
from groups.models import DirectoryIndexPage, GroupPage, PeerSupportPage
from groups.services import group_create_draft
from home.demo import guides
from home.models import HomePage, ResourceIndexPage, ResourcePage, StandardPage
from members.models import MemberProfile
from monitoring.models import MonitoringRecord
from opportunities.models import (
    OpportunityIndexPage,
    OpportunityPage,
    OrganisationIndexPage,
    OrganisationPage,
)
from opportunities.services import interest_express
from tests.browser.conftest import axe_violations, describe_violations
from tests.groups.conftest import add
from tests.members.factories import UserFactory
from tests.monitoring.factories import add_records

ANONYMOUS, MEMBER, ORGANISER, STAFF = "anonymous", "member", "organisation admin", "NSUN staff"

# A 1280 by 900 window, a small phone, and 200% zoom of the 1280 window (640 by 450 CSS px).
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
ZOOMED = {"width": 640, "height": 450}


@dataclass(frozen=True)
class Visit:
    """One page as one role sees it.

    `target` is a URL name (reversed with `args`, names of objects the sweep builds) or a page
    model (its first live page). `empty_submit` names the button pressed with the form left empty:
    the error summary must then take focus.
    """

    role: str
    target: object
    args: tuple = ()
    query: str = ""
    empty_submit: str = ""
    path: str = ""


SWEEP = [
    # Pages anyone can see, and the pages of every type, as a visitor who is not signed in.
    Visit(ANONYMOUS, HomePage),
    Visit(ANONYMOUS, StandardPage),
    Visit(ANONYMOUS, ResourceIndexPage),
    Visit(ANONYMOUS, ResourceIndexPage, query="?resource_type=not-a-type"),
    Visit(ANONYMOUS, ResourcePage),
    Visit(ANONYMOUS, OpportunityIndexPage),
    Visit(ANONYMOUS, OpportunityIndexPage, query="?sort=nearest"),
    Visit(ANONYMOUS, OpportunityIndexPage, query="?page=999"),
    Visit(ANONYMOUS, OpportunityPage),
    Visit(ANONYMOUS, OrganisationIndexPage),
    Visit(ANONYMOUS, OrganisationPage),
    Visit(ANONYMOUS, "groups", query="?postcode=LS1"),
    Visit(ANONYMOUS, "groups", query="?postcode=not a postcode"),
    Visit(ANONYMOUS, "peer_support"),
    Visit(ANONYMOUS, GroupPage),
    Visit(ANONYMOUS, PeerSupportPage),
    Visit(ANONYMOUS, "help_now"),
    Visit(ANONYMOUS, "site_search"),
    Visit(ANONYMOUS, "site_search", query="?q=payment"),
    Visit(ANONYMOUS, "site_search", query="?q=payment&type=not-a-type"),
    Visit(ANONYMOUS, "alerts_unsubscribe", args=("bad_token",)),
    Visit(ANONYMOUS, "listing_still_right", args=("bad_token",)),
    Visit(ANONYMOUS, "page_not_found", path="/no-such-page/"),
    Visit(ANONYMOUS, "account_login"),
    Visit(ANONYMOUS, "account_login", empty_submit="Sign in"),
    Visit(ANONYMOUS, "account_signup"),
    Visit(ANONYMOUS, "account_signup", empty_submit="Sign up"),
    Visit(ANONYMOUS, "account_reset_password"),
    Visit(ANONYMOUS, "account_reset_password", empty_submit="Reset my password"),
    Visit(ANONYMOUS, "account_reset_password_done"),
    Visit(ANONYMOUS, "account_reset_password_from_key", args=("bad_uid", "bad_token")),
    Visit(ANONYMOUS, "account_reset_password_from_key_done"),
    Visit(ANONYMOUS, "account_confirm_email", args=("bad_token",)),
    Visit(ANONYMOUS, "account_email_verification_sent"),
    Visit(ANONYMOUS, "account_inactive"),
    # A member: their own pages, and the public pages with the signed-in header.
    Visit(MEMBER, HomePage),
    Visit(MEMBER, OpportunityPage),
    Visit(MEMBER, "interest_express", args=("opportunity",)),
    Visit(
        MEMBER,
        "interest_express",
        args=("opportunity",),
        empty_submit="Send my expression of interest",
    ),
    Visit(MEMBER, "portal:invitation", args=("bad_token",)),
    Visit(MEMBER, "interest_mine"),
    Visit(MEMBER, "about_you", args=("expression",)),
    Visit(MEMBER, "matches"),
    Visit(MEMBER, "profile_edit"),
    Visit(MEMBER, "alerts_manage"),
    Visit(MEMBER, "your_data"),
    Visit(MEMBER, "delete_account"),
    Visit(MEMBER, "group_new"),
    Visit(MEMBER, "group_new", empty_submit="Save and continue"),
    Visit(MEMBER, "your_listings"),
    Visit(MEMBER, "listing_edit", args=("group", "where_step")),
    Visit(MEMBER, "listing_check", args=("group",)),
    Visit(MEMBER, "session_new", args=("group",)),
    Visit(MEMBER, "session_new", args=("group",), empty_submit="Save and continue"),
    Visit(MEMBER, "account_email"),
    Visit(MEMBER, "account_change_password"),
    Visit(MEMBER, "account_change_password", empty_submit="Change password"),
    Visit(MEMBER, "account_set_password"),
    Visit(MEMBER, "account_reauthenticate"),
    Visit(MEMBER, "account_logout"),
    Visit(MEMBER, "mfa_index"),
    Visit(MEMBER, "cms_refused", path="/cms/"),
    Visit(MEMBER, "involvement:mine"),
    Visit(MEMBER, "involvement:detail", args=("involvement",)),
    Visit(MEMBER, "involvement:claim_new", args=("involvement",)),
    Visit(MEMBER, "involvement:claim_new", args=("involvement",), empty_submit="Send claim"),
    Visit(MEMBER, "involvement:claim_answer", args=("claim",)),
    Visit(MEMBER, "involvement:benefits"),
    Visit(MEMBER, "involvement:letters", args=("involvement",)),
    Visit(MEMBER, "involvement:feedback", args=("involvement",)),
    # An organisation's administrator: the portal.
    Visit(ORGANISER, "portal:home"),
    Visit(ANONYMOUS, "portal:invitation", args=("bad_token",)),
    Visit(ORGANISER, "portal:organisation_register"),
    Visit(ORGANISER, "portal:organisation_register", empty_submit="Register and send to NSUN"),
    Visit(ORGANISER, "portal:organisation", args=("organisation",)),
    Visit(ORGANISER, "portal:opportunity_new", args=("organisation",)),
    Visit(
        ORGANISER,
        "portal:opportunity_new",
        args=("organisation",),
        empty_submit="Save and continue",
    ),
    Visit(ORGANISER, "portal:opportunity_edit", args=("opportunity", "money_step")),
    Visit(ORGANISER, "portal:opportunity_check", args=("opportunity",)),
    Visit(ORGANISER, "portal:opportunity_preview", args=("opportunity",)),
    Visit(ORGANISER, "portal:opportunity_interest", args=("opportunity",)),
    Visit(ORGANISER, "portal:opportunity_outcomes", args=("opportunity",)),
    Visit(ORGANISER, "organisation_presence", args=("organisation",)),
    Visit(ORGANISER, "involvement_portal:opportunity", args=("applied",)),
    Visit(ORGANISER, "involvement_portal:detail", args=("involvement",)),
    Visit(
        ORGANISER, "involvement_portal:detail", args=("involvement",), empty_submit="Record session"
    ),
    Visit(ORGANISER, "involvement_portal:claim", args=("claim",)),
    Visit(ORGANISER, "involvement_portal:payments", args=("organisation",)),
    Visit(ORGANISER, "involvement_portal:feedback", args=("organisation",)),
    Visit(ORGANISER, "organisation_presence", args=("organisation",), query="?period=not-a-period"),
    # NSUN staff on the front end: Wagtail's user bar is on every page they see.
    Visit(STAFF, HomePage),
    Visit(STAFF, OpportunityPage),
    Visit(STAFF, GroupPage),
    Visit(STAFF, ResourcePage),
    Visit(STAFF, "mfa_activate_totp"),
]

# URL names with no page of their own to sweep, and why.
OUT_OF_SWEEP = {
    "wagtail_serve": "serves the page models, each swept above",
    "sitemap": "XML for search engines",
    "robots_txt": "plain text for search engines",
    "opportunities_feed": "an Atom feed",
    "opportunities_json_feed": "a JSON feed",
    "openreferral_root": "the open-data API (JSON)",
    "openreferral_openapi": "the open-data API's description (JSON)",
    "peer_support_calendar": "an iCalendar download",
    "your_data_download": "a JSON download",
    "opportunity_by_id": "redirects to the opportunity page, swept",
    "wagtaildocs_serve": "document downloads",
    "wagtaildocs_authenticate_with_password": "Wagtail's own form for private documents; none exist",
    "wagtailcore_authenticate_with_password": "Wagtail's own form for private pages; none exist",
    "wagtailcore_login": "Wagtail's login, sent to allauth's sign-in page (swept)",
    "interest_withdraw": "answers a POST from the button on 'Your applications' (swept)",
    "withdraw_monitoring": "answers a POST from the button on 'Your data' (swept)",
    "saved_search_create": "answers a POST from the form on the opportunities page (swept)",
    "portal:organisation_invite": "answers a POST from the organisation's portal page (swept)",
    "portal:membership_remove": "answers a POST from the organisation's portal page (swept)",
    "portal:organisation_leave": "answers a POST from the organisation's portal page (swept)",
    "portal:invitation_revoke": "answers a POST from the organisation's portal page (swept)",
    "portal:interest_update": "answers a POST from the interest page (swept)",
    "portal:interest_tell_everyone_else": "answers a POST from the interest page (swept)",
    "portal:opportunity_close": "answers a POST from the organisation's portal page (swept)",
    "involvement:end": "answers a POST from the involvement page (swept)",
    "involvement:receipt": "a file download, checked in tests/involvement",
    "involvement:letter": "a PDF download, checked in tests/involvement (tagged, titled, English)",
    "involvement_portal:session_new": "answers a POST from the portal's involvement page (swept)",
    "involvement_portal:fee_paid": "answers a POST from the portal's involvement page (swept)",
    "involvement_portal:terms": "answers a POST from the portal's involvement page (swept)",
    "involvement_portal:end": "answers a POST from the portal's involvement page (swept)",
    "involvement_portal:claim_decide": "answers a POST from the portal's claim page (swept)",
    "involvement_portal:claim_paid": "answers a POST from the portal's claim page (swept)",
    "account_confirm_login_code": "only reached in the middle of signing in by emailed code",
    "mfa_authenticate": "only reached in the middle of signing in with two-factor authentication",
    "mfa_reauthenticate": "needs two-factor authentication set up, which needs a real app",
    "mfa_deactivate_totp": "needs two-factor authentication set up, which needs a real app",
    "mfa_view_recovery_codes": "needs two-factor authentication set up, which needs a real app",
    "mfa_generate_recovery_codes": "needs two-factor authentication set up, which needs a real app",
    "mfa_download_recovery_codes": "a text download, after two-factor authentication is set up",
}
# Names used in the sweep for pages that have no URL name of their own.
PSEUDO_NAMES = {"page_not_found", "cms_refused", "groups", "peer_support"}


def named_url_patterns(patterns=None, namespace=""):
    """Every named front-end URL pattern, with its namespace; the CMS is left out."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("cms/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def project_page_models():
    return {model for model in get_page_models() if model is not Page}


def test_every_page_and_page_type_is_swept_or_left_out_with_a_reason():
    swept_names = {visit.target for visit in SWEEP if isinstance(visit.target, str)}
    swept_types = {visit.target for visit in SWEEP if isinstance(visit.target, type)}
    missing = named_url_patterns() - swept_names - set(OUT_OF_SWEEP)
    assert not missing, f"Add these pages to SWEEP (or to OUT_OF_SWEEP, saying why): {missing}"
    # The directory index pages are swept by kind ("groups", "peer_support").
    missing_types = project_page_models() - swept_types - {DirectoryIndexPage}
    assert not missing_types, f"Add a page of each of these types to SWEEP: {missing_types}"
    stale = (swept_names | set(OUT_OF_SWEEP)) - named_url_patterns() - PSEUDO_NAMES
    assert not stale, f"These names are no longer in the URL conf: {stale}"
    assert {visit.role for visit in SWEEP} == {ANONYMOUS, MEMBER, ORGANISER, STAFF}


def build_pages(home):
    """One or more pages of every type, with every kind of content block the guides use."""
    for title, slug, summary, body in guides():
        guide = StandardPage(
            title=title,
            slug=slug,
            listing_summary=summary,
            introduction=f"<p>{summary}</p>",
            body=body,
        )
        home.add_child(instance=guide)
        guide.save_revision().publish()
    library = ResourceIndexPage(title="Guides and resources", slug="resources")
    home.add_child(instance=library)
    library.save_revision().publish()
    for title, kind in [
        ("Payment and your benefits", "guide"),
        ("Writing a role description", "template"),
    ]:
        resource = ResourcePage(
            title=title,
            summary=f"{title}, in plain words.",
            resource_type=kind,
            publisher="National Survivor User Network",
            year=2025,
            external_url="https://www.example.org/resource",
            for_lived_experience=True,
        )
        library.add_child(instance=resource)
        resource.save_revision().publish()

    groups = DirectoryIndexPage(title="User-led groups", slug="groups", kind="groups")
    peer = DirectoryIndexPage(title="Peer support", slug="peer-support", kind="peer_support")
    for directory in (groups, peer):
        home.add_child(instance=directory)
        directory.save_revision().publish()
    # Long names and a long email address, as real listings have.
    add(
        groups,
        GroupPage,
        "Riverside Voices",
        postcode="LS7",
        in_person=True,
        led_by_lived_experience=True,
        contact_email="hello@riverside-voices-hearing-group.example.org",
    )
    add(
        groups,
        GroupPage,
        "Black Minds Matter Collective of West Yorkshire",
        postcode="BD1",
        in_person=True,
        online=True,
    )
    add(groups, GroupPage, "Online Carers' Circle", online=True, in_person=False, region="national")
    add(
        peer,
        PeerSupportPage,
        "Tuesday evening circle",
        support_type="group",
        day_of_week=1,
        start_time=time(18, 30),
        end_time=time(20, 0),
        frequency="weekly",
        online=True,
        in_person=False,
        how_to_join="Email us for the link.",
    )
    add(peer, PeerSupportPage, "First Saturday walk", support_type="group", day_of_week=5,
        start_time=time(11, 0), frequency="monthly", week_of_month=1, postcode="LS1",
        venue="Roundhay Park gates")  # fmt: skip


@pytest.fixture
def site(home_page, settings, make_organisation, make_opportunity, opportunity_index):
    """A little of everything: pages of every type, and people in every role with things to see."""
    settings.POSTCODE_LOOKUP = "core.geography.BundledLookup"  # places without the network
    settings.STAFF_MFA_REQUIRED = False  # staff see the front end as they would after setting it up
    build_taxonomies(SimpleNamespace(home=home_page, seed=4, report=[]))
    build_pages(home_page)

    member = UserFactory(email="member@example.org")
    MemberProfile.objects.create(user=member, online_ok=True)
    organiser = UserFactory(email="organiser@example.org")
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    organisation = make_organisation(members=[organiser])
    applied = make_opportunity(organisation, "Peer reviewer for a crisis care study")
    # A pending invitation with a long address, so the people section shows its table.
    from opportunities.models import OrganisationMembership
    from opportunities.services import invitation_create

    OrganisationMembership.objects.filter(user=organiser, organisation=organisation).update(
        role=OrganisationMembership.Role.ADMIN
    )

    invitation_create(
        organisation=organisation,
        email="someone.with.a.rather.long.address@an-organisation.example.org",
        invited_by=organiser,
    )
    opportunity = make_opportunity(organisation, payment_choice=True, benefits_letter=True)
    expression = interest_express(
        member=member, opportunity=applied, message="Hello", payment_preference="not_sure"
    )
    involvement, claim = involvement_with_records(expression, organiser, member)
    add_records(30, opportunity=applied, involved=10, ethnic_group="white", age_band="25_34")
    add_records(12, opportunity=applied, involved=3, ethnic_group="black", age_band="55_64")
    assert MonitoringRecord.objects.exists()
    group = group_create_draft(
        user=member,
        fields={"description": "A hearing voices group.", "title": "Sweep Hearing Voices"},
    )
    return {
        "users": {MEMBER: member, ORGANISER: organiser, STAFF: staff},
        "objects": {
            "organisation": organisation.pk,
            "opportunity": opportunity.pk,
            "expression": expression.pk,
            "applied": applied.pk,
            "involvement": involvement.pk,
            "claim": claim.pk,
            "group": group.pk,
            "where_step": "where",
            "money_step": "money",
            "bad_token": "not-a-real-token",
            "bad_uid": "0",
        },
    }


def involvement_with_records(expression, organiser, member):
    """Select the member: a session recorded, a claim the organisation asked about."""
    from django.utils import timezone

    from involvement import services as involvement_services
    from opportunities.services import interest_set_status

    interest_set_status(expression=expression, status="selected", user=organiser)
    involvement = expression.involvement
    involvement_services.session_record(
        involvement=involvement,
        date=timezone.localdate(),
        quantity=2,
        mode="online",
        user=organiser,
    )
    claim = involvement_services.claim_submit(
        involvement=involvement,
        kind="travel",
        amount_pence=1250,
        spent_on=timezone.localdate(),
        description="Return bus fare",
        receipts=[],
        member=member,
    )
    involvement_services.claim_decide(
        claim=claim, decision="query", reason="Which day was this?", user=organiser
    )
    # The questionnaire a member gets when an involvement ends, to sweep its page.
    from involvement.models import FeedbackRequest

    FeedbackRequest.objects.create(involvement=involvement)
    return involvement, claim


def path_of(visit, site):
    if visit.path:
        return visit.path
    target = visit.target
    if target in ("groups", "peer_support"):
        page = DirectoryIndexPage.objects.live().get(kind=target)
    elif isinstance(target, type):
        page = target.objects.live().order_by("path").first()
    else:
        page = None
    if page is not None:
        return page.url + visit.query
    args = [site["objects"][name] for name in visit.args]
    return reverse(target, args=args) + visit.query


def signed_in_cookies(user, live_server):
    """Signed in as the user without the sign-in form (staff would be asked for a second factor)."""
    client = Client()
    client.force_login(user)
    name = django_settings.SESSION_COOKIE_NAME
    return [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]


SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
# Tables wider than their container must sit in a region a keyboard can scroll, named by the caption.
TABLES_THAT_DO_NOT_FIT = """() => [...document.querySelectorAll("main table")].filter((table) => {
  const box = table.parentElement;
  if (table.getBoundingClientRect().width <= box.clientWidth + 1) return false;
  const region = table.closest('[role="region"][tabindex="0"]');
  const label = region && document.getElementById(region.getAttribute("aria-labelledby") || "");
  return !(label && table.contains(label) && label.tagName === "CAPTION");
}).map((table) => table.querySelector("caption")?.textContent.trim() || "a table")"""


# A name on an element with no role is ignored by screen readers (a div with aria-labelledby).
NAMED_WITHOUT_A_ROLE = """() => [...document.querySelectorAll("[aria-label], [aria-labelledby]")]
  .filter((el) => ["DIV", "SPAN", "P", "B", "I", "STRONG", "EM"].includes(el.tagName) && !el.hasAttribute("role"))
  .map((el) => el.outerHTML.slice(0, 80))"""


def load(page, visit, path, wait_until="load"):
    """Open the page (and send its form empty); False if there was no such button to press."""
    page.goto(path, wait_until=wait_until)
    if visit.empty_submit:
        button = page.locator("main").get_by_role("button", name=visit.empty_submit).first
        if not button.count():
            return False
        button.click()
        page.wait_for_load_state()
    return True


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_and_fits_phones_and_zoom_for_every_role(browser, live_server, site):
    problems = []
    for role in (ANONYMOUS, MEMBER, ORGANISER, STAFF):
        visits = [visit for visit in SWEEP if visit.role == role]
        contexts = {}
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE), ("zoomed", ZOOMED)):
            context = browser.new_context(
                base_url=live_server.url, viewport=viewport, bypass_csp=True
            )
            if role != ANONYMOUS:
                context.add_cookies(signed_in_cookies(site["users"][role], live_server))
            context.set_default_timeout(15_000)
            contexts[name] = context.new_page()
        for visit in visits:
            path = path_of(visit, site)
            where = f"{role} at {path}" + (" sent empty" if visit.empty_submit else "")
            if isinstance(visit.target, str) and visit.target not in PSEUDO_NAMES:
                resolved = resolve(path.split("?")[0]).view_name
                assert resolved == visit.target, f"{path} is {resolved}, not {visit.target}"

            page = contexts["desktop"]
            if not load(page, visit, path):
                problems.append(f"{where}: no {visit.empty_submit!r} button")
                continue
            if visit.empty_submit:
                if not page.locator(".error-summary").count():
                    problems.append(f"{where}: no error summary")
                elif not page.evaluate("document.activeElement.matches('[data-error-summary]')"):
                    problems.append(f"{where}: the error summary did not take focus")
            named = page.evaluate(NAMED_WITHOUT_A_ROLE)
            if named:
                problems.append(f"{where}: named elements without a role: {named}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}: axe found\n  {describe_violations(violations)}")

            for size in ("phone", "zoomed"):
                page = contexts[size]
                # The stylesheet has loaded by then: the script at the end of the body waits for it.
                load(page, visit, path, wait_until="domcontentloaded")
                if page.evaluate(SCROLLS_SIDEWAYS):
                    problems.append(f"{where}: scrolls sideways ({size})")
                unlabelled = page.evaluate(TABLES_THAT_DO_NOT_FIT)
                if unlabelled:
                    problems.append(
                        f"{where}: tables too wide, not in a labelled region: {unlabelled}"
                    )
        for page in contexts.values():
            page.context.close()
    assert not problems, "\n".join(problems)
