"""Disclosure control: perturbed counts, released periods, a minimum for every table, no two
tables differing by a few people, and flags only where the figures are published."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring import disclosure
from monitoring.disclosure import Scope, breakdown, parse_period, perturbed, shown
from monitoring.disclosure.figures import share
from monitoring.models import MonitoringRecord
from tests.monitoring.factories import add_records, published

# A quarter in the past and a day on which its figures are out, so that nothing here depends
# on the real date.
QUARTER = "2025-Q2"
RELEASED = date(2025, 7, 29)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=10**6))
def test_every_published_count_is_hidden_or_near_and_a_multiple_of_five(count, keys):
    value = perturbed(count, keys)
    if count <= 5:
        assert value is None  # small counts, and true zeros, never show
    if count >= 10:
        assert value is not None
    if value is not None:
        assert value % 5 == 0 and value >= 10 and abs(value - count) <= 4.5
    assert shown(value) == ("*" if value is None else str(value))


def test_the_same_people_always_give_the_same_figure():
    assert {perturbed(37, 5000) for _ in range(20)} == {perturbed(37, 5000)}


def test_shares_come_from_published_counts_and_hide_with_them():
    assert share(15, 55) == "27%"
    assert share(None, 55) == "*"
    assert share(15, None) == "*"  # a hidden total hides every share of it


@pytest.mark.parametrize(
    "text", ["2026-01-01..2026-03-31", "2026-01-01", "last 30 days", "2026-Q5", "Q4", "", "1999"]
)
def test_only_quarters_and_years_are_accepted(text):
    with pytest.raises(disclosure.DisclosureError):
        parse_period(text)


def test_quarters_and_years_cover_the_right_months():
    quarter = parse_period("2026-q4")
    assert (quarter.label, quarter.start.isoformat(), quarter.end.isoformat()) == (
        "2026-Q4", "2026-10-01", "2027-01-01",
    )  # fmt: skip
    year = parse_period("2026")
    assert year.quarters == ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")


def test_figures_are_released_four_weeks_after_a_period_ends():
    quarter, year = parse_period("2026-Q3"), parse_period("2026")
    assert quarter.release_date == date(2026, 10, 29)
    assert not quarter.is_released(date(2026, 10, 28)) and quarter.is_released(date(2026, 10, 29))
    assert year.release_date == date(2027, 1, 29)
    assert disclosure.latest_released(date(2026, 10, 28)).label == "2026-Q2"
    assert disclosure.latest_released(date(2026, 10, 29)).label == "2026-Q3"
    assert disclosure.open_quarters(date(2026, 10, 28)) == ["2026-Q4", "2026-Q3"]
    assert disclosure.open_quarters(date(2026, 10, 29)) == ["2026-Q4"]


@pytest.mark.django_db
def test_nothing_shows_before_the_release_date_and_the_page_says_when(make_organisation):
    organisation = make_organisation()
    add_records(30, organisation=organisation, quarter=QUARTER, ethnic_group="white")
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    early = breakdown(scope, "ethnic_group", today=date(2025, 7, 28))

    assert not early.available and not early.released and early.rows == []
    assert "published on 29 July 2025" in early.reason
    assert breakdown(scope, "ethnic_group", today=RELEASED).available


@pytest.mark.django_db
def test_released_figures_never_change(make_organisation):
    organisation = make_organisation()
    add_records(30, organisation=organisation, quarter=QUARTER, ethnic_group="white")
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)
    first = breakdown(scope, "ethnic_group", today=RELEASED)
    assert first.respondents == shown(published(MonitoringRecord.objects.all()))

    MonitoringRecord.objects.filter(pk__in=MonitoringRecord.objects.values("pk")[:12]).delete()
    add_records(3, organisation=organisation, quarter=QUARTER, ethnic_group="black")
    later = breakdown(scope, "ethnic_group", today=date(2025, 12, 1))

    assert later == first


@pytest.mark.django_db
def test_fewer_than_ten_people_gives_not_available(make_organisation):
    organisation = make_organisation()
    add_records(9, organisation=organisation, quarter="2025-Q1", ethnic_group="white")
    add_records(10, organisation=organisation, quarter=QUARTER, ethnic_group="white")

    def result(quarter):
        scope = Scope(period=parse_period(quarter), organisation_id=organisation.pk)
        return breakdown(scope, "ethnic_group", today=RELEASED)

    nine = result("2025-Q1")
    assert not nine.available and nine.rows == [] and nine.released
    assert "at least 10 people" in nine.reason
    assert result(QUARTER).available


@pytest.mark.django_db
def test_a_table_a_few_people_from_another_is_not_published(make_organisation, make_opportunity):
    organisation = make_organisation()
    big = make_opportunity(organisation, title="Big role")
    small = make_opportunity(organisation, title="Small role")
    add_records(20, opportunity=big, quarter=QUARTER, ethnic_group="white")
    add_records(3, opportunity=small, quarter=QUARTER, ethnic_group="asian")
    period = parse_period(QUARTER)

    whole = breakdown(Scope(period=period, organisation_id=organisation.pk), "ethnic_group",
                      today=RELEASED)  # fmt: skip
    nearly_whole = breakdown(Scope(period=period, organisation_id=organisation.pk,
                                   opportunity_id=big.pk), "ethnic_group", today=RELEASED)  # fmt: skip

    # The big role is its organisation less 3 people: showing both would show those 3.
    assert whole.available and not nearly_whole.available


@pytest.mark.django_db
@pytest.mark.parametrize("selected,shown_", [(25, False), (20, True), (9, False)])
def test_the_involved_column_needs_ten_involved_and_ten_not(make_organisation, selected, shown_):
    organisation = make_organisation()
    add_records(30, organisation=organisation, quarter=QUARTER, involved=selected,
                ethnic_group="white")  # fmt: skip
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    result = breakdown(scope, "ethnic_group", today=RELEASED)

    assert result.available and result.involved_available is shown_
    if not shown_:
        assert "at least 10 people are involved" in result.involved_reason
        assert {row.involved for row in result.rows} == {"\u2013"}


def test_staff_see_one_organisation_level_or_region_at_a_time():
    scope = Scope(period=parse_period(QUARTER), level="strategic", region="london")
    with pytest.raises(disclosure.DisclosureError, match="one organisation, level or region"):
        scope.key  # noqa: B018


@pytest.mark.django_db
def test_under_representation_is_flagged_only_where_counts_are_shown(make_organisation):
    organisation = make_organisation()
    # 63 involved: 30 white (about half, against 81.7% in the baseline), 30 mixed, 3 asian
    # (hidden); 20 other people not involved, so the involved column is published.
    add_records(30, organisation=organisation, quarter=QUARTER, involved=30, ethnic_group="white")
    add_records(30, organisation=organisation, quarter=QUARTER, involved=30, ethnic_group="mixed")
    add_records(3, organisation=organisation, quarter=QUARTER, involved=3, ethnic_group="asian")
    add_records(20, organisation=organisation, quarter=QUARTER, ethnic_group="other")
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    result = breakdown(scope, "ethnic_group", today=RELEASED)
    rows = {row.label: row for row in result.rows}

    assert result.involved_available
    assert rows["White"].involved == "30" and rows["White"].under_represented
    assert rows["White"].baseline_share == "81.7%"
    assert not rows["Mixed or Multiple ethnic groups"].under_represented
    asian = rows["Asian or Asian British"]
    assert asian.involved == "*" and not asian.under_represented  # hidden, so never flagged
    black = rows["Black, Black British, Caribbean or African"]
    assert black.involved == "*" and not black.under_represented  # a true zero hides too
    assert rows["Other ethnic group"].applicants == "20"


@pytest.mark.django_db
def test_nothing_is_flagged_where_the_involved_column_is_not_published(make_organisation):
    organisation = make_organisation()
    add_records(30, organisation=organisation, quarter=QUARTER, involved=25, ethnic_group="mixed")
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    result = breakdown(scope, "ethnic_group", today=RELEASED)

    assert result.available and not result.involved_available
    assert not any(row.under_represented for row in result.rows)


@pytest.mark.django_db
def test_categories_collapse_as_the_design_says(make_organisation):
    organisation = make_organisation()
    add_records(10, organisation=organisation, quarter=QUARTER, sexual_orientation="bisexual")
    add_records(10, organisation=organisation, quarter=QUARTER, sexual_orientation="gay_lesbian")
    add_records(10, organisation=organisation, quarter=QUARTER, disability_condition="yes",
                disability_impact="a_little")  # fmt: skip
    add_records(10, organisation=organisation, quarter=QUARTER, disability_condition="yes",
                disability_impact="not_at_all")  # fmt: skip
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    def applicants(name):
        return {r.label: r.applicants for r in breakdown(scope, name, today=RELEASED).rows}

    # 10 and 20 always show as themselves: the noise is at most 2 before rounding to 5.
    assert applicants("sexual_orientation") == {"Heterosexual or straight": "*", "LGB+": "20",
                                                "Prefer not to say": "20"}  # fmt: skip
    assert applicants("disability") == {"Disabled": "10", "Not disabled": "10",
                                        "Prefer not to say": "20"}  # fmt: skip


@pytest.mark.django_db
def test_a_due_release_is_handed_to_the_task_worker_and_the_page_says_so(
    make_organisation, settings
):
    from monitoring.models import PresenceRelease
    from monitoring.tasks import release_presence_figures

    organisation = make_organisation()
    add_records(30, organisation=organisation, quarter=QUARTER, ethnic_group="white")
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    waiting = breakdown(scope, "ethnic_group", today=RELEASED)

    assert not waiting.available and "being worked out" in waiting.reason
    assert not PresenceRelease.objects.exists()  # the page did not work it out itself
    release_presence_figures.call(period=QUARTER)  # what the worker does with the queued task
    assert breakdown(scope, "ethnic_group", today=RELEASED).available


@pytest.mark.django_db
def test_the_response_rate_counts_people_who_answered_in_the_period_in_its_base(
    make_organisation, make_opportunity
):
    """Interest shown at the end of March and answered in April belongs to April's quarter
    too, so a rate is never "20 of 10 (200%)"."""
    from datetime import datetime

    from opportunities.models import ExpressionOfInterest
    from tests.members.factories import UserFactory

    organisation = make_organisation()
    role = make_opportunity(organisation, paid=False)
    add_records(24, opportunity=role, quarter=QUARTER)
    march = timezone_aware(datetime(2025, 3, 30, 12))
    for record in MonitoringRecord.objects.all():
        ExpressionOfInterest.objects.create(member=UserFactory(), opportunity=role, message="Hi",
                                            created_at=march, monitoring_token=record.token)  # fmt: skip
    scope = Scope(period=parse_period(QUARTER), organisation_id=organisation.pk)

    breakdown(scope, "ethnic_group", today=RELEASED)
    rate = disclosure.response_rate(scope, today=RELEASED)

    assert rate["expressions"] != "0" and 75 <= int(rate["rate"].rstrip("%")) <= 100


def timezone_aware(moment):
    from django.utils import timezone

    return timezone.make_aware(moment)
