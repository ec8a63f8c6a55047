"""Benefits-aware totals: what a member was paid per week, month and UK tax year, beside the
earnings limits of common benefits that applied then. Reads only; for the member alone.

Fees count on the day the organisation paid them (FeePayment.paid_on). Expenses paid back are
not earnings and are shown apart. Limits are EarningsLimit rows: each applies from its date
until the next of its kind.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from involvement.models import (
    ClaimStatus,
    EarningsLimit,
    EarningsLimitKind,
    ExpenseClaim,
    FeePayment,
)

WEEKLY_KINDS = (EarningsLimitKind.ESA_PERMITTED_WORK, EarningsLimitKind.ESA_PERMITTED_WORK_LOWER)
MONTHLY_KINDS = (
    EarningsLimitKind.UC_WORK_ALLOWANCE_LOWER,
    EarningsLimitKind.UC_WORK_ALLOWANCE_HIGHER,
)
# Weeks and months shown: the last year, which is what an adviser or a benefits review asks for.
SHOWN_DAYS = 366


def tax_year_start(day):
    """The 6 April on or before `day`: UK tax years run from 6 April to 5 April (HMRC)."""
    start = date(day.year, 4, 6)
    return start if day >= start else date(day.year - 1, 4, 6)


def week_start(day):
    """The Monday of `day`'s week. ESA's permitted work limit is weekly (Employment and Support
    Allowance Regulations 2008, reg. 45); we count weeks from Monday."""
    return day - timedelta(days=day.weekday())


def month_start(day):
    return day.replace(day=1)


@dataclass
class LimitShown:
    kind: str
    label: str
    amount_pence: int
    applies_from: date
    checked: bool
    over: bool  # the fees paid in the period were more than this limit


@dataclass
class PeriodTotal:
    start: date
    end: date  # last day, inclusive
    fees_pence: int
    limits: list = field(default_factory=list)

    @property
    def over_any(self):
        return any(limit.over for limit in self.limits)


@dataclass
class BenefitsTotals:
    weeks: list  # PeriodTotal, newest first, only weeks with a fee paid
    months: list
    tax_years: list
    expenses_pence: int  # expenses paid back in the last SHOWN_DAYS (not earnings)
    limits_to_check: bool  # some limit shown has not been checked by staff yet


class Limits:
    """Every EarningsLimit, read once; `at(kind, day)` is the one that applied on that day."""

    def __init__(self):
        self.by_kind = defaultdict(list)  # kind -> [(applies_from, limit)] oldest first
        for limit in EarningsLimit.objects.order_by("applies_from"):
            self.by_kind[limit.kind].append((limit.applies_from, limit))

    def at(self, kind, day):
        rows = self.by_kind.get(kind, [])
        index = bisect.bisect_right([start for start, _ in rows], day) - 1
        return rows[index][1] if index >= 0 else None


def _shown(limits, kinds, day, fees_pence):
    shown = []
    for kind in kinds:
        limit = limits.at(kind, day)
        if limit is not None:
            shown.append(
                LimitShown(
                    kind=kind,
                    label=limit.get_kind_display(),
                    amount_pence=limit.amount_pence,
                    applies_from=limit.applies_from,
                    checked=limit.checked,
                    over=fees_pence > limit.amount_pence,
                )
            )
    return shown


def member_benefits_totals(member, *, today=None):
    """A BenefitsTotals for `member`: fees paid (pence) per week (Monday to Sunday) and calendar
    month over the last SHOWN_DAYS, and per tax year ever, each beside the limits that applied
    on its first day. Three queries, whatever the number of payments."""
    today = today or timezone.localdate()
    since = today - timedelta(days=SHOWN_DAYS)
    payments = FeePayment.objects.filter(involvement__member=member, paid_on__lte=today)
    by_day = dict(
        payments.values("paid_on")
        .annotate(total=Sum("amount_pence"))
        .values_list("paid_on", "total")
    )
    expenses = (
        ExpenseClaim.objects.filter(
            involvement__member=member,
            status=ClaimStatus.PAID,
            paid_on__gte=since,
            paid_on__lte=today,
        ).aggregate(total=Sum("amount_pence"))["total"]
        or 0
    )
    limits = Limits()
    weeks, months, years = defaultdict(int), defaultdict(int), defaultdict(int)
    for day, total in by_day.items():
        years[tax_year_start(day)] += total
        if day >= since:
            weeks[week_start(day)] += total
            months[month_start(day)] += total

    def month_end(start):
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)

    week_rows = [
        PeriodTotal(
            start, start + timedelta(days=6), fees, _shown(limits, WEEKLY_KINDS, start, fees)
        )
        for start, fees in sorted(weeks.items(), reverse=True)
    ]
    month_rows = [
        PeriodTotal(start, month_end(start), fees, _shown(limits, MONTHLY_KINDS, start, fees))
        for start, fees in sorted(months.items(), reverse=True)
    ]
    year_rows = [
        PeriodTotal(start, date(start.year + 1, 4, 5), fees)
        for start, fees in sorted(years.items(), reverse=True)
    ]
    return BenefitsTotals(
        weeks=week_rows,
        months=month_rows,
        tax_years=year_rows,
        expenses_pence=expenses,
        limits_to_check=any(
            not limit.checked for row in week_rows + month_rows for limit in row.limits
        ),
    )


def current_limits(*, today=None):
    """The limits in force today, in the order shown: [EarningsLimit]."""
    today = today or timezone.localdate()
    limits = Limits()
    found = (limits.at(kind, today) for kind in (*WEEKLY_KINDS, *MONTHLY_KINDS))
    return [limit for limit in found if limit is not None]
