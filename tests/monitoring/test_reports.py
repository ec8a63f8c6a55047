"""Presence reports: who may see which, what they show, the CSV and the command."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.csv_export import safe_cell
from monitoring.disclosure import quarter_of
from monitoring.models import MonitoringRecord
from tests.members.factories import StaffFactory, UserFactory
from tests.monitoring.factories import add_records, released_quarter, share_of, shown_for

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def two_organisations(make_organisation, make_opportunity):
    x_member, y_member = UserFactory(), UserFactory()
    x = make_organisation("Xavier Trust", members=[x_member])
    y = make_organisation("Yellowbrook Mind", members=[y_member])
    w = make_organisation("Wrenfield Collective")
    x_role = make_opportunity(x, title="X role", level="strategic", region="london")
    y_role = make_opportunity(y, title="Y role")
    w_role = make_opportunity(w, title="W role", level="community")
    add_records(40, opportunity=x_role, involved=20, ethnic_group="white", age_band="25_34")
    add_records(22, opportunity=x_role, involved=20, ethnic_group="black", age_band="75_plus")
    add_records(2, opportunity=x_role, ethnic_group="other", age_band="18_24")
    add_records(3, opportunity=y_role, ethnic_group="asian")
    # Y and W both too small to show, and together 11 people, so that the network, X's region
    # and X's level are never a few people away from X.
    add_records(8, opportunity=w_role, ethnic_group="mixed")
    return {"x": x, "y": y, "x_member": x_member, "y_member": y_member, "x_role": x_role}


def x_records(two_organisations, **filters):
    return MonitoringRecord.objects.filter(organisation_id=two_organisations["x"].pk, **filters)


def report_url(organisation, **params):
    query = "&".join(f"{k}={v}" for k, v in {"period": released_quarter(), **params}.items())
    return f"/portal/organisations/{organisation.pk}/presence/?{query}"


def test_an_organisation_sees_its_own_totals_one_characteristic_at_a_time(
    client, two_organisations
):
    client.force_login(two_organisations["x_member"])
    page = text(client.get(report_url(two_organisations["x"], characteristic="ethnic_group")))

    white = int(shown_for(x_records(two_organisations, ethnic_group="white")))
    everyone = int(shown_for(x_records(two_organisations)))
    assert abs(white - 40) <= 4.5 and white % 5 == 0  # 40 people: near 40, a multiple of 5
    assert (
        f'<th scope="row">White <strong class="tag tag--warning">Under-represented</strong></th> '
        f'<td>{white} <span class="muted">({share_of(white, everyone)})</span>'
    ) in page
    rows = {row.label: row for row in client.get(report_url(two_organisations["x"])).context[
        "result"].rows}  # fmt: skip
    black = rows["Black, Black British, Caribbean or African"]
    assert (black.applicants, black.involved, black.under_represented) == (
        shown_for(x_records(two_organisations, ethnic_group="black")), "20", False,
    )  # fmt: skip
    # Half of those involved are white, against 81.7% in the baseline.
    assert rows["White"].involved == "20" and rows["White"].under_represented
    asian = rows["Asian or Asian British"]
    assert asian.involved == "*" and not asian.under_represented  # none, so hidden, not flagged
    assert "25 to 34" not in page  # another characteristic is not shown at the same time
    assert "Cross-tabulate" not in page


def test_organisations_see_nothing_until_ten_people_answered(client, two_organisations):
    client.force_login(two_organisations["y_member"])
    response = client.get(report_url(two_organisations["y"]))

    assert response.status_code == 200
    page = text(response)
    assert "not available" in page and "at least 10 people" in page
    assert "Asian or Asian British" not in page


def test_a_period_shows_nothing_until_its_release_date(client, two_organisations):
    client.force_login(two_organisations["x_member"])
    add_records(30, opportunity=two_organisations["x_role"],
                quarter=quarter_of(timezone.localdate()), ethnic_group="white")  # fmt: skip

    page = text(client.get(report_url(two_organisations["x"],
                                      period=quarter_of(timezone.localdate()))))  # fmt: skip

    assert "not available" in page and "four weeks after it ends" in page
    assert "<table" not in page
    # The form opens on the newest period whose figures are out.
    default = client.get(f"/portal/organisations/{two_organisations['x'].pk}/presence/")
    assert default.context["period"].label == released_quarter()


@pytest.mark.parametrize("who", ["other_organisation", "member", "anonymous"])
def test_nobody_else_sees_an_organisations_report(client, two_organisations, who):
    if who == "other_organisation":
        client.force_login(two_organisations["y_member"])
    elif who == "member":
        client.force_login(UserFactory())
    response = client.get(report_url(two_organisations["x"]))
    csv_response = client.get(report_url(two_organisations["x"], export="csv"))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert csv_response.status_code == 302
    else:
        assert response.status_code == 404 and csv_response.status_code == 404


def test_members_and_organisations_cannot_open_the_staff_dashboard(client, two_organisations):
    for user in [UserFactory(), two_organisations["x_member"]]:
        client.force_login(user)
        response = client.get("/cms/reports/presence/")
        assert response.status_code in (302, 403)
        assert "Presence" not in text(response) or response.status_code == 302


def test_staff_see_every_organisation_and_cross_tabulations(client, two_organisations):
    client.force_login(StaffFactory())
    period = released_quarter()
    response = client.get(
        f"/cms/reports/presence/?period={period}&characteristic=ethnic_group&cross_with=age_band"
    )
    page = text(response)
    assert "Ethnic group by Age" in page
    everyone = MonitoringRecord.objects.all()
    assert response.context["rate"]["respondents"] == shown_for(everyone)  # network-wide
    cross = dict(response.context["cross"]["rows"])
    assert cross["White"][1] == shown_for(everyone.filter(ethnic_group="white", age_band="25_34"))
    assert cross["Black, Black British, Caribbean or African"][6] == shown_for(
        everyone.filter(ethnic_group="black", age_band="75_plus")
    )
    assert cross["Other ethnic group"][0] == "*"  # 2 people
    by_region = text(client.get(f"/cms/reports/presence/?period={period}&region=london"
                                "&characteristic=ethnic_group"))  # fmt: skip
    assert "White" in by_region and "not available" not in by_region
    operational = text(client.get(f"/cms/reports/presence/?period={period}&level=operational"
                                  "&characteristic=ethnic_group"))  # fmt: skip
    assert "not available" in operational  # only Y's 3 answers are operational


def test_staff_choose_one_organisation_level_or_region_at_a_time(client, two_organisations):
    client.force_login(StaffFactory())
    response = client.get(f"/cms/reports/presence/?period={released_quarter()}"
                          "&level=strategic&region=london")  # fmt: skip

    assert response.status_code == 400
    assert "Choose one of organisation, level or region at a time" in text(response)
    assert "result" not in response.context


def test_free_date_ranges_are_refused(client, two_organisations):
    client.force_login(two_organisations["x_member"])
    response = client.get(
        f"/portal/organisations/{two_organisations['x'].pk}/presence/?period=2026-10-01..2026-10-07"
    )
    assert response.status_code == 400
    assert "Choose period from the options given" in text(response)
    client.force_login(StaffFactory())
    assert client.get("/cms/reports/presence/?period=last-week").status_code == 400


def test_the_csv_holds_the_same_published_totals(client, two_organisations):
    client.force_login(two_organisations["x_member"])
    page = client.get(report_url(two_organisations["x"]))
    response = client.get(report_url(two_organisations["x"], export="csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_label = {row[0]: row for row in rows if row}
    on_screen = {row.label: row for row in page.context["result"].rows}
    white = on_screen["White"]
    assert by_label["White"][1:4] == [white.applicants, white.applicants_share, white.involved]
    assert by_label["White"][1] == shown_for(x_records(two_organisations, ethnic_group="white"))
    assert by_label["Other ethnic group"][1] == "*"  # 2 people
    assert by_label["Asian or Asian British"][3] == "*"
    assert by_label["People who answered"][1] == shown_for(x_records(two_organisations))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_could_be_formulas_are_neutralised(start):
    assert safe_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert safe_cell("Plain") == "Plain" and safe_cell(5) == "5"


def test_an_organisation_name_cannot_become_a_formula_in_the_csv(
    client, make_organisation, make_opportunity
):
    member = UserFactory()
    organisation = make_organisation('=HYPERLINK("http://evil.example","Click")', members=[member])
    add_records(10, opportunity=make_opportunity(organisation), ethnic_group="white")
    client.force_login(member)

    response = client.get(report_url(organisation, export="csv"))

    first_row = next(csv.reader(io.StringIO(response.content.decode())))
    assert first_row[1].startswith("'=HYPERLINK")


def test_the_presence_report_command_prints_what_staff_see(two_organisations, capsys):
    period = released_quarter()
    call_command("presence_report", "--organisation", two_organisations["x"].slug,
                 "--period", period, "--characteristic", "ethnic_group", "--format", "json")  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    (ethnicity,) = report["characteristics"]
    rows = {row["category"]: row for row in ethnicity["rows"]}
    white = x_records(two_organisations, ethnic_group="white")
    assert rows["White"]["applicants"] == shown_for(white)
    assert rows["White"]["involved"] == shown_for(white.filter(stage="involved"))
    assert report["scope"] == "Xavier Trust"

    call_command("presence_report", "--period", period, "--format", "csv")
    output = capsys.readouterr().out
    old = shown_for(MonitoringRecord.objects.filter(age_band="75_plus"))
    assert f"Age,75 or over,{old}," in output and old != "*"  # 22 people, near 20
    with pytest.raises(CommandError, match="Choose a quarter"):
        call_command("presence_report", "--period", "2026-10-01")
    with pytest.raises(CommandError, match="no organisation"):
        call_command("presence_report", "--period", period, "--organisation", "nope")
    with pytest.raises(CommandError, match="four weeks after it ends"):
        call_command("presence_report", "--period", quarter_of(timezone.localdate()))


def test_download_my_data_holds_everything_and_only_mine(client, make_organisation,
                                                         make_opportunity):  # fmt: skip
    from monitoring.models import SavedMonitoringAnswers
    from opportunities.services import interest_express

    member, other = UserFactory(display_name="Robin"), UserFactory(display_name="Other")
    opportunity = make_opportunity(make_organisation())
    interest_express(member=member, opportunity=opportunity, message="Mine",
                     payment_preference="not_sure")  # fmt: skip
    interest_express(member=other, opportunity=opportunity, message="Not mine",
                     payment_preference="not_sure")  # fmt: skip
    SavedMonitoringAnswers.objects.create(
        member=member, question_set_version="2026.1", answers={"religion": "sikh"}
    )
    client.force_login(member)

    response = client.get("/account/your-data/download/")

    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert [e["message"] for e in data["expressions_of_interest"]] == ["Mine"]
    assert data["monitoring_answers_kept_for_next_time"]["answers"] == {"religion": "sikh"}
    assert (
        "Not mine" not in response.content.decode() and other.email not in response.content.decode()
    )


def test_staff_add_a_regional_baseline_that_reports_for_that_region_use(client, two_organisations):
    from monitoring.models import PopulationBaseline

    client.force_login(StaffFactory())
    form = {"name": "London, Census 2021", "characteristic": "ethnic_group", "region": "london",
            "population": "", "source": "ONS", "is_default": ""}  # fmt: skip
    bad = client.post("/cms/population_baselines/new/", {**form, "shares": '{"white": 50}'})
    assert bad.status_code == 200 and "add up to 50%" in text(bad)
    unknown = client.post("/cms/population_baselines/new/", {**form, "shares": '{"purple": 100}'})
    assert "Not categories of Ethnic group: purple" in text(unknown)
    shares = '{"white": 53.8, "asian": 20.7, "black": 13.5, "mixed": 5.7, "other": 6.3}'
    response = client.post("/cms/population_baselines/new/", {**form, "shares": shares})
    assert response.status_code == 302
    assert PopulationBaseline.objects.filter(region="london").exists()

    page = client.get(f"/cms/reports/presence/?period={released_quarter()}&region=london")
    assert page.context["result"].baseline.name == "London, Census 2021"
    assert "53.8%" in text(page)


def test_the_staff_overview_shows_each_level_region_and_organisation_published(
    client, two_organisations
):
    client.force_login(StaffFactory())
    response = client.get(f"/cms/reports/presence/?period={released_quarter()}")

    overview = response.context["overview"]
    by_organisation = {row.label: row for row in overview["By organisation"]}
    x = x_records(two_organisations)
    assert by_organisation["Xavier Trust"].respondents == shown_for(x)
    assert by_organisation["Xavier Trust"].involved == shown_for(x.filter(stage="involved"))
    assert by_organisation["Yellowbrook Mind"].respondents == "*"  # 3 people
    assert by_organisation["Wrenfield Collective"].respondents == "*"  # 8 people
    by_level = {row.label: row.respondents for row in overview["By level"]}
    assert by_level["Strategy: commissioning, policy and service development"] == shown_for(
        MonitoringRecord.objects.filter(level="strategic")
    )
    assert "Xavier Trust" in text(response) and "By region" in text(response)
