"""manage.py involvement_report: days to pay against the promise, acknowledgement in 5 working
days, outcomes reported; bad periods and organisations are one-line errors."""

import json
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from involvement import services
from involvement.reports import percentile_90

pytestmark = pytest.mark.django_db


def report(*args):
    out = StringIO()
    call_command("involvement_report", *args, stdout=out)
    return out.getvalue()


def test_percentile_90():
    assert percentile_90([]) is None
    assert percentile_90([4]) == 4
    assert percentile_90(list(range(1, 11))) == 9.1


def test_days_to_pay_per_organisation(
    make_involvement, member, org_admin, organisation, other_org_admin
):
    involvement = make_involvement(member)
    today = timezone.localdate()
    # Three sessions paid after 5, 10 and 30 days against a 10-day promise.
    for taken in (5, 10, 30):
        session = services.session_record(
            involvement=involvement,
            date=today - timedelta(days=40),
            quantity=1,
            mode="online",
            user=org_admin,
        )
        services.fee_payment_record(
            involvement=involvement,
            sessions=[session],
            paid_on=session.date + timedelta(days=taken),
            method="cheque",
            user=org_admin,
        )
    period = f"{today.year}"
    rows = json.loads(report("--period", period, "--organisation", organisation.slug))[
        "organisations"
    ]
    assert len(rows) == 1
    row = rows[0]
    assert row["payments"] == 3
    assert row["median_days_to_pay"] == 10
    assert row["p90_days_to_pay"] == 26.0
    assert row["median_days_promised"] == 10
    assert row["share_paid_on_time"] == round(2 / 3, 3)
    # The selection counted as acknowledging the expression of interest in time.
    assert row["expressions_of_interest"] == 1
    assert row["share_acknowledged_in_5_working_days"] == 1.0

    everyone = json.loads(report("--period", period))["organisations"]
    assert {r["organisation"] for r in everyone} == {
        "Northfield Recovery College",
        "Elsewhere Trust",
    }
    csv_text = report("--period", period, "--format", "csv")
    assert csv_text.splitlines()[0].startswith("organisation,slug,payments,median_days_to_pay")


def test_late_acknowledgement_and_missing_outcomes_count_against(
    make_opportunity, organisation, member
):
    from opportunities.models import ExpressionOfInterest

    monday = datetime(2026, 3, 2, 10, tzinfo=timezone.get_current_timezone())
    opportunity = make_opportunity(organisation, "Finished role", end_date=date(2026, 3, 20))
    ExpressionOfInterest.objects.create(
        member=member,
        opportunity=opportunity,
        created_at=monday,
        acknowledged_at=monday + timedelta(days=10),  # 8 working days
    )
    row = json.loads(report("--period", "2026-Q1", "--organisation", organisation.slug))[
        "organisations"
    ][0]
    assert row["share_acknowledged_in_5_working_days"] == 0.0
    assert row["opportunities_finished"] == 1
    assert row["share_with_outcomes_reported"] == 0.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "last month"], "quarter like 2026-Q4"),
        (["--period", "2026-Q5"], "quarter like 2026-Q4"),
        (["--period", "2026-Q4", "--organisation", "nobody"], "no organisation with the slug"),
    ],
)
def test_bad_periods_and_organisations_are_one_line_errors(args, message, home_page):
    with pytest.raises(CommandError, match=message) as error:
        report(*args)
    assert "\n" not in str(error.value)


def test_staff_see_late_payers_in_the_cms_and_others_cannot(
    client, make_involvement, member, org_admin
):
    from tests.members.factories import UserFactory

    involvement = make_involvement(member)
    services.session_record(
        involvement=involvement,
        date=timezone.localdate() - timedelta(days=60),
        quantity=1,
        mode="online",
        user=org_admin,
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/cms/reports/late-payers/").content.decode()
    assert "Northfield Recovery College" in page and "£20.00" in page
    client.force_login(org_admin)
    assert client.get("/cms/reports/late-payers/").status_code in (302, 403)
