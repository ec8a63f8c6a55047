"""Members expressing interest, and their list of what they have applied for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import form_status
from opportunities import selectors, services
from opportunities.forms import ExpressionOfInterestForm


@login_required
def interest_express(request, opportunity_id):
    opportunity = selectors.live_opportunity_or_404(opportunity_id=opportunity_id)
    existing = selectors.interest_for_member(request.user).filter(opportunity=opportunity).first()
    if existing:
        messages.info(request, "You have already expressed interest in this opportunity.")
        return redirect("interest_mine")
    if not opportunity.is_open:
        return render(
            request,
            "pages/opportunities/interest_closed.html",
            {"opportunity": opportunity},
            status=410,
        )
    form = ExpressionOfInterestForm(request.POST or None, opportunity=opportunity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            expression = services.interest_express(
                member=request.user, opportunity=opportunity, **fields
            )
        except services.NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Thank you. {opportunity.organisation.title} has your expression of interest. "
                "We have emailed you a copy.",
            )
            # Then the optional Presence questions, which can be skipped in one click.
            return redirect("about_you", expression.pk)
    return render(
        request,
        "pages/opportunities/interest_form.html",
        {"form": form, "opportunity": opportunity},
        status=form_status(form),
    )


@login_required
def interest_mine(request):
    return render(
        request,
        "pages/opportunities/interest_mine.html",
        {"expressions": selectors.interest_for_member(request.user)},
    )


@login_required
@require_POST
def interest_withdraw(request, expression_id):
    expression = selectors.interest_of_member_or_404(user=request.user, expression_id=expression_id)
    try:
        services.interest_withdraw(expression=expression, member=request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have withdrawn from “{expression.opportunity.title}”.")
    return redirect("interest_mine")


def opportunity_by_id(request, opportunity_id):
    """A stable short link for an opportunity, used in emails."""
    opportunity = selectors.live_opportunity_or_404(opportunity_id=opportunity_id)
    if not opportunity.url:
        raise Http404
    return redirect(opportunity.url)
