"""Presence reports: who may see which, what they show, the CSV and the command."""

import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from core.csv_export import safe_cell
from tests.members.factories import StaffFactory, UserFactory
from tests.monitoring.factories import add_records

pytestmark = pytest.mark.django_db
PERIOD = "2026-Q4"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def two_organisations(make_organisation, make_opportunity):
    x_member, y_member = UserFactory(), UserFactory()
    x = make_organisation("Xavier Trust", members=[x_member])
    y = make_organisation("Yellowbrook Mind", members=[y_member])
    x_role = make_opportunity(x, title="X role", level="strategic", region="london")
    y_role = make_opportunity(y, title="Y role")
    add_records(40, opportunity=x_role, involved=20, ethnic_group="white", age_band="25_34")
    add_records(12, opportunity=x_role, involved=2, ethnic_group="black", age_band="75_plus")
    add_records(3, opportunity=y_role, ethnic_group="asian")
    return {"x": x, "y": y, "x_member": x_member, "y_member": y_member, "x_role": x_role}


def report_url(organisation, **params):
    query = "&".join(f"{k}={v}" for k, v in {"period": PERIOD, **params}.items())
    return f"/portal/organisations/{organisation.pk}/presence/?{query}"


def test_an_organisation_sees_its_own_totals_one_characteristic_at_a_time(
    client, two_organisations
):
    client.force_login(two_organisations["x_member"])
    page = text(client.get(report_url(two_organisations["x"], characteristic="ethnic_group")))

    assert '<th scope="row">White</th> <td>40 <span class="muted">(80%)</span>' in page
    rows = {row.label: row for row in client.get(report_url(two_organisations["x"])).context[
        "result"].rows}  # fmt: skip
    black = rows["Black, Black British, Caribbean or African"]
    assert (black.applicants, black.involved, black.under_represented) == ("10", "*", False)
    assert rows["Asian or Asian British"].under_represented  # 0 involved against 9.3%
    assert "Under-represented" in page
    assert "25 to 34" not in page  # another characteristic is not shown at the same time
    assert "Cross-tabulate" not in page


def test_organisations_see_nothing_until_ten_people_answered(client, two_organisations):
    client.force_login(two_organisations["y_member"])
    response = client.get(report_url(two_organisations["y"]))

    assert response.status_code == 200
    page = text(response)
    assert "not available" in page and "at least 10 people" in page
    assert "Asian or Asian British" not in page


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
    response = client.get(
        f"/cms/reports/presence/?period={PERIOD}&characteristic=ethnic_group&cross_with=age_band"
    )
    page = text(response)
    assert "Ethnic group by Age" in page
    assert response.context["rate"]["respondents"] == "55"  # 40 + 12 + 3, network-wide
    cross = dict(response.context["cross"]["rows"])
    assert (
        cross["White"][1] == "40" and cross["Black, Black British, Caribbean or African"][6] == "10"
    )
    by_region = text(client.get(f"/cms/reports/presence/?period={PERIOD}&region=london"
                                "&characteristic=ethnic_group"))  # fmt: skip
    assert "White" in by_region and "not available" not in by_region
    strategic = text(client.get(f"/cms/reports/presence/?period={PERIOD}&level=operational"
                                "&characteristic=ethnic_group"))  # fmt: skip
    assert "not available" in strategic  # only Y's 3 answers are operational


def test_free_date_ranges_are_refused(client, two_organisations):
    client.force_login(two_organisations["x_member"])
    response = client.get(
        f"/portal/organisations/{two_organisations['x'].pk}/presence/?period=2026-10-01..2026-10-07"
    )
    assert response.status_code == 400
    assert "Select a valid choice" in text(response)
    client.force_login(StaffFactory())
    assert client.get("/cms/reports/presence/?period=last-week").status_code == 400


def test_the_csv_holds_the_same_suppressed_totals(client, two_organisations):
    client.force_login(two_organisations["x_member"])
    response = client.get(report_url(two_organisations["x"], export="csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_label = {row[0]: row for row in rows if row}
    assert by_label["White"][1:4] == ["40", "80%", "20"]  # 40 of 52 answers, rounded: 40 of 50
    assert by_label["Black, Black British, Caribbean or African"][3] == "*"


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
    call_command("presence_report", "--organisation", two_organisations["x"].slug,
                 "--period", PERIOD, "--characteristic", "ethnic_group", "--format", "json")  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    (ethnicity,) = report["characteristics"]
    rows = {row["category"]: row for row in ethnicity["rows"]}
    assert rows["White"]["applicants"] == "40" and rows["White"]["involved"] == "20"
    assert report["scope"] == "Xavier Trust"

    call_command("presence_report", "--period", "2026", "--format", "csv")
    output = capsys.readouterr().out
    assert "Age,75 or over,10" in output  # 12 rounds to 10
    with pytest.raises(CommandError, match="Choose a quarter"):
        call_command("presence_report", "--period", "2026-10-01")
    with pytest.raises(CommandError, match="no organisation"):
        call_command("presence_report", "--period", PERIOD, "--organisation", "nope")


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

    page = client.get(f"/cms/reports/presence/?period={PERIOD}&region=london")
    assert page.context["result"].baseline.name == "London, Census 2021"
    assert "53.8%" in text(page)


def test_the_staff_overview_shows_each_level_region_and_organisation_under_s1(
    client, two_organisations
):
    client.force_login(StaffFactory())
    response = client.get(f"/cms/reports/presence/?period={PERIOD}")

    overview = response.context["overview"]
    by_organisation = {row.label: row for row in overview["By organisation"]}
    assert by_organisation["Xavier Trust"].respondents == "50"  # 52, rounded
    assert by_organisation["Xavier Trust"].involved == "20"  # 22, rounded
    assert by_organisation["Yellowbrook Mind"].respondents == "*"  # 3 hidden
    by_level = {row.label: row.respondents for row in overview["By level"]}
    assert by_level["Strategy: commissioning, policy and service development"] == "50"
    assert "Xavier Trust" in text(response) and "By region" in text(response)
