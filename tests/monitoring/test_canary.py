"""The canary: one member answers with values nobody else gives. Then, once the figures for their
quarter and year are released (so that reports really count them), every page, export, feed and
API response we can reach, for every role, must not contain them, nor put the member's name
beside any answer; and nothing logged during the journey holds an answer."""

import io
import logging

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import Page

from monitoring.disclosure import parse_period, quarter_of
from monitoring.models import MonitoringRecord, PresenceFigures
from monitoring.questions import CHARACTERISTICS
from opportunities.models import ExpressionOfInterest
from tests.members.factories import StaffFactory, UserFactory
from tests.monitoring.factories import add_records, on, shown_for

pytestmark = pytest.mark.django_db

FREE_TEXT = {
    "ethnicity_other": "Qvx-ethnicity-canary-4821",
    "sexual_orientation_other": "Qvx-orientation-canary-7713",
    "religion_other": "Qvx-religion-canary-9902",
}
ANSWERS = {
    "consent": "on",
    "ethnic_group": "white",
    "ethnicity": "white_other",
    "sex": "male",
    "gender_same_as_birth": "no",
    "sexual_orientation": "other",
    "disability_condition": "yes",
    "disability_impact": "a_lot",
    "religion": "other",
    "age_band": "75_plus",
    "carer": "20_plus",
    "involvement_role": "carer",
    **FREE_TEXT,
}
# Labels of the canary's own answers that nobody else in this test gives.
ANSWER_LABELS = ["Other sexual orientation", "Any other religion", "75 or over",
                 "Yes, 20 hours or more a week", "Any other White background"]  # fmt: skip
RAW_VALUES = ["white_other", "75_plus", "20_plus", *FREE_TEXT.values()]
SKIP_PREFIXES = ("cms/", "documents/", "accounts/logout", "alerts/unsubscribe")


def simple_site_paths():
    """Every URL of the site that takes no parameters (the CMS is listed separately)."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if any(mark in route for mark in "<^$()?\\[*"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and not route.startswith(SKIP_PREFIXES):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


@pytest.fixture
def journey(client, make_organisation, make_opportunity, caplog):
    caplog.set_level(logging.DEBUG)
    organiser = UserFactory(display_name="Olu Organiser")
    organisation = make_organisation("Canary Trust", members=[organiser])
    opportunity = make_opportunity(organisation, title="Canary role", paid=False)
    # Other people's answers in the canary's own quarter, so reports have figures to show.
    quarter = quarter_of(timezone.localdate())
    add_records(30, opportunity=opportunity, quarter=quarter, involved=12, ethnic_group="asian",
                ethnicity="asian_indian", sex="female", age_band="25_34", religion="hindu",
                sexual_orientation="heterosexual", carer="no", involvement_role="service_user",
                gender_same_as_birth="yes", disability_condition="no")  # fmt: skip
    canary = UserFactory(display_name="Zephyrine Canary")
    client.force_login(canary)
    client.post(f"/opportunity/{opportunity.pk}/express-interest/",
                {"message": "Hello, I would like to help", "payment_preference": "expenses_only"})  # fmt: skip
    expression = ExpressionOfInterest.objects.get(member=canary)
    response = client.post(f"/account/interest/{expression.pk}/about-you/", ANSWERS)
    assert response.status_code == 302
    assert MonitoringRecord.objects.filter(religion_other=FREE_TEXT["religion_other"]).exists()
    # The organisation selects them, so they count as involved too.
    client.force_login(organiser)
    client.post(f"/portal/interest/{expression.pk}/status/", {"status": "selected"})
    expression.refresh_from_db()
    assert MonitoringRecord.objects.get(token=expression.monitoring_token).stage == "involved"
    return {"organisation": organisation, "opportunity": opportunity, "canary": canary,
            "organiser": organiser, "expression": expression,
            "periods": [quarter, quarter[:4]]}  # fmt: skip


def report_urls(journey):
    organisation = journey["organisation"]
    urls = []
    for name in CHARACTERISTICS:
        for period in journey["periods"]:
            query = f"period={period}&characteristic={name}"
            urls.append(f"/portal/organisations/{organisation.pk}/presence/?{query}")
            urls.append(f"/portal/organisations/{organisation.pk}/presence/?{query}&export=csv")
    return urls


def staff_urls(journey):
    urls = ["/cms/", "/cms/reports/workflow/", "/cms/reports/site-history/",
            "/cms/reports/involvement/", "/cms/reports/involvement/?export=csv", "/cms/users/",
            f"/cms/users/edit/{journey['canary'].pk}/", "/cms/population_baselines/",
            "/cms/group_administrators/", "/cms/pages/", "/cms/snippets/",
            f"/cms/pages/{journey['opportunity'].pk}/", "/cms/reports/listings-to-check/"]  # fmt: skip
    dashboard = reverse("presence_dashboard")
    names = list(CHARACTERISTICS)
    for period in journey["periods"]:
        for first, second in zip(names, names[1:] + names[:1], strict=True):
            query = f"period={period}&characteristic={first}&cross_with={second}"
            urls += [f"{dashboard}?{query}", f"{dashboard}?{query}&export=csv"]
        for scope in [f"organisation={journey['organisation'].pk}", "level=operational"]:
            urls.append(f"{dashboard}?period={period}&{scope}&characteristic=age_band"
                        "&cross_with=carer")  # fmt: skip
    return urls


def assert_nothing_leaks(url, body, name, email):
    for value in FREE_TEXT.values():
        assert value not in body, f"{url} shows the canary's own words"
    if name in body or email in body:
        for label in ANSWER_LABELS:
            assert label not in body, f"{url} shows {label!r} on a page naming the member"


def test_no_page_export_feed_or_api_shows_an_individuals_answers(client, journey, caplog):
    canary, organiser = journey["canary"], journey["organiser"]
    public = [*simple_site_paths(), *(page.url for page in Page.objects.live().specific() if page.url),
              "/search/?q=Qvx", "/search/?q=Zephyrine", "/opportunities/feed/",
              "/api/openreferral/services", "/api/openreferral/organizations",
              "/api/openreferral/service_at_locations", "/api/openreferral/taxonomy_terms"]  # fmt: skip
    member_urls = [*public, "/account/interest/", "/account/your-data/",
                   "/account/your-data/download/", "/account/matches/"]  # fmt: skip
    organisation = journey["organisation"]
    organiser_urls = [*public, "/portal/", f"/portal/organisations/{organisation.pk}/",
                      f"/portal/opportunities/{journey['opportunity'].pk}/interest/",
                      *report_urls(journey)]  # fmt: skip
    roles = [
        (None, public),
        (canary, member_urls),
        (organiser, organiser_urls),
        (StaffFactory(), [*public, *staff_urls(journey)]),
    ]
    # The day the canary's year is released: their quarter is out by then too.
    year = parse_period(journey["periods"][1])
    fetched, ok, reports_with_figures, cross_tabulations = 0, 0, 0, 0
    with on(year.release_date):
        for user, urls in roles:
            client.logout()
            if user is not None:
                client.force_login(user)
            for url in urls:
                response = client.get(url)
                assert response.status_code < 500, url
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                text = body.decode("utf-8", "replace")
                assert_nothing_leaks(url, text, canary.display_name, canary.email)
                fetched += 1
                ok += response.status_code == 200
                reports_with_figures += "presence" in url and "75 or over" in text
                cross_tabulations += "(people who applied)" in text
        # The command prints only published totals too.
        out = io.StringIO()
        call_command("presence_report", "--period", year.label, "--format", "json", stdout=out)
    assert fetched > 150 and ok > 0.7 * fetched
    assert reports_with_figures >= 4  # the reports really showed the age table
    assert cross_tabulations >= 2 * len(CHARACTERISTICS)  # and staff the cross-tabulations
    assert_nothing_leaks("presence_report", out.getvalue(), canary.display_name, canary.email)

    # The figures reports showed did count the canary: 31 people answered (30 + 1) and 13 are
    # involved (12 + 1), in both the quarter and the year.
    everyone = MonitoringRecord.objects.all()
    assert everyone.count() == 31
    assert f'"respondents": "{shown_for(everyone)}"' in out.getvalue()
    for period in journey["periods"]:
        figures = PresenceFigures.objects.get(release__period=period, scope="network").figures
        assert figures["available"] and figures["involved_available"]
        assert shown_for(everyone) == str(figures["respondents"])
        assert shown_for(everyone.filter(stage="involved")) == str(figures["involved"])

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "the journey should have logged something"
    for value in RAW_VALUES:
        assert value not in logged
