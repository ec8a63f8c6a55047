"""Reads for opportunities, organisations and expressions of interest.

Permission rules live here: organisation members see their own organisations' records only, and
everything else is a 404.
"""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.data_rights import plain_fields
from opportunities import standards
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationPage,
)
from opportunities.models.invitations import PENDING as PENDING_INVITATION
from opportunities.models.invitations import hash_token

OPPORTUNITIES_PER_PAGE = 20


def open_opportunities():
    """Published opportunities people can still express interest in."""
    today = timezone.localdate()
    return (
        OpportunityPage.objects.live()
        .filter(closed_at__isnull=True)
        .filter(Q(rolling=True) | Q(deadline__isnull=True) | Q(deadline__gte=today))
    )


def latest_opportunities(*, limit=5):
    """The newest open opportunities, each with `listed_organisation` (its organisation's name)."""
    return with_organisation_names(
        list(open_opportunities().order_by("-first_published_at", "-pk")[:limit])
    )


def with_organisation_names(pages):
    """Sets `listed_organisation` on each opportunity page (its parent's title) in one query."""
    parents = {page.path[: -OpportunityPage.steplen] for page in pages}
    names = dict(OrganisationPage.objects.filter(path__in=parents).values_list("path", "title"))
    for page in pages:
        page.listed_organisation = names.get(page.path[: -OpportunityPage.steplen], "")
    return pages


def standards_check_count():
    """How many 4Pi checks an opportunity is scored against (opportunities.standards.CHECKS)."""
    return len(standards.CHECKS)


def organisations_listed():
    return OrganisationPage.objects.live().order_by("title")


def membership_or_404(*, user, organisation_id):
    membership = (
        OrganisationMembership.objects.select_related("organisation")
        .filter(user=user, organisation_id=organisation_id)
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    return membership


def memberships_of(*, user):
    """The person's memberships with their organisations, by organisation name, for the portal."""
    return (
        OrganisationMembership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__title")
    )


def organisation_membership_or_404(*, organisation_id, membership_id):
    """One membership of the organisation, with its person; Http404 if it is another's.

    Callers check first that the person asking belongs to the organisation."""
    return get_object_or_404(
        OrganisationMembership.objects.select_related("user"),
        pk=membership_id,
        organisation_id=organisation_id,
    )


def live_opportunity_or_404(*, opportunity_id):
    """A published opportunity; Http404 for a draft, an unpublished one or no such id."""
    return get_object_or_404(OpportunityPage.objects.live(), pk=opportunity_id)


def organisation_for_member_or_404(*, user, organisation_id):
    return membership_or_404(user=user, organisation_id=organisation_id).organisation


def organisation_people(organisation):
    """The organisation's memberships with their people, by email address."""
    return organisation.memberships.select_related("user").order_by("user__email")


def invitations_pending(organisation):
    """Invitations of the organisation not yet accepted, declined, revoked or expired, newest
    first."""
    return OrganisationInvitation.objects.filter(
        PENDING_INVITATION, organisation=organisation, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-pk")


def invitation_for_admin_or_404(*, user, organisation_id, invitation_id):
    """An invitation of an organisation the person administers, or 404."""
    invitation = OrganisationInvitation.objects.filter(
        pk=invitation_id,
        organisation_id=organisation_id,
        organisation__memberships__user=user,
        organisation__memberships__role=OrganisationMembership.Role.ADMIN,
    ).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def invitation_by_token(token):
    """The invitation whose link holds `token` (any state), or None."""
    return (
        OrganisationInvitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def opportunity_for_member_or_404(*, user, opportunity_id):
    """An opportunity (its latest draft state) that the person's organisation owns, or 404."""
    opportunity = OpportunityPage.objects.filter(pk=opportunity_id).first()
    if opportunity is None or not user.is_authenticated:
        raise Http404("No such opportunity.")
    parent = opportunity.get_parent()
    if not OrganisationMembership.objects.filter(user=user, organisation_id=parent.pk).exists():
        raise Http404("No such opportunity.")
    return opportunity


def opportunities_for_organisation(organisation):
    return (
        OpportunityPage.objects.child_of(organisation)
        .annotate(
            interest_count=Count("expressions_of_interest", distinct=True),
            waiting_count=Count(
                "expressions_of_interest",
                filter=Q(expressions_of_interest__status=InterestStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("-latest_revision_created_at", "-pk")
    )


def interest_for_opportunity(opportunity):
    return (
        ExpressionOfInterest.objects.filter(opportunity=opportunity)
        .select_related("member")
        .prefetch_related("status_changes")
        .order_by("created_at")
    )


def interest_for_member(user):
    return (
        ExpressionOfInterest.objects.filter(member=user)
        .select_related("opportunity")
        .prefetch_related(Prefetch("status_changes"))
        .order_by("-created_at")
    )


def interest_for_organisation_member_or_404(*, user, expression_id):
    expression = (
        ExpressionOfInterest.objects.select_related("opportunity", "member")
        .filter(pk=expression_id)
        .first()
    )
    if expression is None:
        raise Http404("No such expression of interest.")
    opportunity_for_member_or_404(user=user, opportunity_id=expression.opportunity_id)
    return expression


def interest_of_member_or_404(*, user, expression_id):
    expression = ExpressionOfInterest.objects.filter(pk=expression_id, member=user).first()
    if expression is None or not user.is_authenticated:
        raise Http404("No such expression of interest.")
    return expression


def opportunity_page_context(*, opportunity, user):
    """What the public opportunity page needs beyond the page itself."""
    results = standards.evaluate(opportunity)
    existing = None
    if user.is_authenticated:
        existing = ExpressionOfInterest.objects.filter(member=user, opportunity=opportunity).first()
    outcome = getattr(opportunity, "outcome_report", None) if opportunity.pk else None
    return {
        "check_results": results,
        "checks_met": sum(result.passed for result in results),
        "checks_total": len(results),
        "existing_interest": existing,
        "outcome_report": outcome,
        "organisation": opportunity.get_parent().specific if opportunity.pk else None,
        "topics": list(opportunity.topics.all()),
        "communities": list(opportunity.communities.all()),
    }


# Staff reports (Wagtail admin)


@dataclass
class OrganisationInvolvementRow:
    """One organisation's record of answering people, for NSUN staff."""

    organisation: OrganisationPage
    open_opportunities: int = 0
    interest_received: int = 0
    acknowledged: int = 0
    waiting_after_reminder: int = 0
    outcomes_owed: int = 0
    acknowledge_hours: list = field(default_factory=list)

    @property
    def title(self):
        return self.organisation.title

    @property
    def verified(self):
        return "Yes" if self.organisation.verified else "No"

    @property
    def median_days_to_acknowledge(self):
        if not self.acknowledge_hours:
            return None
        return round(median(self.acknowledge_hours) / 24, 1)


def organisation_involvement_report():
    """Per organisation: interest received, how fast it is acknowledged, and outcomes owed.

    Opportunities sit under their organisation in the page tree, so each is mapped to its
    organisation by its tree path; four queries whatever the number of organisations.
    """
    rows = {
        organisation.path: OrganisationInvolvementRow(organisation)
        for organisation in OrganisationPage.objects.order_by("title")
    }

    def row_for(opportunity_path):
        return rows.get(opportunity_path[: -OpportunityPage.steplen])

    for path in open_opportunities().values_list("path", flat=True):
        if row := row_for(path):
            row.open_opportunities += 1
    expressions = ExpressionOfInterest.objects.values_list(
        "opportunity__path", "created_at", "acknowledged_at", "status", "reminder_sent_at"
    )
    for path, created_at, acknowledged_at, status, reminder_sent_at in expressions:
        row = row_for(path)
        if row is None:
            continue
        row.interest_received += 1
        if acknowledged_at is not None:
            row.acknowledged += 1
            row.acknowledge_hours.append((acknowledged_at - created_at).total_seconds() / 3600)
        elif status == InterestStatus.SUBMITTED and reminder_sent_at is not None:
            row.waiting_after_reminder += 1
    for path in opportunities_owing_outcomes().values_list("path", flat=True):
        if row := row_for(path):
            row.outcomes_owed += 1
    return list(rows.values())


def opportunities_owing_outcomes(*, today=None):
    """Ended opportunities with people selected and no outcome report yet."""
    today = today or timezone.localdate()
    return (
        OpportunityPage.objects.live()
        .filter(end_date__lt=today, outcome_report__isnull=True)
        .filter(expressions_of_interest__status=InterestStatus.SELECTED)
        .distinct()
    )


def organisations_awaiting_verification():
    return OrganisationPage.objects.filter(verified=False).order_by("first_published_at", "pk")


def member_expressions_data(member):
    """The member's expressions of interest with their history, for their copy of their data."""
    return [
        {
            "opportunity": expression.opportunity.title,
            **plain_fields(expression, exclude={"monitoring_token"}),
            "answered_monitoring_questions": bool(expression.monitoring_token),
            "history": [
                {"status": change.status, "at": change.changed_at.isoformat()}
                for change in expression.status_changes.all()
            ],
        }
        for expression in ExpressionOfInterest.objects.filter(member=member)
        .select_related("opportunity")
        .prefetch_related("status_changes")
    ]


def member_organisations_data(member):
    """The organisations the member belongs to and their role, for their copy of their data."""
    return [
        {"organisation": m.organisation.title, "role": m.role}
        for m in member.organisation_memberships.select_related("organisation")
    ]
