"""The monitoring questions after an expression of interest, and the organisation's report."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from monitoring import page_views, selectors, services
from monitoring.forms import MonitoringForm
from opportunities.selectors import organisation_for_member_or_404


def _saved_answers(member):
    saved = selectors.answers_kept_for_next_time(member=member)
    return {**saved.answers, "keep_for_next_time": True, "consent": False} if saved else {}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def about_you(request, expression_id):
    expression = selectors.expression_of_member_or_404(
        member=request.user, expression_id=expression_id
    )
    if expression.monitoring_token:
        messages.info(request, "You have already answered these questions for this role.")
        return redirect("interest_mine")
    if request.method == "POST" and "skip" in request.POST:
        messages.info(request, "You skipped the questions about you. Nothing was kept.")
        return redirect("interest_mine")
    initial = _saved_answers(request.user)
    form = MonitoringForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not form.has_answers():
                messages.info(request, "You did not answer any questions, so nothing was kept.")
                return redirect("interest_mine")
            with contextlib.suppress(services.AlreadyAnswered):
                services.monitoring_record_answers(
                    expression=expression,
                    answers=form.answers(),
                    keep_for_next_time=form.cleaned_data["keep_for_next_time"],
                )
            messages.success(
                request,
                "Thank you. Your answers are kept apart from your name and only ever counted "
                "with other people's.",
            )
            return redirect("interest_mine")
        status = 400
    return render(
        request,
        "pages/monitoring/about_you.html",
        {"form": form, "expression": expression, "offered_again": bool(initial)},
        status=status,
    )


@login_required
def organisation_presence(request, organisation_id):
    """An organisation's own Presence report: one characteristic at a time, hidden under S2."""
    organisation = organisation_for_member_or_404(
        user=request.user, organisation_id=organisation_id
    )
    report, status = page_views.organisation_report_view(request, organisation=organisation)
    if report.get("csv"):
        return report["csv"]
    return render(
        request,
        "pages/monitoring/organisation_presence.html",
        {"organisation": organisation, **report},
        status=status,
    )
