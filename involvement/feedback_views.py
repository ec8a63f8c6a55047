"""Feedback on how involvement felt: the member's questionnaire, the organisation's released
figures beside its outcome reports, and the staff report (figures and free text)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.forms import form_status
from core.perturbation import THRESHOLD
from core.staff import require_staff
from involvement import feedback, selectors
from involvement.feedback_forms import FeedbackForm
from involvement.models import FeedbackRequest
from opportunities.models import OpportunityPage


def _request_of_member_or_404(user, involvement_id):
    involvement = selectors.involvement_of_member_or_404(user=user, involvement_id=involvement_id)
    feedback_request = FeedbackRequest.objects.filter(involvement=involvement).first()
    if feedback_request is None:
        raise Http404("There is no questionnaire for this involvement.")
    return involvement, feedback_request


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, involvement_id):
    involvement, feedback_request = _request_of_member_or_404(request.user, involvement_id)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and not feedback_request.answered and form.is_valid():
        try:
            feedback.feedback_submit(
                feedback_request=feedback_request, answers=form.cleaned_data, member=request.user
            )
        except feedback.FeedbackError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Thank you. Your answers have been kept apart from your name."
            )
        return redirect("involvement:detail", involvement.pk)
    return render(
        request,
        "pages/involvement/feedback.html",
        {"involvement": involvement, "feedback_request": feedback_request, "form": form},
        status=form_status(form),
    )


@login_required
def organisation_feedback(request, organisation_id):
    organisation = selectors.organisation_for_admin_or_404(
        user=request.user, organisation_id=organisation_id
    )
    today = timezone.localdate()
    opportunities = (
        OpportunityPage.objects.child_of(organisation)
        .filter(end_date__lt=today)
        .select_related("outcome_report")
        .order_by("-end_date")[:20]
    )
    return render(
        request,
        "portal/involvement_feedback.html",
        {
            "organisation": organisation,
            "quarters": feedback.organisation_feedback(organisation, today=today),
            "opportunities": opportunities,
            "threshold": THRESHOLD,
        },
    )


def staff_feedback_report(request):
    require_staff(request.user)
    today = timezone.localdate()
    quarters = feedback.network_feedback(today=today)
    return TemplateResponse(
        request,
        "wagtailadmin_network/involvement_feedback.html",
        {
            "page_title": "Feedback on involvement",
            "header_icon": "comment",
            "quarters": [
                (network, organisations, feedback.free_text_for_staff(quarter=network.period))
                for network, organisations in quarters
            ],
            "threshold": THRESHOLD,
        },
    )
