"""The involvement report per organisation: paid on time, acknowledged in time, outcomes reported.

Used by `manage.py involvement_report` and the staff "late payers" report. One dict per
organisation; extra_organisation_figures is where more figures (feedback aggregates, under the
same disclosure control as Presence) join each organisation's dict.
"""

import re
from statistics import median, quantiles

from django.utils import timezone

from core.periods import Period
from involvement.selectors import payment_times
from opportunities.models import ExpressionOfInterest, OpportunityPage, OrganisationPage
from opportunities.services import REMINDER_AFTER_WORKING_DAYS, add_working_days


class ReportError(ValueError):
    """A report that cannot be made as asked; str() is a one-line plain message."""


def parse_period(text):
    """A quarter ("2026-Q4") or a year ("2026") as a monitoring Period; else ReportError."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"20\d\d-Q[1-4]", text):
        return Period(text, (text,))
    if re.fullmatch(r"20\d\d", text):
        return Period(text, tuple(f"{text}-Q{q}" for q in range(1, 5)))
    raise ReportError(
        f"Give the period as a quarter like 2026-Q4 or a year like 2026, not {text!r}."
    )


def percentile_90(values):
    """The 90th percentile (inclusive method, as spreadsheets' PERCENTILE.INC); None if empty."""
    values = sorted(values)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return round(quantiles(values, n=10, method="inclusive")[-1], 1)


def _ratio(part, whole):
    return round(part / whole, 3) if whole else None


def extra_organisation_figures(*, organisation, period):
    """More figures for one organisation's row (a dict merged into it): the released feedback
    figures of the quarter (involvement.feedback.report_figures), suppressed as Presence's are."""
    from involvement.feedback import report_figures

    return report_figures(organisation=organisation, period=period)


def organisation_rows(*, period, organisation=None):
    """One dict per organisation (or just `organisation`), by title, for `period` (a Period).

    Keys: organisation, slug, payments (count paid in the period), median_days_to_pay,
    p90_days_to_pay, median_days_promised, share_paid_on_time (days counted from the session for
    fees, from approval for expenses, to the day paid), expressions_of_interest,
    share_acknowledged_in_5_working_days (weekends skipped, as the reminders count),
    opportunities_finished, share_with_outcomes_reported, plus extra_organisation_figures.
    Shares are 0..1, or None when there is nothing to divide.
    """
    organisations = (
        [organisation]
        if organisation is not None
        else list(OrganisationPage.objects.live().order_by("title"))
    )
    ids = [o.pk for o in organisations]
    times = payment_times(start=period.start, end=period.end, organisation_ids=ids)
    interest = ExpressionOfInterest.objects.filter(
        created_at__date__gte=period.start, created_at__date__lt=period.end
    ).values_list("opportunity__path", "created_at", "acknowledged_at")
    finished = OpportunityPage.objects.filter(
        end_date__gte=period.start, end_date__lt=min(period.end, timezone.localdate())
    ).values_list("path", "outcome_report")
    by_path = {o.path: o.pk for o in organisations}
    depth = OrganisationPage.steplen

    def owner(path):
        # An opportunity's path starts with its organisation's path (Wagtail's tree).
        return by_path.get(path[: len(path) - depth])

    rows = []
    for org in organisations:
        paid = [t for t in times if t.organisation_id == org.pk]
        days = [t.days_taken for t in paid]
        acknowledged = total = 0
        for path, created_at, acknowledged_at in interest:
            if owner(path) != org.pk:
                continue
            total += 1
            due = add_working_days(timezone.localdate(created_at), REMINDER_AFTER_WORKING_DAYS)
            if acknowledged_at is not None and timezone.localdate(acknowledged_at) <= due:
                acknowledged += 1
        ended = [report for path, report in finished if owner(path) == org.pk]
        rows.append(
            {
                "organisation": org.title,
                "slug": org.slug,
                "payments": len(paid),
                "median_days_to_pay": median(days) if days else None,
                "p90_days_to_pay": percentile_90(days),
                "median_days_promised": median(t.days_promised for t in paid) if paid else None,
                "share_paid_on_time": _ratio(sum(not t.late for t in paid), len(paid)),
                "expressions_of_interest": total,
                "share_acknowledged_in_5_working_days": _ratio(acknowledged, total),
                "opportunities_finished": len(ended),
                "share_with_outcomes_reported": _ratio(
                    sum(report is not None for report in ended), len(ended)
                ),
                **extra_organisation_figures(organisation=org, period=period),
            }
        )
    return rows
