"""The member's "Your involvement" pages and the receipt download. Writes go through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms import form_status
from involvement import selectors, services
from involvement.forms import ClaimAnswerForm, ClaimForm, EndForm
from involvement.models import ClaimStatus, EndedBy


@login_required
def involvement_mine(request):
    involvements = list(selectors.involvements_for_member(request.user))
    rows = [(involvement, selectors.member_totals(involvement)) for involvement in involvements]
    return render(
        request,
        "pages/involvement/mine.html",
        {"rows": rows, "today": timezone.localdate()},
    )


def _detail(request, involvement, *, end_form=None, status=200):
    return render(
        request,
        "pages/involvement/detail.html",
        {
            "involvement": involvement,
            "totals": selectors.member_totals(involvement),
            "end_form": end_form or EndForm(prefix="end"),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def involvement_detail(request, involvement_id):
    involvement = selectors.involvement_of_member_or_404(
        user=request.user, involvement_id=involvement_id
    )
    return _detail(request, involvement)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim_new(request, involvement_id):
    involvement = selectors.involvement_of_member_or_404(
        user=request.user, involvement_id=involvement_id
    )
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_submit(
                involvement=involvement,
                kind=data["kind"],
                amount_pence=data["amount"],
                spent_on=data["spent_on"],
                description=data["description"],
                receipts=data["receipts"],
                member=request.user,
            )
        except services.NotAllowed as error:
            form.add_error("receipts" if "receipt" in str(error) else None, str(error))
        else:
            messages.success(request, "Your claim has been sent. We have told the organisation.")
            return redirect("involvement:detail", involvement.pk)
    return render(
        request,
        "pages/involvement/claim_form.html",
        {"involvement": involvement, "form": form, "claim": None},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim_answer(request, claim_id):
    claim = selectors.claim_of_member_or_404(user=request.user, claim_id=claim_id)
    if claim.status != ClaimStatus.QUERIED:
        raise Http404("No question to answer.")
    initial = {
        "amount": claim.amount_pence,
        "spent_on": claim.spent_on,
        "description": claim.description,
    }
    form = ClaimAnswerForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.claim_answer(
                claim=claim,
                amount_pence=data["amount"],
                spent_on=data["spent_on"],
                description=data["description"],
                receipts=data["receipts"],
                member=request.user,
            )
        except services.NotAllowed as error:
            form.add_error("receipts" if "receipt" in str(error) else None, str(error))
        else:
            messages.success(request, "Your claim has been sent again.")
            return redirect("involvement:detail", claim.involvement_id)
    return render(
        request,
        "pages/involvement/claim_form.html",
        {"involvement": claim.involvement, "form": form, "claim": claim},
        status=form_status(form),
    )


@login_required
@require_http_methods(["POST"])
def involvement_end(request, involvement_id):
    involvement = selectors.involvement_of_member_or_404(
        user=request.user, involvement_id=involvement_id
    )
    form = EndForm(request.POST, prefix="end")
    if not form.is_valid():
        return _detail(request, involvement, end_form=form, status=form_status(form))
    try:
        services.involvement_end(
            involvement=involvement,
            ended_by=EndedBy.MEMBER,
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have ended this involvement. We have told the organisation.")
    return redirect("involvement:detail", involvement.pk)


@login_required
def receipt_download(request, receipt_id):
    """The receipt's file, for its member, that organisation's administrators and staff only.

    Sent as an attachment with its checked type, never rendered inline, and never cached.
    """
    receipt = selectors.receipt_for_user_or_404(user=request.user, receipt_id=receipt_id)
    try:
        handle = receipt.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("This receipt has been deleted.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=receipt.original_name,
        content_type=receipt.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
