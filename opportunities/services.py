"""Writes for organisations, opportunities, expressions of interest and outcomes."""

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.caching import content_changed
from core.emails import absolute_url, queue_templated_email, send_templated_email
from core.exceptions import NotAllowed
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
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationPage,
    OutcomeReport,
)
from opportunities.models.invitations import PENDING as PENDING_INVITATION
from opportunities.models.invitations import hash_token
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
    content_changed()  # the public page says it is verified
    logger.info(
        "Organisation %s verified by user %s",
        organisation.pk,
        getattr(verified_by, "pk", None),
    )


def _is_admin(*, organisation, user):
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
    ).exists()


def _membership_end(membership):
    """Remove a membership, keeping at least one administrator."""
    with transaction.atomic():
        admins = list(
            OrganisationMembership.objects.select_for_update()
            .filter(
                organisation_id=membership.organisation_id, role=OrganisationMembership.Role.ADMIN
            )
            .values_list("pk", flat=True)
        )
        if admins == [membership.pk]:
            raise NotAllowed(
                "An organisation needs at least one administrator, and this is its only one. "
                "Email NSUN if someone else should take over or the organisation should close."
            )
        membership.delete()


def organisation_member_remove(*, membership, removed_by):
    """An administrator takes someone out of the organisation.

    Raises NotAllowed if `removed_by` is not an administrator, or the person is its last one.
    """
    if not _is_admin(organisation=membership.organisation_id, user=removed_by):
        raise NotAllowed("Only the organisation's administrators can remove people.")
    _membership_end(membership)


def organisation_leave(*, membership):
    """Someone leaves an organisation. Raises NotAllowed if they are its last administrator."""
    _membership_end(membership)


# Invitations: nobody joins an organisation without accepting. What the inviting administrator
# sees and the work their request does are the same whatever the address, so an invitation
# never tells them whether someone has an account or belongs somewhere already; who the address
# belongs to is only looked up by the task that sends the email.

INVITATION_LIFETIME = timedelta(days=14)
INVITATIONS_PER_DAY = 20
# Ended or expired invitations are deleted this long after (docs/data_protection.md).
INVITATION_RETENTION = timedelta(days=30)


class InvitationLimitReached(NotAllowed):
    """The organisation has sent as many invitations as it may today."""


class InvitationUnavailable(NotAllowed):
    """The invitation cannot be used: unknown link, used, declined, revoked or expired."""


def normalise_email(email):
    """The form of an address used to compare it: trimmed and in lower case."""
    return email.strip().lower()


@transaction.atomic
def invitation_create(*, organisation, email, invited_by, now=None):
    """Invite an address to join the organisation; the email goes after the transaction commits.

    Returns the new pending OrganisationInvitation. An earlier pending invitation of the same
    address to the same organisation is replaced (revoked), so the new link is the one that works.
    Raises NotAllowed if `invited_by` is not an administrator, InvitationLimitReached after
    INVITATIONS_PER_DAY invitations from the organisation in the last 24 hours.
    """
    from opportunities.tasks import send_organisation_invitation  # tasks imports this module

    now = now or timezone.now()
    if not _is_admin(organisation=organisation, user=invited_by):
        raise NotAllowed("Only the organisation's administrators can invite people.")
    sent_today = OrganisationInvitation.objects.filter(
        organisation=organisation, created_at__gt=now - timedelta(days=1)
    ).count()
    if sent_today >= INVITATIONS_PER_DAY:
        raise InvitationLimitReached(
            f"Your organisation has sent {INVITATIONS_PER_DAY} invitations today, which is as "
            "many as it can send in a day. Try again tomorrow, or email NSUN if you need more."
        )
    email = email.strip()
    normalised = normalise_email(email)
    OrganisationInvitation.objects.filter(
        PENDING_INVITATION, organisation=organisation, email_normalised=normalised
    ).update(revoked_at=now)
    invitation = OrganisationInvitation(
        organisation=organisation,
        email=email,
        email_normalised=normalised,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean(exclude=["organisation", "invited_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # The same address was invited by a request running at the same moment; that one's
        # invitation stands, and the answer is the same.
        return OrganisationInvitation.objects.get(
            PENDING_INVITATION, organisation=organisation, email_normalised=normalised
        )
    transaction.on_commit(lambda: send_organisation_invitation.enqueue(invitation.pk))
    return invitation


def invitation_send(*, invitation_id):
    """Email a pending invitation with a new single-use link. Run by the task worker.

    Returns the number of emails sent: 0 if the invitation has ended or the address already
    belongs to someone in the organisation (there is nothing for them to accept).
    """
    invitation = (
        OrganisationInvitation.objects.filter(PENDING_INVITATION, pk=invitation_id)
        .select_related("organisation", "invited_by")
        .first()
    )
    if invitation is None or invitation.is_expired():
        return 0
    account = (
        get_user_model()
        .objects.filter(
            Q(email__iexact=invitation.email_normalised)
            | Q(emailaddress__email__iexact=invitation.email_normalised)
        )
        .first()
    )
    if (
        account is not None
        and OrganisationMembership.objects.filter(
            organisation=invitation.organisation, user=account
        ).exists()
    ):
        return 0
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.save(update_fields=["token_hash"])
    organisation = invitation.organisation
    send_templated_email(
        template="opportunities_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter_name": invitation.invited_by.get_full_name()
            if invitation.invited_by
            else "An administrator",
            "has_account": account is not None,
            "verified": organisation.verified,
            "accept_url": absolute_url(reverse("portal:invitation", args=[token])),
            "expires_on": timezone.localtime(invitation.expires_at).date(),
        },
        to=[invitation.email],
    )
    return 1


def invitation_check_usable(*, invitation, now=None):
    """Raise InvitationUnavailable, with a message saying why in plain words, unless the
    invitation can still be accepted or declined."""
    if invitation.accepted_at:
        raise InvitationUnavailable("This invitation has already been accepted.")
    if invitation.declined_at:
        raise InvitationUnavailable("This invitation was declined, so it cannot be used now.")
    if invitation.revoked_at:
        raise InvitationUnavailable(
            "The organisation has withdrawn this invitation. If you expected it, ask them to "
            "invite you again."
        )
    if invitation.is_expired(now):
        raise InvitationUnavailable(
            "This invitation has expired. Invitations last 14 days. Ask the organisation to "
            "invite you again."
        )


def invitation_matches_user(*, invitation, user):
    """Whether the invitation was sent to one of the account's confirmed email addresses."""
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=invitation.email_normalised
    ).exists()


def _invitation_end(invitation, now, **ended):
    """Mark a pending invitation ended, once: False if someone else ended it first."""
    return bool(
        OrganisationInvitation.objects.filter(PENDING_INVITATION, pk=invitation.pk)
        .filter(expires_at__gt=now)
        .update(**ended)
    )


@transaction.atomic
def invitation_accept(*, invitation, user, now=None):
    """The invited person joins the organisation as a member. Returns their membership.

    Raises InvitationUnavailable if it was used, declined, revoked or has expired; NotAllowed
    if it was not sent to a confirmed email address of `user`.
    """
    now = now or timezone.now()
    invitation_check_usable(invitation=invitation, now=now)
    if not invitation_matches_user(invitation=invitation, user=user):
        raise NotAllowed(
            "This invitation was sent to an email address that is not a confirmed address on "
            "the account you are signed in with. Sign out, then sign in with the account for "
            "the address the invitation was sent to."
        )
    if not _invitation_end(invitation, now, accepted_at=now):
        raise InvitationUnavailable("This invitation cannot be used now.")
    membership, _ = OrganisationMembership.objects.get_or_create(
        user=user, organisation_id=invitation.organisation_id
    )
    return membership


def invitation_decline(*, invitation, now=None):
    """Say no to an invitation; nothing else changes. Raises InvitationUnavailable if it cannot
    be used any more."""
    now = now or timezone.now()
    invitation_check_usable(invitation=invitation, now=now)
    if not _invitation_end(invitation, now, declined_at=now):
        raise InvitationUnavailable("This invitation cannot be used now.")


def invitation_revoke(*, invitation, revoked_by, now=None):
    """An administrator withdraws a pending invitation, so its link stops working.

    Raises NotAllowed if `revoked_by` is not an administrator of the organisation.
    """
    if not _is_admin(organisation=invitation.organisation_id, user=revoked_by):
        raise NotAllowed("Only the organisation's administrators can withdraw invitations.")
    OrganisationInvitation.objects.filter(PENDING_INVITATION, pk=invitation.pk).update(
        revoked_at=now or timezone.now()
    )


def invitations_delete_old(*, now=None):
    """Delete invitations INVITATION_RETENTION after they ended or expired. Returns how many."""
    cutoff = (now or timezone.now()) - INVITATION_RETENTION
    deleted, _ = OrganisationInvitation.objects.filter(
        Q(expires_at__lt=cutoff)
        | Q(accepted_at__lt=cutoff)
        | Q(declined_at__lt=cutoff)
        | Q(revoked_at__lt=cutoff)
    ).delete()
    return deleted


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
    content_changed()  # its page, lists and the home page say it is closed
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
    content_changed()  # the opportunity's page shows what happened
    if opportunity.closed_at is None:
        opportunity_close(opportunity=opportunity, user=user)
    participants = ExpressionOfInterest.objects.filter(
        opportunity=opportunity, status=InterestStatus.SELECTED, member__isnull=False
    ).select_related("member")
    queue_templated_email(
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
        queue_templated_email(
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
    queue_templated_email(
        template="opportunities_interest_received", context=context, to=[member.email]
    )
    queue_templated_email(
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
        queue_templated_email(
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
        queue_templated_email(
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


@transaction.atomic
def interest_record_past(
    *,
    member,
    opportunity,
    status,
    organiser,
    created_at,
    decided_at,
    acknowledged_at=None,
    message,
    payment_preference="not_sure",
):
    """An expression of interest made in the past (the demo seed, an import), with the history
    `interest_express` and `interest_set_status` would have written for it, dated as given.

    Sent at `created_at`; seen by the organisation at `acknowledged_at` (if given and the status
    is past "seen"); then moved to its `status` at `decided_at` by the organiser (or withdrawn by
    the member). Returns the ExpressionOfInterest.
    """
    status = InterestStatus(status)
    history = [(InterestStatus.SUBMITTED, created_at, member)]
    if status == InterestStatus.WITHDRAWN:
        acknowledged_at = None
        history.append((status, decided_at, member))
    elif status != InterestStatus.SUBMITTED:
        acknowledged_at = min(acknowledged_at or decided_at, decided_at)
        history.append((InterestStatus.ACKNOWLEDGED, acknowledged_at, organiser))
        if status != InterestStatus.ACKNOWLEDGED:
            history.append((status, decided_at, organiser))
    else:
        acknowledged_at = None
    expression = ExpressionOfInterest(
        member=member,
        opportunity=opportunity,
        message=message,
        payment_preference=payment_preference,
        status=status,
        created_at=created_at,
        status_changed_at=history[-1][1],
        acknowledged_at=acknowledged_at,
    )
    expression.full_clean()
    expression.save()
    InterestStatusChange.objects.bulk_create(
        InterestStatusChange(expression=expression, status=s, changed_at=at, changed_by=by)
        for s, at, by in history
    )
    return expression
