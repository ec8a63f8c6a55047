"""Reads for involvement. Permission rules live here: the member sees their own; an
organisation's administrators see their organisation's; everything else is a 404."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from core.data_rights import plain_fields
from core.staff import user_is_staff
from involvement.models import (
    ClaimStatus,
    ExpenseClaim,
    ExpenseReceipt,
    Involvement,
    InvolvementSession,
)
from opportunities.models import OpportunityPage, OrganisationMembership, OrganisationPage

# "Usually pays within N days" appears once an organisation has made at least this many
# payments (fees and expenses; one payment of several sessions counts once) in the last 12
# months, to at least USUALLY_PAYS_PEOPLE different people: fewer payments would let one late or
# early payment speak for the organisation, and fewer people could point at one person's
# payments (docs/decisions/0014).
USUALLY_PAYS_MINIMUM = 5
USUALLY_PAYS_PEOPLE = 3
USUALLY_PAYS_WINDOW = timedelta(days=365)

ADMIN = OrganisationMembership.Role.ADMIN


def _with_records(queryset):
    """Involvements with everything their pages show, in a fixed number of queries."""
    return queryset.select_related(
        "opportunity", "organisation", "member", "feedback_request"
    ).prefetch_related(
        Prefetch(
            "sessions",
            queryset=InvolvementSession.objects.select_related("payment").order_by("-date", "-pk"),
        ),
        "fee_payments",
        Prefetch(
            "claims",
            queryset=ExpenseClaim.objects.prefetch_related("receipts").order_by(
                "-submitted_at", "-pk"
            ),
        ),
    )


def involvements_for_member(user):
    """The member's involvements, newest first, with sessions, payments, claims and receipts."""
    return _with_records(Involvement.objects.filter(member=user)).order_by("-started_at", "-pk")


def involvement_of_member_or_404(*, user, involvement_id):
    if not user.is_authenticated:
        raise Http404("No such involvement.")
    involvement = _with_records(Involvement.objects.filter(pk=involvement_id, member=user)).first()
    if involvement is None:
        raise Http404("No such involvement.")
    return involvement


def is_admin_of(user, organisation_id):
    return (
        user.is_authenticated
        and OrganisationMembership.objects.filter(
            user=user, organisation_id=organisation_id, role=ADMIN
        ).exists()
    )


def organisation_for_admin_or_404(*, user, organisation_id):
    if not is_admin_of(user, organisation_id):
        raise Http404("No such organisation.")
    return OrganisationPage.objects.get(pk=organisation_id)


def opportunity_for_admin_or_404(*, user, opportunity_id):
    opportunity = OpportunityPage.objects.filter(pk=opportunity_id).first()
    if opportunity is None or not is_admin_of(user, opportunity.get_parent().pk):
        raise Http404("No such opportunity.")
    return opportunity


def involvement_for_admin_or_404(*, user, involvement_id):
    if not user.is_authenticated:
        raise Http404("No such involvement.")
    involvement = _with_records(
        Involvement.objects.filter(
            pk=involvement_id,
            organisation__memberships__user=user,
            organisation__memberships__role=ADMIN,
        )
    ).first()
    if involvement is None:
        raise Http404("No such involvement.")
    return involvement


def claim_for_admin_or_404(*, user, claim_id):
    if not user.is_authenticated:
        raise Http404("No such claim.")
    claim = (
        ExpenseClaim.objects.select_related("involvement__member", "involvement__opportunity")
        .filter(
            pk=claim_id,
            involvement__organisation__memberships__user=user,
            involvement__organisation__memberships__role=ADMIN,
        )
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def claim_of_member_or_404(*, user, claim_id):
    if not user.is_authenticated:
        raise Http404("No such claim.")
    claim = (
        ExpenseClaim.objects.select_related("involvement__opportunity")
        .filter(pk=claim_id, involvement__member=user)
        .first()
    )
    if claim is None:
        raise Http404("No such claim.")
    return claim


def receipt_for_user_or_404(*, user, receipt_id):
    """A receipt its member, an administrator of that organisation, or NSUN staff may download.

    Everyone else, signed out included, gets the same 404, so ids cannot be probed.
    """
    if not user.is_authenticated:
        raise Http404("No such receipt.")
    receipt = (
        ExpenseReceipt.objects.select_related("claim__involvement").filter(pk=receipt_id).first()
    )
    if receipt is None:
        raise Http404("No such receipt.")
    involvement = receipt.claim.involvement
    allowed = (
        involvement.member_id == user.pk
        or user_is_staff(user)
        or is_admin_of(user, involvement.organisation_id)
    )
    if not allowed:
        raise Http404("No such receipt.")
    return receipt


def involvements_for_opportunity(opportunity):
    return _with_records(Involvement.objects.filter(opportunity=opportunity)).order_by(
        "status", "started_at", "pk"
    )


@dataclass
class Owed:
    """Something the organisation owes: a session's fee or an approved claim."""

    kind: str  # "fee" or "expenses"
    involvement: Involvement
    amount_pence: int
    since: date  # the session's date, or the day the claim was approved
    due_by: date
    record: object

    def is_overdue(self, today):
        return self.due_by < today


def _owed(organisation_ids=None):
    sessions = InvolvementSession.objects.filter(payment__isnull=True, fee_due_pence__gt=0)
    claims = ExpenseClaim.objects.filter(status=ClaimStatus.APPROVED)
    if organisation_ids is not None:
        sessions = sessions.filter(involvement__organisation_id__in=organisation_ids)
        claims = claims.filter(involvement__organisation_id__in=organisation_ids)
    related = ("involvement__opportunity", "involvement__member", "involvement__organisation")
    items = [
        Owed("fee", s.involvement, s.fee_due_pence, s.date, s.due_by, s)
        for s in sessions.select_related(*related)
    ]
    items += [
        Owed(
            "expenses",
            c.involvement,
            c.amount_pence,
            timezone.localdate(c.approved_at),
            c.due_by,
            c,
        )
        for c in claims.select_related(*related)
    ]
    items.sort(key=lambda item: (item.due_by, item.kind, item.record.pk))
    return items


def organisation_payments_due(organisation):
    """What the organisation owes, soonest due first: a list of Owed (two queries)."""
    return _owed([organisation.pk])


def overdue_by_organisation(*, today):
    """{organisation: [Owed past its due date]} for every organisation owing something late."""
    grouped = defaultdict(list)
    for item in _owed():
        if item.is_overdue(today):
            grouped[item.involvement.organisation].append(item)
    return dict(grouped)


@dataclass(frozen=True)
class PaymentTime:
    """One payment's timing: days taken from the session (fees) or approval (expenses) to paid,
    against the days promised."""

    organisation_id: int
    kind: str
    paid_on: date
    days_taken: int
    days_promised: int
    # Who was paid and by which payment, to count people and payments rather than sessions:
    # ("member", id), or ("involvement", id) once the account is deleted; ("fee", id), ("claim", id).
    person: tuple = ()
    payment: tuple = ()

    @property
    def late(self):
        return self.days_taken > self.days_promised


def payment_times(*, start, end, organisation_ids=None):
    """PaymentTime of every fee (per session) and claim paid on a day in [start, end)."""
    sessions = InvolvementSession.objects.filter(
        payment__paid_on__gte=start, payment__paid_on__lt=end
    ).values_list(
        "involvement__organisation_id",
        "payment__paid_on",
        "date",
        "due_by",
        "involvement__member_id",
        "involvement_id",
        "payment_id",
    )
    claims = ExpenseClaim.objects.filter(
        status=ClaimStatus.PAID, paid_on__gte=start, paid_on__lt=end
    ).values_list(
        "involvement__organisation_id",
        "paid_on",
        "approved_at",
        "due_by",
        "involvement__member_id",
        "involvement_id",
        "pk",
    )
    if organisation_ids is not None:
        sessions = sessions.filter(involvement__organisation_id__in=organisation_ids)
        claims = claims.filter(involvement__organisation_id__in=organisation_ids)

    def person(member_id, involvement_id):
        return ("member", member_id) if member_id else ("involvement", involvement_id)

    times = [
        PaymentTime(
            org,
            "fee",
            paid_on,
            (paid_on - day).days,
            (due_by - day).days,
            person(member_id, involvement_id),
            ("fee", payment_id),
        )
        for org, paid_on, day, due_by, member_id, involvement_id, payment_id in sessions
    ]
    for org, paid_on, approved_at, due_by, member_id, involvement_id, pk in claims:
        approved = timezone.localdate(approved_at)
        times.append(
            PaymentTime(
                org,
                "expenses",
                paid_on,
                (paid_on - approved).days,
                (due_by - approved).days,
                person(member_id, involvement_id),
                ("claim", pk),
            )
        )
    return times


def usually_pays_within(organisation, *, today=None):
    """Median days to pay (per session and claim) over the last 12 months, rounded up; None
    below USUALLY_PAYS_MINIMUM payments or USUALLY_PAYS_PEOPLE people paid."""
    today = today or timezone.localdate()
    times = payment_times(
        start=today - USUALLY_PAYS_WINDOW,
        end=today + timedelta(days=1),
        organisation_ids=[organisation.pk],
    )
    payments = {t.payment for t in times}
    people = {t.person for t in times}
    if len(payments) < USUALLY_PAYS_MINIMUM or len(people) < USUALLY_PAYS_PEOPLE:
        return None
    middle = median(t.days_taken for t in times)
    return int(-(-middle // 1))


def usually_pays_extra(organisation):
    """What an organisation's public page adds (core.page_extras): how quickly it actually
    pays, once there are enough payments to be fair; None until then."""
    days = usually_pays_within(organisation)
    if days is None:
        return None
    return (
        "components/usually_pays_within.html",
        {"days": days, "minimum": USUALLY_PAYS_MINIMUM, "people": USUALLY_PAYS_PEOPLE},
    )


def late_payers(*, today=None):
    """Organisations with overdue payments now or late payments in the last 12 months, worst
    first: dicts with organisation, overdue_now, overdue_pence, paid, paid_late, median_days."""
    today = today or timezone.localdate()
    overdue = overdue_by_organisation(today=today)
    times = payment_times(start=today - USUALLY_PAYS_WINDOW, end=today + timedelta(days=1))
    by_org = defaultdict(list)
    for time in times:
        by_org[time.organisation_id].append(time)
    ids = set(by_org) | {org.pk for org in overdue}
    organisations = {org.pk: org for org in OrganisationPage.objects.filter(pk__in=ids)}
    overdue_by_id = {org.pk: items for org, items in overdue.items()}
    rows = []
    for org_id, organisation in organisations.items():
        paid = by_org.get(org_id, [])
        late = [t for t in paid if t.late]
        items = overdue_by_id.get(org_id, [])
        if not items and not late:
            continue
        rows.append(
            {
                "organisation": organisation,
                "overdue_now": len(items),
                "overdue_pence": sum(item.amount_pence for item in items),
                "paid": len(paid),
                "paid_late": len(late),
                "median_days": median(t.days_taken for t in paid) if paid else None,
            }
        )
    rows.sort(key=lambda row: (-row["overdue_now"], -row["paid_late"], row["organisation"].title))
    return rows


def member_totals(involvement):
    """(fees paid, fees due, expenses paid, expenses waiting) in pence, from prefetched records."""
    fees_paid = sum(p.amount_pence for p in involvement.fee_payments.all())
    fees_due = sum(s.fee_due_pence for s in involvement.sessions.all() if s.payment_id is None)
    claims = involvement.claims.all()
    expenses_paid = sum(c.amount_pence for c in claims if c.status == ClaimStatus.PAID)
    expenses_waiting = sum(
        c.amount_pence
        for c in claims
        if c.status in (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.QUERIED)
    )
    return fees_paid, fees_due, expenses_paid, expenses_waiting


def member_involvement_data(member):
    """Roles the member was selected for, with sessions, fees paid and expense claims (pence),
    for their copy of their data."""
    return [
        {
            "opportunity": involvement.opportunity.title,
            "organisation": involvement.organisation.title,
            **plain_fields(involvement),
            "sessions": [
                {
                    "date": session.date.isoformat(),
                    "quantity": str(session.quantity),
                    "mode": session.mode,
                    "fee_due_pence": session.fee_due_pence,
                    "due_by": session.due_by.isoformat(),
                    "paid_on": session.payment.paid_on.isoformat() if session.payment else None,
                }
                for session in involvement.sessions.all()
            ],
            "fee_payments": [
                {
                    "paid_on": p.paid_on.isoformat(),
                    "amount_pence": p.amount_pence,
                    "method": p.method,
                }
                for p in involvement.fee_payments.all()
            ],
            "expense_claims": [
                {
                    **plain_fields(claim),
                    "spent_on": claim.spent_on.isoformat(),
                    "paid_on": claim.paid_on.isoformat() if claim.paid_on else None,
                    "receipts": [receipt.original_name for receipt in claim.receipts.all()],
                }
                for claim in involvement.claims.all()
            ],
        }
        for involvement in involvements_for_member(member)
    ]


def page_holds_involvement_records(page):
    """True when involvement records belong to this page or any page below it (a Wagtail page)."""
    return Involvement.objects.filter(
        Q(opportunity__path__startswith=page.path) | Q(organisation__path__startswith=page.path)
    ).exists()
