"""The organisation portal: register, write opportunities, handle interest, report outcomes.

Every object is looked up through a selector that checks membership; others' records are 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.forms import form_status
from core.moderation import ModerationUnavailable, page_moderation_status
from opportunities import selectors, services, standards
from opportunities.forms import (
    OPPORTUNITY_STEPS,
    STEP_SLUGS,
    AddMemberForm,
    InterestStatusForm,
    OrganisationRegistrationForm,
    OutcomeReportForm,
    RoleStepForm,
    step_form_class,
)
from opportunities.models import OrganisationMembership


def _step_context(opportunity, current_slug):
    steps = [
        {"slug": slug, "heading": heading, "current": slug == current_slug}
        for slug, heading, _ in OPPORTUNITY_STEPS
    ]
    return {"steps": steps, "opportunity": opportunity}


def _checklist(draft):
    results = standards.evaluate(draft)
    return {
        "check_results": results,
        "checks_met": sum(result.passed for result in results),
        "checks_total": len(results),
        "check_warnings": [result for result in results if result.is_warning],
    }


@login_required
def portal_home(request):
    memberships = (
        OrganisationMembership.objects.filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__title")
    )
    return render(request, "portal/home.html", {"memberships": memberships})


@login_required
def organisation_register(request):
    form = OrganisationRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        try:
            organisation = services.organisation_register(user=request.user, **fields)
        except (services.NotAllowed, ModerationUnavailable) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Thank you. NSUN staff will check your organisation, usually within a week. "
                "You can write opportunities now and submit them once it is verified.",
            )
            return redirect("portal:organisation", organisation.pk)
    return render(
        request, "portal/organisation_register.html", {"form": form}, status=form_status(form)
    )


@login_required
def organisation_detail(request, organisation_id):
    membership = selectors.membership_or_404(user=request.user, organisation_id=organisation_id)
    organisation = membership.organisation
    opportunities = [
        {"page": page, "status": page_moderation_status(page)}
        for page in selectors.opportunities_for_organisation(organisation)
    ]
    return render(
        request,
        "portal/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_admin": membership.role == OrganisationMembership.Role.ADMIN,
            "people": organisation.memberships.select_related("user").order_by("user__email"),
            "opportunities": opportunities,
            "moderation_status": page_moderation_status(organisation),
            "add_member_form": AddMemberForm(),
        },
    )


@login_required
@require_POST
def organisation_add_member(request, organisation_id):
    organisation = selectors.organisation_for_member_or_404(
        user=request.user, organisation_id=organisation_id
    )
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_add_member(
                organisation=organisation, email=form.cleaned_data["email"], added_by=request.user
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "They can now use the portal for this organisation.")
    else:
        messages.error(request, "Enter a valid email address.")
    return redirect("portal:organisation", organisation.pk)


@login_required
def opportunity_new(request, organisation_id):
    organisation = selectors.organisation_for_member_or_404(
        user=request.user, organisation_id=organisation_id
    )
    form = RoleStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        opportunity = services.opportunity_create_draft(
            organisation=organisation,
            user=request.user,
            fields=fields,
            topics=form.cleaned_data["topics"],
            communities=form.cleaned_data["communities"],
        )
        messages.success(request, "Draft saved.")
        return redirect("portal:opportunity_edit", opportunity.pk, STEP_SLUGS[1])
    context = {
        "form": form,
        "organisation": organisation,
        "step_heading": OPPORTUNITY_STEPS[0][1],
        "steps": [
            {"slug": slug, "heading": heading, "current": slug == "role"}
            for slug, heading, _ in OPPORTUNITY_STEPS
        ],
    }
    return render(request, "portal/opportunity_step.html", context, status=form_status(form))


@login_required
def opportunity_edit(request, opportunity_id, step):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    form_class = step_form_class(step)
    if form_class is None:
        raise Http404("No such step.")
    draft = services.opportunity_latest_draft(opportunity)
    form = form_class(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k in form.Meta.fields}
        if step == "when":
            fields.update(latitude=form.instance.latitude, longitude=form.instance.longitude)
        extra = {}
        if "topics" in form.cleaned_data:
            extra = {
                "topics": form.cleaned_data["topics"],
                "communities": form.cleaned_data["communities"],
            }
        services.opportunity_update_draft(
            opportunity=opportunity, user=request.user, fields=fields, **extra
        )
        if "save_and_leave" in request.POST:
            messages.success(request, "Draft saved. You can come back to it at any time.")
            return redirect("portal:organisation", opportunity.get_parent().pk)
        position = STEP_SLUGS.index(step)
        if position + 1 < len(STEP_SLUGS):
            return redirect("portal:opportunity_edit", opportunity.pk, STEP_SLUGS[position + 1])
        return redirect("portal:opportunity_check", opportunity.pk)
    context = {
        "form": form,
        "organisation": opportunity.get_parent().specific,
        "step_heading": {slug: heading for slug, heading, _ in OPPORTUNITY_STEPS}[step],
        **_step_context(opportunity, step),
        **_checklist(draft),
    }
    return render(request, "portal/opportunity_step.html", context, status=form_status(form))


@login_required
def opportunity_check(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    draft = services.opportunity_latest_draft(opportunity)
    organisation = opportunity.get_parent().specific
    if request.method == "POST":
        try:
            services.opportunity_submit(opportunity=opportunity, user=request.user)
        except (services.NotAllowed, ModerationUnavailable) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Sent to NSUN staff. We will email you when it is published or if anything "
                "needs changing.",
            )
            return redirect("portal:organisation", organisation.pk)
    context = {
        "draft": draft,
        "organisation": organisation,
        "status": page_moderation_status(opportunity),
        **_step_context(opportunity, "check"),
        **_checklist(draft),
    }
    return render(request, "portal/opportunity_check.html", context)


@login_required
def opportunity_preview(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    draft = services.opportunity_latest_draft(opportunity)
    context = {
        "page": draft,
        "is_preview": True,
        **selectors.opportunity_page_context(opportunity=draft, user=request.user),
    }
    return render(request, draft.template, context)


@login_required
def opportunity_interest(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    return _interest_page(request, opportunity, InterestStatusForm())


def _interest_page(request, opportunity, status_form):
    return render(
        request,
        "portal/opportunity_interest.html",
        {
            "opportunity": opportunity,
            "organisation": opportunity.get_parent().specific,
            "expressions": selectors.interest_for_opportunity(opportunity),
            "status_form": status_form,
        },
        status=form_status(status_form),
    )


@login_required
@require_POST
def interest_update(request, expression_id):
    expression = selectors.interest_for_organisation_member_or_404(
        user=request.user, expression_id=expression_id
    )
    form = InterestStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status from the list.")
        return _interest_page(request, expression.opportunity, form)
    try:
        services.interest_set_status(
            expression=expression, status=form.cleaned_data["status"], user=request.user
        )
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Status changed. We have emailed the person.")
    return redirect(
        reverse("portal:opportunity_interest", args=[expression.opportunity_id])
        + f"#interest-{expression.pk}"
    )


@login_required
@require_POST
def interest_tell_everyone_else(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    told = services.interest_tell_everyone_else(opportunity=opportunity, user=request.user)
    messages.success(request, f"We have told {told} people that they were not selected this time.")
    return redirect("portal:opportunity_interest", opportunity.pk)


@login_required
@require_POST
def opportunity_close(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    services.opportunity_close(opportunity=opportunity, user=request.user)
    messages.success(request, f"“{opportunity.title}” is closed to new expressions of interest.")
    return redirect("portal:organisation", opportunity.get_parent().pk)


@login_required
def opportunity_outcomes(request, opportunity_id):
    opportunity = selectors.opportunity_for_member_or_404(
        user=request.user, opportunity_id=opportunity_id
    )
    if hasattr(opportunity, "outcome_report"):
        messages.info(request, "Outcomes have already been reported for this opportunity.")
        return redirect("portal:organisation", opportunity.get_parent().pk)
    form = OutcomeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_report_outcomes(
                opportunity=opportunity, user=request.user, **form.cleaned_data
            )
        except services.NotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Thank you. The outcomes are on the opportunity page and we have emailed "
                "everyone who took part.",
            )
            return redirect("portal:organisation", opportunity.get_parent().pk)
    return render(
        request,
        "portal/opportunity_outcomes.html",
        {
            "form": form,
            "opportunity": opportunity,
            "organisation": opportunity.get_parent().specific,
        },
        status=form_status(form),
    )
