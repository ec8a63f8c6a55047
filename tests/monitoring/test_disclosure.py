"""Disclosure control: S1 rounding and hiding, S2 minimum respondents, S3 fixed periods."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring import disclosure
from monitoring.disclosure import Scope, breakdown, parse_period, shown_count, shown_percentage
from tests.monitoring.factories import add_records


@pytest.mark.parametrize(
    "count,shown", [(0, "0"), (1, "*"), (2, "*"), (7, "*"), (8, "10"), (16, "15"), (57, "55")]
)
def test_counts_are_hidden_or_rounded(count, shown):
    assert shown_count(count) == shown


def test_percentages_come_from_rounded_counts_and_hide_with_them():
    assert shown_percentage(16, 57) == "27%"  # 15 of 55, not 16 of 57 (28%)
    assert shown_percentage(3, 57) == "*"
    assert shown_percentage(0, 57) == "0%"
    assert shown_percentage(12, 5) == "*"  # a hidden total hides every share of it


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=12))
def test_every_shown_figure_in_any_table_is_safe(counts):
    total = sum(counts)
    for count in counts:
        shown = shown_count(count)
        assert shown in ("0", "*") or (shown.isdigit() and int(shown) % 5 == 0)
        share = shown_percentage(count, total)
        if shown == "*":
            assert share == "*"
        else:
            assert share == "*" or re.fullmatch(r"\d+%", share)
        if shown == "*":
            assert 1 <= count <= 7
        else:
            assert abs(int(shown) - count) <= 2  # rounding to the nearest 5


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


@pytest.mark.django_db
def test_fewer_than_ten_people_gives_not_available(make_organisation):
    organisation = make_organisation()
    add_records(9, organisation=organisation, ethnic_group="white")
    scope = Scope(period=parse_period("2026-Q4"), organisation_id=organisation.pk)

    result = breakdown(scope, "ethnic_group")
    assert not result.available and result.rows == []
    assert "at least 10 people" in result.reason

    add_records(1, organisation=organisation, ethnic_group="asian")
    assert breakdown(scope, "ethnic_group").available


@pytest.mark.django_db
def test_under_representation_is_flagged_only_where_counts_are_shown(make_organisation):
    organisation = make_organisation()
    # 60 involved: 55 white, 5 asian (hidden), 0 black (shown as 0, below 4.0% of baseline).
    add_records(55, organisation=organisation, involved=55, ethnic_group="white")
    add_records(5, organisation=organisation, involved=5, ethnic_group="asian")
    add_records(20, organisation=organisation, involved=0, ethnic_group="mixed")
    scope = Scope(period=parse_period("2026"), organisation_id=organisation.pk)

    rows = {row.label: row for row in breakdown(scope, "ethnic_group").rows}

    assert rows["White"].involved == "55" and not rows["White"].under_represented
    assert rows["Asian or Asian British"].involved == "*"
    assert not rows["Asian or Asian British"].under_represented  # hidden, so never flagged
    assert rows["Black, Black British, Caribbean or African"].involved == "0"
    assert rows["Black, Black British, Caribbean or African"].under_represented
    assert rows["Mixed or Multiple ethnic groups"].applicants == "20"
    assert rows["Mixed or Multiple ethnic groups"].under_represented
    assert rows["White"].baseline_share == "81.7%"


@pytest.mark.django_db
def test_categories_collapse_as_the_design_says(make_organisation):
    organisation = make_organisation()
    add_records(10, organisation=organisation, sexual_orientation="bisexual")
    add_records(10, organisation=organisation, sexual_orientation="gay_lesbian")
    add_records(10, organisation=organisation, disability_condition="yes",
                disability_impact="a_little")  # fmt: skip
    add_records(10, organisation=organisation, disability_condition="yes",
                disability_impact="not_at_all")  # fmt: skip
    scope = Scope(period=parse_period("2026-Q4"), organisation_id=organisation.pk)

    orientation = {r.label: r.applicants for r in breakdown(scope, "sexual_orientation").rows}
    assert orientation == {"Heterosexual or straight": "0", "LGB+": "20",
                           "Prefer not to say": "20"}  # fmt: skip
    disability = {r.label: r.applicants for r in breakdown(scope, "disability").rows}
    assert disability == {"Disabled": "10", "Not disabled": "10", "Prefer not to say": "20"}
