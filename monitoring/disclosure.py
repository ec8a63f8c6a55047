"""Disclosure control: the only way any figure about equality answers leaves the database.

S1: 0 shows as 0; 1 to 7 as "*"; any other count rounded to the nearest 5. Percentages come from
    rounded counts and are hidden where their count is hidden.
S2: no breakdown until at least 10 people answered (for any scope: an opportunity, an
    organisation, a level, a region or the whole network).
S3: fixed reporting periods only (quarters and years); organisations see one characteristic at a
    time; cross-tabulations are for NSUN staff, still under S1; free text never appears.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, Q

from monitoring.models import MonitoringRecord, PopulationBaseline, Stage
from monitoring.questions import CHARACTERISTICS, PREFER_NOT, PREFER_NOT_LABEL
from opportunities.models import OrganisationPage

HIDDEN = "*"
LARGEST_HIDDEN = 7
MIN_RESPONDENTS = 10
UNDER_REPRESENTED_BELOW = 0.8  # of the baseline share
NOT_AVAILABLE = "not available"


class DisclosureError(ValueError):
    """A report that disclosure control does not allow; the message says why."""


# S1


def rounded(count):
    """The count as S1 lets it be used in sums: None when hidden."""
    if count == 0:
        return 0
    if count <= LARGEST_HIDDEN:
        return None
    return 5 * round(count / 5)


def shown_count(count):
    value = rounded(count)
    return HIDDEN if value is None else str(value)


def shown_percentage(count, total):
    """Share from rounded counts, e.g. "45%"; "*" when either count is hidden."""
    part, whole = rounded(count), rounded(total)
    if part is None or not whole:
        return HIDDEN
    return f"{round(100 * part / whole)}%"


# S3: periods


@dataclass(frozen=True)
class Period:
    label: str
    quarters: tuple

    @property
    def start(self):
        year, quarter = self.quarters[0].split("-Q")
        return date(int(year), 3 * int(quarter) - 2, 1)

    @property
    def end(self):
        year, quarter = self.quarters[-1].split("-Q")
        month = 3 * int(quarter) + 1
        return date(int(year) + (month > 12), (month - 1) % 12 + 1, 1)


def parse_period(text):
    """A quarter ("2026-Q4") or a year ("2026"); anything else, free date ranges included, fails."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"20\d\d-Q[1-4]", text):
        return Period(text, (text,))
    if re.fullmatch(r"20\d\d", text):
        return Period(text, tuple(f"{text}-Q{q}" for q in range(1, 5)))
    raise DisclosureError(
        "Choose a quarter such as 2026-Q4 or a year such as 2026. Other date ranges are not "
        "allowed, so that small groups of people cannot be picked out."
    )


def quarter_of(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def recent_periods(today, quarters=8):
    """Choices for report forms: the last few quarters and years, newest first."""
    labels, year, quarter = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        labels.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    years = sorted({label[:4] for label in labels}, reverse=True)
    return [*labels, *years]


# Scope and tables


@dataclass
class Scope:
    """Which records a report counts. Organisations always come with their own id set."""

    period: Period
    organisation_id: int | None = None
    opportunity_id: int | None = None
    level: str = ""
    region: str = ""

    @cached_property
    def organisation_path(self):
        """The organisation's page path, to find its opportunities (read once per report)."""
        return OrganisationPage.objects.values_list("path", flat=True).get(pk=self.organisation_id)

    def records(self):
        records = MonitoringRecord.objects.filter(quarter__in=self.period.quarters)
        if self.organisation_id:
            records = records.filter(organisation_id=self.organisation_id)
        if self.opportunity_id:
            records = records.filter(opportunity_id=self.opportunity_id)
        if self.level:
            records = records.filter(level=self.level)
        if self.region:
            records = records.filter(region=self.region)
        return records


@dataclass
class Row:
    label: str
    applicants: str
    involved: str
    applicants_share: str
    involved_share: str
    baseline_share: str = ""
    under_represented: bool = False
    involved_percent: float | None = None  # for the bar chart, only when shown
    applicants_percent: float | None = None


@dataclass
class Breakdown:
    characteristic: object
    available: bool
    respondents: str
    rows: list = field(default_factory=list)
    baseline: object = None
    reason: str = ""


def _counts_by_category(records, characteristic):
    """{category: (applicants, involved)} counted in the database, grouped by answer columns."""
    columns = _columns_for(characteristic)
    grouped = records.values(*columns).annotate(
        applicants=Count("id"), involved=Count("id", filter=Q(stage=Stage.INVOLVED))
    )
    counts = {}
    for group in grouped:
        category = characteristic.category_of(group) or PREFER_NOT
        applicants, involved = counts.get(category, (0, 0))
        counts[category] = (applicants + group["applicants"], involved + group["involved"])
    return counts


def _percent(count, total):
    part, whole = rounded(count), rounded(total)
    if part is None or not whole:
        return None
    return 100 * part / whole


def baseline_for(characteristic, *, region="", chosen=None):
    if chosen is not None and chosen.characteristic == characteristic.name:
        return chosen
    baselines = PopulationBaseline.objects.filter(characteristic=characteristic.name)
    if region:
        regional = baselines.filter(region=region).first()
        if regional is not None:
            return regional
    return baselines.filter(is_default=True).first()


def breakdown(scope, characteristic_name, *, baseline=None):
    """One characteristic for the scope: applicants, people involved and the baseline, under S1
    and S2, with under-representation flagged only where counts are shown."""
    characteristic = CHARACTERISTICS.get(characteristic_name)
    if characteristic is None:
        raise DisclosureError("There is no such characteristic.")
    records = scope.records()
    respondents = records.count()
    if respondents < MIN_RESPONDENTS:
        return Breakdown(
            characteristic,
            available=False,
            respondents=shown_count(respondents),
            reason=f"Figures appear once at least {MIN_RESPONDENTS} people have answered.",
        )
    counts = _counts_by_category(records, characteristic)
    involved_total = sum(involved for _, involved in counts.values())
    baseline = baseline_for(characteristic, region=scope.region, chosen=baseline)
    rows = []
    for value, label in [*characteristic.categories, (PREFER_NOT, PREFER_NOT_LABEL)]:
        applicants, involved = counts.get(value, (0, 0))
        row = Row(
            label=label,
            applicants=shown_count(applicants),
            involved=shown_count(involved),
            applicants_share=shown_percentage(applicants, respondents),
            involved_share=shown_percentage(involved, involved_total),
            applicants_percent=_percent(applicants, respondents),
            involved_percent=_percent(involved, involved_total),
        )
        share = (baseline.shares or {}).get(value) if baseline and value != PREFER_NOT else None
        if share is not None:
            row.baseline_share = f"{share:g}%"
            if row.involved_percent is not None:
                row.under_represented = row.involved_percent < UNDER_REPRESENTED_BELOW * float(
                    share
                )
        rows.append(row)
    return Breakdown(
        characteristic,
        available=True,
        respondents=shown_count(respondents),
        rows=rows,
        baseline=baseline,
    )


def cross_tabulation(scope, first_name, second_name):
    """Staff only: counts of applicants for every pair of categories, each cell under S1."""
    first, second = CHARACTERISTICS.get(first_name), CHARACTERISTICS.get(second_name)
    if first is None or second is None or first is second:
        raise DisclosureError("Choose two different characteristics.")
    records = scope.records()
    respondents = records.count()
    if respondents < MIN_RESPONDENTS:
        return None
    columns = sorted(set(_columns_for(first) + _columns_for(second)))
    cells = {}
    for group in records.values(*columns).annotate(count=Count("id")):
        key = (first.category_of(group) or PREFER_NOT, second.category_of(group) or PREFER_NOT)
        cells[key] = cells.get(key, 0) + group["count"]
    first_categories = [*first.categories, (PREFER_NOT, PREFER_NOT_LABEL)]
    second_categories = [*second.categories, (PREFER_NOT, PREFER_NOT_LABEL)]
    return {
        "first": first,
        "second": second,
        "headings": [label for _, label in second_categories],
        "rows": [
            (label, [shown_count(cells.get((value, other), 0)) for other, _ in second_categories])
            for value, label in first_categories
        ],
    }


def _columns_for(characteristic):
    return {
        "gender_identity": ["gender_same_as_birth"],
        "disability": ["disability_condition", "disability_impact"],
    }.get(characteristic.name, [characteristic.name])


def response_rate(scope, expressions):
    """Respondents out of expressions of interest in the same scope, both under S1."""
    respondents = scope.records().count()
    total = expressions.count()
    return {
        "respondents": shown_count(respondents),
        "expressions": shown_count(total),
        "rate": shown_percentage(respondents, total),
    }


@dataclass
class OverviewRow:
    label: str
    respondents: str
    involved: str
    expressions: str
    rate: str


def overview_row(label, respondents, involved, expressions):
    """One line of the staff overview (by level, region or organisation), under S1."""
    return OverviewRow(
        label=label,
        respondents=shown_count(respondents),
        involved=shown_count(involved),
        expressions=shown_count(expressions),
        rate=shown_percentage(respondents, expressions),
    )
