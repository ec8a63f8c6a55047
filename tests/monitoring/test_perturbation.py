"""The cell-key method (monitoring/disclosure/perturbation.py) and the rules on which tables a
release publishes (monitoring/disclosure/release.py), as decision 0005 states them."""

import contextlib
import io
import random
import secrets
from collections import Counter, defaultdict
from datetime import date

import pandas
import pytest
from cell_key_perturbation.create_perturbed_table import create_perturbed_table
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring.disclosure.periods import parse_period
from monitoring.disclosure.perturbation import (
    NOISE_BY_CELL_KEY,
    RECORD_KEY_RANGE,
    THRESHOLD,
    noise,
    perturbed,
    ptable_rows,
)
from monitoring.disclosure.release import release_for
from monitoring.models import MonitoringRecord, PresenceFigures, Stage

# A count is the number of records in a cell; a key sum any sum of record keys (0 to 255 each).
COUNTS = st.integers(min_value=0, max_value=3000)
KEY_SUMS = st.integers(min_value=0, max_value=3000 * (RECORD_KEY_RANGE - 1))


@pytest.fixture(scope="module")
def ptable():
    """Our ptable in the ONS package's format, built once: it has 750 x 256 rows."""
    return pandas.DataFrame(ptable_rows(), columns=["pcv", "ckey", "pvalue"])


# Cells of microdata: (area, category) -> how many records, and a seed for their record keys.
# Counts near the threshold and above 750, where the ptable's rows 501 to 750 are used again.
CELL_COUNTS = st.one_of(st.integers(0, 25), st.integers(26, 750), st.integers(740, 1300))
MICRODATA = st.dictionaries(
    st.tuples(st.sampled_from(["north", "south"]), st.sampled_from(["a", "b", "c"])),
    st.tuples(CELL_COUNTS, st.integers(0, 2**32 - 1)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=12, deadline=None, derandomize=True, database=None)
@given(MICRODATA)
def test_the_same_figures_as_the_ons_package_for_the_same_microdata_and_ptable(ptable, cells):
    rows = []
    for (area, category), (count, seed) in sorted(cells.items()):
        keys = random.Random(seed)
        rows += [(area, category, keys.randrange(RECORD_KEY_RANGE)) for _ in range(count)]
    data = pandas.DataFrame(rows, columns=["area", "category", "record_key"])
    if data.empty:
        return
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints its checks
        table = create_perturbed_table(data, ptable, ["area"], ["category"], "record_key")

    groups = Counter(), Counter()
    for area, category, key in rows:
        groups[0][area, category] += 1
        groups[1][area, category] += key
    # Every area with every category, empty cells too.
    assert len(table) == len(data["area"].unique()) * len(data["category"].unique())
    for row in table.itertuples():
        count, keys = groups[0][row.area, row.category], groups[1][row.area, row.category]
        theirs = None if pandas.isna(row.count) else int(row.count)
        assert row.pre_sdc_count == count
        assert perturbed(int(count), int(keys)) == theirs, (row.area, row.category, count, keys)


@settings(max_examples=500, derandomize=True, database=None)
@given(COUNTS, KEY_SUMS)
def test_a_published_count_is_a_multiple_of_five_from_ten_close_to_the_true_one(count, keys):
    value = perturbed(count, keys)
    if count == 0:
        assert value is None  # zero is never published
        return
    assert value is None or (value % 5 == 0 and value >= THRESHOLD), value
    if value is not None:
        assert abs(value - count) <= 4.5, (count, value)
    if count >= THRESHOLD:
        assert value is not None  # 10 less 2 is 8, which still rounds to 10
    else:
        assert value in (None, THRESHOLD), value  # 1 to 9: hidden, or 10 if the noise lifts it


@settings(max_examples=200, derandomize=True, database=None)
@given(st.lists(st.integers(0, RECORD_KEY_RANGE - 1), min_size=1, max_size=200), st.randoms())
def test_the_same_records_always_give_the_same_value(keys, shuffle):
    shuffled = list(keys)
    shuffle.shuffle(shuffled)
    assert perturbed(len(keys), sum(keys)) == perturbed(len(shuffled), sum(shuffled))
    # The cell key is the sum modulo 256: another 256 in the sum changes nothing.
    assert perturbed(len(keys), sum(keys)) == perturbed(len(keys), sum(keys) + RECORD_KEY_RANGE)


def test_zero_is_never_published_whatever_the_keys():
    assert all(perturbed(0, keys) is None for keys in range(RECORD_KEY_RANGE))


def test_the_noise_over_cell_keys_is_10_20_40_20_10_percent():
    shares = Counter(noise(key) for key in range(RECORD_KEY_RANGE))
    stated = {-2: 10, -1: 20, 0: 40, 1: 20, 2: 10}
    assert sorted(shares) == sorted(stated)
    for value, percent in stated.items():
        # 256 keys cannot split exactly into tenths: 26, 51, 102, 51 and 26 keys.
        assert abs(100 * shares[value] / RECORD_KEY_RANGE - percent) < 0.5, (value, shares)
    assert NOISE_BY_CELL_KEY[-1][0] == RECORD_KEY_RANGE
    with pytest.raises(ValueError):
        noise(RECORD_KEY_RANGE)


def test_the_noise_shares_hold_for_cells_of_any_number_of_records():
    """A cell key is a sum of uniform record keys modulo 256, so it is uniform too: two records
    (every pair of keys) get the same noise shares as one."""
    pairs = Counter(
        noise((first + second) % RECORD_KEY_RANGE)
        for first in range(RECORD_KEY_RANGE)
        for second in range(RECORD_KEY_RANGE)
    )
    single = Counter(noise(key) for key in range(RECORD_KEY_RANGE))
    assert pairs == {value: RECORD_KEY_RANGE * n for value, n in single.items()}


# Which tables a release publishes.

PLACES = {
    "X1": ("X", "london", "operational"),
    "X2": ("X", "london", "strategic"),
    "X3": ("X", "north_west", "research"),
    "Y1": ("Y", "north_west", "operational"),
    "Y2": ("Y", "east", "strategic"),
}
QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
# Groups near the threshold and just past it, where differences of 1 to 9 are likeliest.
GROUP_SIZES = st.one_of(st.just(0), st.integers(1, 12), st.integers(8, 25))
# "X1-": records of X1 after the opportunity was deleted (the record keeps its organisation,
# region and level, not the opportunity).
GROUPS = st.tuples(
    st.sampled_from([*PLACES, "X1-", "Y1-"]),
    st.sampled_from(QUARTERS),
    st.sampled_from([Stage.APPLIED, Stage.INVOLVED]),
)
POPULATIONS = st.dictionaries(GROUPS, GROUP_SIZES, min_size=1, max_size=16)


@pytest.fixture
def places(make_organisation, make_opportunity):
    organisations = {"X": make_organisation("Xavier Trust"), "Y": make_organisation("Yew Mind")}
    opportunities = {
        key: make_opportunity(organisations[org], title=f"Role {key}", region=region, level=level)
        for key, (org, region, level) in PLACES.items()
    }
    return organisations, opportunities


@pytest.mark.django_db
def test_no_two_published_tables_of_a_release_differ_by_one_to_nine_people(places):
    organisations, opportunities = places

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(POPULATIONS)
    def check(population):
        # Each example is rolled back; the pages made once stay.
        with transaction.atomic():
            records = _make_records(population, organisations, opportunities)
            for label in [*QUARTERS, "2026"]:
                release_for(parse_period(label), today=date(2027, 6, 1))
            _check_release(records)
            transaction.set_rollback(True)

    check()


def _make_records(population, organisations, opportunities):
    """{record id: (quarter, scope keys, stage)} for records made in bulk."""
    made = []
    for (place, quarter, stage), count in sorted(population.items()):
        org, region, level = PLACES[place.rstrip("-")]
        organisation = organisations[org]
        opportunity = None if place.endswith("-") else opportunities[place]
        year, number = quarter.split("-Q")
        made += [
            MonitoringRecord(
                token=secrets.token_urlsafe(16),
                question_set_version="2026.1",
                opportunity=opportunity,
                organisation=organisation,
                level=level,
                region=region,
                quarter=quarter,
                stage=stage,
                recorded_month=date(int(year), 3 * int(number) - 2, 1),
                ethnic_group="white",
            )
            for _ in range(count)
        ]
    records = {}
    for record in MonitoringRecord.objects.bulk_create(made):
        scopes = ["network", f"organisation:{record.organisation_id}"]
        scopes += [f"opportunity:{record.opportunity_id}"] if record.opportunity_id else []
        scopes += [f"region:{record.region}"] if record.region else []
        scopes += [f"level:{record.level}"] if record.level else []
        records[record.pk] = (record.quarter, scopes, record.stage)
    return records


def _check_release(records):
    """Every published table of the year and its quarters, from the raw records: at least 10
    people; involved only with its applicants; no two differing by 1 to 9; the unpublished parts
    of a published whole none or at least 10."""
    published = {}  # (period, scope, column) -> record ids
    for figures in PresenceFigures.objects.select_related("release"):
        period, scope, shown = figures.release.period, figures.scope, figures.figures
        for column, flag in (("applicants", "available"), ("involved", "involved_available")):
            if shown[flag]:
                published[period, scope, column] = _members(records, period, scope, column)
        if shown["involved_available"]:
            assert shown["available"], (period, scope)
        if not shown["available"]:
            assert shown["respondents"] is None and shown["counts"] == {}, (period, scope)
        else:
            size = len(published[period, scope, "applicants"])
            assert shown["respondents"] is None or abs(shown["respondents"] - size) <= 4
    for table, members in published.items():
        assert len(members) >= THRESHOLD, (table, len(members))

    for (first, one), (second, two) in _pairs(published):
        difference = len(one ^ two)
        assert not 0 < difference < THRESHOLD, (first, second, difference)

    for parent, children in _wholes(records, published):
        rest = set(published[parent])
        for child in children:
            rest -= published.get(child, set())
        assert not 0 < len(rest) < THRESHOLD, (parent, sorted(children), len(rest))


def _members(records, period, scope, column):
    quarters = parse_period(period).quarters
    return {
        pk
        for pk, (quarter, scopes, stage) in records.items()
        if quarter in quarters
        and scope in scopes
        and (column == "applicants" or stage == Stage.INVOLVED)
    }


def _pairs(published):
    items = sorted(published.items())
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            yield first, second


def _wholes(records, published):
    """(parent table, its parts) for each published parent: the network by region, level and
    organisation; an organisation by opportunity; a year by quarter."""
    opportunities_of = defaultdict(set)
    kinds = defaultdict(set)
    for _, scopes, _ in records.values():
        for scope in scopes:
            kinds[scope.split(":")[0]].add(scope)
        organisation = next(s for s in scopes if s.startswith("organisation:"))
        opportunities_of[organisation] |= {s for s in scopes if s.startswith("opportunity:")}
    for period, scope, column in published:
        parts = []
        if scope == "network":
            for kind in ("region", "level", "organisation"):
                parts.append([(period, s, column) for s in kinds[kind]])
        if scope.startswith("organisation:"):
            parts.append([(period, s, column) for s in opportunities_of[scope]])
        if "-Q" not in period:
            parts.append([(quarter, scope, column) for quarter in parse_period(period).quarters])
        for children in parts:
            yield (period, scope, column), children
