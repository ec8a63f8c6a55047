"""The organisation portal: register, write opportunities, handle interest, report outcomes.

Every object is looked up through a selector that checks membership; others' records are 404.
"""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_status
from core.moderation import ModerationUnavailable, page_moderation_status
from core.sections import SiteNotSetUp
from opportunities import selectors, services, standards
from opportunities.forms import (
    OPPORTUNITY_STEPS,
    STEP_SLUGS,
    InterestStatusForm,
    InviteForm,
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
    memberships = selectors.memberships_of(user=request.user)
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
        except SiteNotSetUp:
            form.add_error(
                None, "Registering an organisation is not open yet. Please try again later."
            )
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


def _organisation_page(request, membership, *, invite_form=None, status=200):
    organisation = membership.organisation
    opportunities = [
        {"page": page, "status": page_moderation_status(page)}
        for page in selectors.opportunities_for_organisation(organisation)
    ]
    is_admin = membership.role == OrganisationMembership.Role.ADMIN
    return render(
        request,
        "portal/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "is_admin": is_admin,
            "people": selectors.organisation_people(organisation),
            "invitations": selectors.invitations_pending(organisation) if is_admin else [],
            "opportunities": opportunities,
            "moderation_status": page_moderation_status(organisation),
            "invite_form": invite_form or InviteForm(),
        },
        status=status,
    )


def _people_url(organisation_id):
    return reverse("portal:organisation", args=[organisation_id]) + "#people"


@login_required
def organisation_detail(request, organisation_id):
    membership = selectors.membership_or_404(user=request.user, organisation_id=organisation_id)
    return _organisation_page(request, membership)


@login_required
@require_POST
def organisation_invite(request, organisation_id):
    """Invite someone by email. The answer is the same whoever the address belongs to."""
    membership = selectors.membership_or_404(user=request.user, organisation_id=organisation_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _organisation_page(request, membership, invite_form=form, status=400)
    try:
        services.invitation_create(
            organisation=membership.organisation,
            email=form.cleaned_data["email"],
            invited_by=request.user,
        )
    except services.InvitationLimitReached as error:
        form.add_error(None, str(error))
        return _organisation_page(request, membership, invite_form=form, status=429)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "We are sending an invitation to that address, unless it belongs to someone already "
            "in your organisation. They join only if they accept it. Invitations last 14 days.",
        )
    return redirect(_people_url(organisation_id))


@login_required
@require_POST
def invitation_revoke(request, organisation_id, invitation_id):
    invitation = selectors.invitation_for_admin_or_404(
        user=request.user, organisation_id=organisation_id, invitation_id=invitation_id
    )
    services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    messages.success(request, "Invitation withdrawn. Its link no longer works.")
    return redirect(_people_url(organisation_id))


@login_required
@require_POST
def membership_remove(request, organisation_id, membership_id):
    selectors.membership_or_404(user=request.user, organisation_id=organisation_id)
    membership = selectors.organisation_membership_or_404(
        organisation_id=organisation_id, membership_id=membership_id
    )
    try:
        services.organisation_member_remove(membership=membership, removed_by=request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return redirect(_people_url(organisation_id))
    messages.success(
        request, f"{membership.user.get_full_name()} no longer belongs to this organisation."
    )
    if membership.user_id == request.user.pk:
        return redirect("portal:home")
    return redirect(_people_url(organisation_id))


@login_required
@require_POST
def organisation_leave(request, organisation_id):
    membership = selectors.membership_or_404(user=request.user, organisation_id=organisation_id)
    try:
        services.organisation_leave(membership=membership)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return redirect(_people_url(organisation_id))
    messages.success(request, f"You have left {membership.organisation.title}.")
    return redirect("portal:home")


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """The page an invitation email links to: accept (signed in as the invited address) or
    decline (no account needed). Nothing here says who else has an account."""
    invitation = selectors.invitation_by_token(token)
    context = {"invitation": invitation, "organisation": getattr(invitation, "organisation", None)}

    def page(status=200, **extra):
        return render(request, "portal/invitation.html", {**context, **extra}, status=status)

    if invitation is None:
        return page(
            404,
            problem="This invitation link does not work. Check that you copied all of it from "
            "the email.",
        )
    here = quote(request.path)
    context.update(
        login_url=f"{reverse('account_login')}?next={here}",
        signup_url=f"{reverse('account_signup')}?next={here}",
        signed_in=request.user.is_authenticated,
        matches=request.user.is_authenticated
        and services.invitation_matches_user(invitation=invitation, user=request.user),
    )
    action = request.POST.get("action") if request.method == "POST" else None
    try:
        services.invitation_check_usable(invitation=invitation)
        if action == "decline":
            services.invitation_decline(invitation=invitation)
            return page(declined=True)
        if action == "accept":
            if not request.user.is_authenticated:
                return redirect(context["login_url"])
            membership = services.invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, f"You have joined {membership.organisation.title}.")
            return redirect("portal:organisation", membership.organisation_id)
    except services.InvitationUnavailable as error:
        return page(410, problem=str(error))
    except services.NotAllowed:
        return page(403)
    if request.method == "POST":
        return page(400, choose=True)
    return page(403 if context["signed_in"] and not context["matches"] else 200)


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
