"""Writes for organisations, opportunities, expressions of interest and outcomes."""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.emails import absolute_url, send_templated_email
from core.moderation import (
    page_add_draft,
    page_save_draft,
    page_submit_for_moderation,
    unique_child_slug,
)
from core.sections import require_section
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    InterestStatusChange,
    OpportunityPage,
    OrganisationIndexPage,
    OrganisationMembership,
    OrganisationPage,
    OutcomeReport,
)
from opportunities.selectors import opportunities_owing_outcomes
from opportunities.signals import (
    interest_expressed,
    interest_status_changed,
    opportunity_changed,
)

logger = logging.getLogger(__name__)

REMINDER_AFTER_WORKING_DAYS = 5

# Which status an organisation may move an expression of interest to, from each status.
ALLOWED_STATUS_CHANGES = {
    InterestStatus.SUBMITTED: {
        InterestStatus.ACKNOWLEDGED,
        InterestStatus.SHORTLISTED,
        InterestStatus.SELECTED,
        InterestStatus.NOT_SELECTED,
    },
    InterestStatus.ACKNOWLEDGED: {
        InterestStatus.SHORTLISTED,
        InterestStatus.SELECTED,
        InterestStatus.NOT_SELECTED,
    },
    InterestStatus.SHORTLISTED: {InterestStatus.SELECTED, InterestStatus.NOT_SELECTED},
    InterestStatus.SELECTED: {InterestStatus.NOT_SELECTED},
    InterestStatus.NOT_SELECTED: {InterestStatus.SELECTED},
    InterestStatus.WITHDRAWN: set(),
}


class NotAllowed(Exception):
    """The action is not possible now; the message is fit to show to the person."""


def organisation_index():
    """The organisations section. Raises SiteNotSetUp (saying what to run) when it is missing."""
    return require_section(OrganisationIndexPage)


# Organisations


@transaction.atomic
def organisation_register(*, user, **fields):
    """Create an organisation as a draft, make the person its administrator, and send it to NSUN
    staff, whose approval verifies it."""
    index = organisation_index()
    organisation = OrganisationPage(
        slug=unique_child_slug(index, fields["title"]), live=False, owner=user, **fields
    )
    organisation.full_clean(exclude=["path", "depth", "url_path", "slug"])
    index.add_child(instance=organisation)
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, role=OrganisationMembership.Role.ADMIN
    )
    page_submit_for_moderation(page=organisation, user=user)
    return organisation


def organisation_verify(*, organisation, verified_by=None):
    """Mark an organisation as checked by NSUN staff; its opportunities can then be published."""
    OrganisationPage.objects.filter(pk=organisation.pk).update(
        verified=True, verified_at=timezone.now()
    )
    organisation.refresh_from_db(fields=["verified", "verified_at"])
    logger.info(
        "Organisation %s verified by user %s",
        organisation.pk,
        getattr(verified_by, "pk", None),
    )


def organisation_add_member(*, organisation, email, added_by):
    """Give an existing account access to the organisation. Only administrators can do this."""
    if not OrganisationMembership.objects.filter(
        organisation=organisation, user=added_by, role=OrganisationMembership.Role.ADMIN
    ).exists():
        raise NotAllowed("Only the organisation's administrators can add people.")
    user = get_user_model().objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise NotAllowed(
            "There is no account with that email address. Ask them to join the site first."
        )
    membership, created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=organisation
    )
    if not created:
        raise NotAllowed("That person already belongs to this organisation.")
    return membership


# Opportunities


@transaction.atomic
def opportunity_create_draft(*, organisation, user, fields, topics=(), communities=()):
    """Start a new opportunity as a draft under the organisation."""
    return page_add_draft(
        parent=organisation,
        page=OpportunityPage(**fields),
        user=user,
        topics=topics,
        communities=communities,
    )


def opportunity_latest_draft(opportunity):
    """The opportunity as last written, which may be ahead of what is published."""
    return opportunity.get_latest_revision_as_object()


@transaction.atomic
def opportunity_update_draft(*, opportunity, user, fields, topics=None, communities=None):
    """Save changes as a new draft revision; what is published stays until staff approve."""
    return page_save_draft(
        page=opportunity, user=user, fields=fields, topics=topics, communities=communities
    )


def opportunity_submit(*, opportunity, user):
    organisation = opportunity.get_parent().specific
    if not organisation.verified:
        raise NotAllowed(
            "Your organisation has not been verified by NSUN staff yet. You can keep your draft "
            "and submit it once the organisation is verified."
        )
    draft = opportunity_latest_draft(opportunity)
    if not draft.format:
        raise NotAllowed("Say whether the role is in person, online or hybrid (“When and where”).")
    if draft.deadline and not draft.rolling and draft.deadline < timezone.localdate():
        raise NotAllowed("The closing date has passed. Choose a later date or make it rolling.")
    return page_submit_for_moderation(page=draft, user=user)


def opportunity_close(*, opportunity, user=None):
    """Stop new expressions of interest. Published content is unchanged."""
    OpportunityPage.objects.filter(pk=opportunity.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    opportunity.refresh_from_db(fields=["closed_at"])
    opportunity_changed.send(sender=OpportunityPage, opportunity=opportunity)


@transaction.atomic
def opportunity_report_outcomes(
    *, opportunity, user, difference_made, not_changed="", how_people_felt=""
):
    """Record what happened ("you said, we did") and tell everyone who took part."""
    if hasattr(opportunity, "outcome_report"):
        raise NotAllowed("Outcomes have already been reported for this opportunity.")
    report = OutcomeReport(
        opportunity=opportunity,
        difference_made=difference_made,
        not_changed=not_changed,
        how_people_felt=how_people_felt,
        reported_by=user,
    )
    report.full_clean()
    report.save()
    if opportunity.closed_at is None:
        opportunity_close(opportunity=opportunity, user=user)
    participants = ExpressionOfInterest.objects.filter(
        opportunity=opportunity, status=InterestStatus.SELECTED, member__isnull=False
    ).select_related("member")
    send_templated_email(
        template="opportunities_outcomes",
        context={"opportunity": opportunity, "report": report, "page_url": opportunity.full_url},
        to=[expression.member.email for expression in participants],
    )
    report.emailed_at = timezone.now()
    report.save(update_fields=["emailed_at"])
    return report


def opportunities_request_outcomes(*, today=None):
    """Ask organisations, once, to report outcomes of opportunities that have ended."""
    asked = 0
    for opportunity in opportunities_owing_outcomes(today=today).filter(
        outcomes_requested_at__isnull=True
    ):
        send_templated_email(
            template="opportunities_outcomes_request",
            context={
                "opportunity": opportunity,
                "report_url": absolute_url(f"/portal/opportunities/{opportunity.pk}/outcomes/"),
            },
            to=organisation_emails(opportunity),
        )
        OpportunityPage.objects.filter(pk=opportunity.pk).update(
            outcomes_requested_at=timezone.now()
        )
        asked += 1
    return asked


def organisation_emails(opportunity):
    organisation_id = opportunity.get_parent().pk
    emails = list(
        OrganisationMembership.objects.filter(organisation_id=organisation_id).values_list(
            "user__email", flat=True
        )
    )
    if opportunity.contact_email:
        emails.append(opportunity.contact_email)
    return emails


# Expressions of interest


@transaction.atomic
def interest_express(
    *,
    member,
    opportunity,
    message="",
    access_needs="",
    share_access_needs=False,
    payment_preference,
):
    """Record a member's interest, confirm it to them and tell the organisation."""
    if not opportunity.is_open:
        raise NotAllowed(
            "This opportunity is closed, so it cannot take new expressions of interest."
        )
    expression = ExpressionOfInterest(
        member=member,
        opportunity=opportunity,
        message=message,
        access_needs=access_needs,
        share_access_needs=share_access_needs,
        payment_preference=payment_preference,
    )
    try:
        expression.full_clean()
    except ValidationError as error:
        if "__all__" in error.message_dict or "member" in error.message_dict:
            raise NotAllowed("You have already expressed interest in this opportunity.") from error
        raise
    try:
        with transaction.atomic():
            expression.save()
    except IntegrityError as error:
        raise NotAllowed("You have already expressed interest in this opportunity.") from error
    InterestStatusChange.objects.create(
        expression=expression, status=InterestStatus.SUBMITTED, changed_by=member
    )
    context = {
        "opportunity": opportunity,
        "expression": expression,
        "member": member,
        "portal_url": absolute_url(f"/portal/opportunities/{opportunity.pk}/interest/"),
        "account_url": absolute_url("/account/interest/"),
    }
    send_templated_email(
        template="opportunities_interest_received", context=context, to=[member.email]
    )
    send_templated_email(
        template="opportunities_interest_new", context=context, to=organisation_emails(opportunity)
    )
    interest_expressed.send(sender=ExpressionOfInterest, expression=expression)
    return expression


def _record_status(expression, status, user):
    now = timezone.now()
    expression.status = status
    expression.status_changed_at = now
    if status != InterestStatus.WITHDRAWN and expression.acknowledged_at is None:
        expression.acknowledged_at = now
    expression.save(update_fields=["status", "status_changed_at", "acknowledged_at"])
    InterestStatusChange.objects.create(expression=expression, status=status, changed_by=user)
    interest_status_changed.send(
        sender=ExpressionOfInterest, expression=expression, status=status, user=user
    )


@transaction.atomic
def interest_set_status(*, expression, status, user):
    """The organisation moves an expression of interest on; the member is emailed each time."""
    status = InterestStatus(status)
    if status not in ALLOWED_STATUS_CHANGES[InterestStatus(expression.status)]:
        raise NotAllowed(
            f"This cannot go from “{InterestStatus(expression.status).label}” to “{status.label}”."
        )
    _record_status(expression, status, user)
    if expression.member is not None:
        send_templated_email(
            template="opportunities_interest_status",
            context={
                "expression": expression,
                "opportunity": expression.opportunity,
                "status_label": status.label,
                "account_url": absolute_url("/account/interest/"),
            },
            to=[expression.member.email],
        )
    return expression


def interest_tell_everyone_else(*, opportunity, user):
    """Tell everyone still waiting that they were not selected, so nobody is left in silence."""
    waiting = ExpressionOfInterest.objects.filter(
        opportunity=opportunity,
        status__in=[
            InterestStatus.SUBMITTED,
            InterestStatus.ACKNOWLEDGED,
            InterestStatus.SHORTLISTED,
        ],
    )
    told = 0
    for expression in waiting:
        interest_set_status(expression=expression, status=InterestStatus.NOT_SELECTED, user=user)
        told += 1
    return told


@transaction.atomic
def interest_withdraw(*, expression, member):
    if expression.member_id != member.pk:
        raise NotAllowed("That is not yours to withdraw.")
    if expression.status == InterestStatus.WITHDRAWN:
        raise NotAllowed("You have already withdrawn.")
    _record_status(expression, InterestStatus.WITHDRAWN, member)
    return expression


def add_working_days(start, days):
    """Weekends are skipped; bank holidays are not known here and count as working days."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def interest_send_reminders(*, now=None):
    """Remind organisations about expressions of interest not acknowledged within 5 working days."""
    now = now or timezone.now()
    reminded = 0
    waiting = ExpressionOfInterest.objects.filter(
        status=InterestStatus.SUBMITTED, acknowledged_at__isnull=True, reminder_sent_at__isnull=True
    ).select_related("opportunity")
    for expression in waiting:
        due = add_working_days(
            timezone.localtime(expression.created_at).date(), REMINDER_AFTER_WORKING_DAYS
        )
        if timezone.localtime(now).date() < due:
            continue
        send_templated_email(
            template="opportunities_interest_reminder",
            context={
                "opportunity": expression.opportunity,
                "expression": expression,
                "portal_url": absolute_url(
                    f"/portal/opportunities/{expression.opportunity_id}/interest/"
                ),
            },
            to=organisation_emails(expression.opportunity),
        )
        expression.reminder_sent_at = now
        expression.save(update_fields=["reminder_sent_at"])
        reminded += 1
    return reminded
