"""Disclosure control: the only way any figure about equality answers leaves the database.

Figures are published per period (quarters and years, never free ranges), once the period is
over, and then never change (release.py). Within a release, a table is published only if it
counts at least 10 people and cannot be differenced with any other published table, or with
the other parts of a whole, to isolate fewer than 10 (release.py). Every published count is
perturbed with the ONS/ABS cell-key method and rounded to 5 (perturbation.py). Reports read
only released figures (figures.py). The reasons are in docs/decisions/0005.
"""

from core.periods import (
    DisclosureError,
    Period,
    latest_released,
    open_quarters,
    parse_period,
    quarter_of,
    recent_periods,
)
from core.perturbation import THRESHOLD, perturbed
from monitoring.disclosure.figures import (
    EXPLANATION,
    HIDDEN,
    NOT_AVAILABLE,
    Breakdown,
    OverviewRow,
    Row,
    Scope,
    activities_below_two,
    baseline_for,
    breakdown,
    cross_tabulation,
    response_rate,
    rounded,
    shown,
    staff_overview,
)
from monitoring.disclosure.release import release_due, release_for

__all__ = [
    "EXPLANATION",
    "HIDDEN",
    "NOT_AVAILABLE",
    "THRESHOLD",
    "Breakdown",
    "DisclosureError",
    "OverviewRow",
    "Period",
    "Row",
    "Scope",
    "activities_below_two",
    "baseline_for",
    "breakdown",
    "cross_tabulation",
    "latest_released",
    "open_quarters",
    "parse_period",
    "perturbed",
    "quarter_of",
    "recent_periods",
    "release_due",
    "release_for",
    "response_rate",
    "rounded",
    "shown",
    "staff_overview",
]
