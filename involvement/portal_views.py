"""The organisation portal's involvement pages: administrators of the organisation only; every
other person, another organisation's administrators included, gets a 404 (selectors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import form_status
from involvement import selectors, services
from involvement.forms import (
    ClaimDecisionForm,
    ClaimPaidForm,
    EndForm,
    FeePaidForm,
    SessionForm,
    TermsForm,
)
from involvement.models import EndedBy


@login_required
def opportunity_involvements(request, opportunity_id):
    opportunity = selectors.opportunity_for_admin_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    involvements = list(selectors.involvements_for_opportunity(opportunity))
    return render(
        request,
        "portal/involvement_opportunity.html",
        {
            "opportunity": opportunity,
            "organisation": opportunity.get_parent().specific,
            "rows": [(i, selectors.member_totals(i)) for i in involvements],
        },
    )


def _forms(involvement, data=None, which=None):
    unpaid = [s for s in involvement.sessions.all() if s.payment_id is None and s.fee_due_pence]
    bound = {which: data} if which else {}
    return {
        "session_form": SessionForm(
            bound.get("session"), prefix="session", fee_unit=involvement.fee_unit
        ),
        "fee_form": FeePaidForm(bound.get("fee"), prefix="fee", unpaid_sessions=unpaid),
        "terms_form": TermsForm(
            bound.get("terms"),
            prefix="terms",
            initial={
                "payment_preference": involvement.payment_preference,
                "fee": involvement.fee_per_unit_pence or None,
                "contribution": involvement.contribution,
            },
        ),
        "end_form": EndForm(bound.get("end"), prefix="end"),
    }


def _detail(request, involvement, forms=None):
    forms = forms or _forms(involvement)
    return render(
        request,
        "portal/involvement_detail.html",
        {
            "involvement": involvement,
            "opportunity": involvement.opportunity,
            "organisation": involvement.organisation,
            "totals": selectors.member_totals(involvement),
            "today": timezone.localdate(),
            **forms,
        },
        status=form_status(*forms.values()),
    )


@login_required
def involvement_detail(request, involvement_id):
    involvement = selectors.involvement_for_admin_or_404(
        user=request.user, involvement_id=involvement_id
    )
    return _detail(request, involvement)


def _post(request, involvement_id, which, act):
    """Validate the `which` form of the detail page and run act(involvement, cleaned_data)."""
    involvement = selectors.involvement_for_admin_or_404(
        user=request.user, involvement_id=involvement_id
    )
    forms = _forms(involvement, request.POST, which)
    form = forms[f"{which}_form"]
    if form.is_valid():
        try:
            message = act(involvement, form.cleaned_data)
        except services.NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("involvement_portal:detail", involvement.pk)
    return _detail(request, involvement, forms)


@login_required
@require_POST
def session_new(request, involvement_id):
    def act(involvement, data):
        services.session_record(involvement=involvement, user=request.user, **data)
        return "Session recorded."

    return _post(request, involvement_id, "session", act)


@login_required
@require_POST
def fee_paid(request, involvement_id):
    def act(involvement, data):
        chosen = set(data["sessions"])
        sessions = [s for s in involvement.sessions.all() if s.pk in chosen]
        services.fee_payment_record(
            involvement=involvement,
            sessions=sessions,
            paid_on=data["paid_on"],
            method=data["method"],
            user=request.user,
        )
        return "Payment recorded. The person can see it."

    return _post(request, involvement_id, "fee", act)


@login_required
@require_POST
def terms(request, involvement_id):
    def act(involvement, data):
        services.involvement_set_terms(
            involvement=involvement,
            payment_preference=data["payment_preference"],
            fee_per_unit_pence=data["fee"] or 0,
            contribution=data["contribution"],
            user=request.user,
        )
        return "Saved."

    return _post(request, involvement_id, "terms", act)


@login_required
@require_POST
def involvement_end(request, involvement_id):
    def act(involvement, data):
        services.involvement_end(
            involvement=involvement,
            ended_by=EndedBy.ORGANISATION,
            user=request.user,
            reason=data["reason"],
        )
        return "The involvement has ended. We have told the person."

    return _post(request, involvement_id, "end", act)


def _claim_page(request, claim, decision_form=None, paid_form=None, refusal=""):
    decision_form = decision_form or ClaimDecisionForm(prefix="decision")
    paid_form = paid_form or ClaimPaidForm(prefix="paid")
    involvement = claim.involvement
    # A form sent from an out-of-date page (a double click, another administrator) is not the
    # one the claim's status now shows: say so plainly rather than show a page with no message.
    shown = decision_form if claim.status in ("submitted", "queried") else paid_form
    stale = [form for form in (decision_form, paid_form) if form.errors and form is not shown]
    if stale and not refusal:
        refusal = (
            f"This claim is {claim.get_status_display().lower()} now, so that was not saved. "
            "The page shows where it stands."
        )
    return render(
        request,
        "portal/involvement_claim.html",
        {
            "claim": claim,
            "involvement": involvement,
            "organisation": involvement.organisation,
            "receipts": list(claim.receipts.all()),
            "decision_form": decision_form,
            "paid_form": paid_form,
            "refusal": refusal,
        },
        status=409 if refusal else form_status(decision_form, paid_form),
    )


@login_required
def claim_detail(request, claim_id):
    claim = selectors.claim_for_admin_or_404(user=request.user, claim_id=claim_id)
    return _claim_page(request, claim)


@login_required
@require_POST
def claim_decide(request, claim_id):
    claim = selectors.claim_for_admin_or_404(user=request.user, claim_id=claim_id)
    form = ClaimDecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        try:
            services.claim_decide(
                claim=claim,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.NotAllowed as error:
            claim.refresh_from_db()
            form.add_error(None, str(error))
            return _claim_page(request, claim, decision_form=form, refusal=str(error))
        else:
            messages.success(request, "Decision saved. We have emailed the person.")
            return redirect("involvement_portal:detail", claim.involvement_id)
    return _claim_page(request, claim, decision_form=form)


@login_required
@require_POST
def claim_paid(request, claim_id):
    claim = selectors.claim_for_admin_or_404(user=request.user, claim_id=claim_id)
    form = ClaimPaidForm(request.POST, prefix="paid")
    if form.is_valid():
        try:
            services.claim_mark_paid(claim=claim, user=request.user, **form.cleaned_data)
        except services.NotAllowed as error:
            claim.refresh_from_db()
            form.add_error(None, str(error))
            return _claim_page(request, claim, paid_form=form, refusal=str(error))
        else:
            messages.success(request, "Claim marked paid. The person can see it.")
            return redirect("involvement_portal:detail", claim.involvement_id)
    return _claim_page(request, claim, paid_form=form)


@login_required
def organisation_payments(request, organisation_id):
    organisation = selectors.organisation_for_admin_or_404(
        user=request.user, organisation_id=organisation_id
    )
    today = timezone.localdate()
    owed = selectors.organisation_payments_due(organisation)
    return render(
        request,
        "portal/involvement_payments.html",
        {
            "organisation": organisation,
            "overdue": [item for item in owed if item.is_overdue(today)],
            "upcoming": [item for item in owed if not item.is_overdue(today)],
            "today": today,
            "usually_pays_within": selectors.usually_pays_within(organisation, today=today),
            "minimum": selectors.USUALLY_PAYS_MINIMUM,
            "people": selectors.USUALLY_PAYS_PEOPLE,
        },
    )
