"""Reporting periods (S3 of the disclosure control, decision 0005): quarters and years only, each
released once some weeks after it ends. Shared by every report that releases figures by period."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

# Most decisions on an expression of interest are made within four weeks; figures wait for them
# and are then fixed, as official statistics are published after their reference period.
RELEASE_AFTER = timedelta(days=28)


class DisclosureError(ValueError):
    """A report that disclosure control does not allow; the message says why."""


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
        """The day after the period (exclusive)."""
        year, quarter = self.quarters[-1].split("-Q")
        month = 3 * int(quarter) + 1
        return date(int(year) + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def is_year(self):
        return len(self.quarters) > 1

    @property
    def release_date(self):
        """The first day its figures can be seen: RELEASE_AFTER after it ends."""
        return self.end + RELEASE_AFTER

    def is_released(self, today):
        return today >= self.release_date


def parse_period(text):
    """A quarter ("2026-Q4") or a year ("2026"); anything else, free date ranges included,
    raises DisclosureError."""
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
    """The quarter label of a date, e.g. "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def recent_periods(today, quarters=8):
    """Choices for report forms: the last few quarters and years, newest first."""
    labels, year, quarter = [], today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        labels.append(f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    years = sorted({label[:4] for label in labels}, reverse=True)
    return [*labels, *years]


def latest_released(today):
    """The newest quarter whose figures are out on `today`."""
    for label in recent_periods(today, quarters=3):
        period = parse_period(label)
        if not period.is_year and period.is_released(today):
            return period
    raise AssertionError("A quarter ended at least four weeks before any day.")


def open_quarters(today):
    """Quarters not yet released on `today`: their records may still change stage."""
    return [
        label
        for label in recent_periods(today, quarters=2)
        if "-Q" in label and not parse_period(label).is_released(today)
    ]
