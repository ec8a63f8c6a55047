"""Demo involvement records for `seed_demo`: sessions, fees, expense claims and late payments,
then (build_involvement_extras) what the demo member's letters say and released feedback. The
words and the demo member's claims are involvement/demo_data/content.json.

Everything is written through involvement.services, so the audit trail is the one real use
writes. The services date decisions "now"; where the demo needs a claim decided weeks ago, the
claim and its audit events are moved back together afterwards (`_backdate_claim`).
"""

import json
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.demo_steps import demo_value
from core.periods import parse_period
from involvement import services
from involvement.feedback import QUESTIONS, released_quarters
from involvement.models import (
    EndedBy,
    ExpenseClaim,
    FeedbackResponse,
    Involvement,
    InvolvementEvent,
    InvolvementSession,
    PaymentMethod,
    SessionMode,
)
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationMembership,
)
from opportunities.services import interest_record_past

ORGANISATION_EMAIL = demo_value("organisation_email")

# A one-page PDF: enough for the receipt check (first bytes and name) and to open.
RECEIPT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DEMO_MEMBER_ROLES = 3
FEEDBACK_ANSWERS = 14  # enough people for the quarter's figures to be released
# The demo member's claims, the organisation's words and the feedback comments. Dates are days
# before the seed runs, so the demo keeps its shape whenever it is built.
CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())


def _quantity(involvement):
    return Decimal("2.5") if involvement.fee_unit == "hour" else Decimal(1)


def _session(involvement, organiser, rng, days_ago):
    return services.session_record(
        involvement=involvement,
        date=timezone.localdate() - timedelta(days=days_ago),
        quantity=_quantity(involvement),
        mode=rng.choice(SessionMode.values),
        user=organiser,
    )


def _pay(involvement, sessions, organiser, after_days):
    """Pay `sessions` `after_days` after the last of them (never later than today)."""
    paid_on = min(max(s.date for s in sessions) + timedelta(days=after_days), timezone.localdate())
    return services.fee_payment_record(
        involvement=involvement,
        sessions=sessions,
        paid_on=paid_on,
        method=PaymentMethod.BANK_TRANSFER,
        user=organiser,
    )


def _backdate_claim(claim, days):
    """Move a claim's submission, decision and due date `days` back, with its audit events."""
    shift = timedelta(days=days)
    changes = {"submitted_at": claim.submitted_at - shift}
    if claim.decided_at:
        changes["decided_at"] = claim.decided_at - shift
    if claim.approved_at:
        changes["approved_at"] = claim.approved_at - shift
        changes["due_by"] = claim.due_by - shift
    ExpenseClaim.objects.filter(pk=claim.pk).update(**changes)
    for event in InvolvementEvent.objects.filter(
        involvement_id=claim.involvement_id, subject=f"claim {claim.pk}"
    ):
        InvolvementEvent.objects.filter(pk=event.pk).update(at=event.at - shift)
    claim.refresh_from_db()
    return claim


def _claim(involvement, member, organiser, *, kind, pence, days_ago, description, receipt=False):
    receipts = []
    if receipt:
        receipts = [SimpleUploadedFile("bus-ticket.pdf", RECEIPT_PDF, "application/pdf")]
    return services.claim_submit(
        involvement=involvement,
        kind=kind,
        amount_pence=pence,
        spent_on=timezone.localdate() - timedelta(days=days_ago),
        description=description,
        receipts=receipts,
        member=member,
    )


def _demo_member_roles(member, organiser, northfield, rng):
    """Up to DEMO_MEMBER_ROLES selected expressions of the demo member at paid Northfield roles."""
    selected = list(
        ExpressionOfInterest.objects.filter(
            member=member,
            status=InterestStatus.SELECTED,
            opportunity__in=OpportunityPage.objects.child_of(northfield),
        )
    )
    paid_roles = OpportunityPage.objects.child_of(northfield).filter(
        paid=True, fee_amount__isnull=False
    )
    for opportunity in paid_roles.exclude(expressions_of_interest__member=member).order_by("pk"):
        if len(selected) >= DEMO_MEMBER_ROLES:
            break
        created_at = timezone.now() - timedelta(days=150)
        selected.append(
            interest_record_past(
                member=member,
                opportunity=opportunity,
                status=InterestStatus.SELECTED,
                organiser=organiser,
                created_at=created_at,
                decided_at=created_at + timedelta(days=3),
                acknowledged_at=created_at + timedelta(days=1),
                message=CONTENT["messages"]["demo_member"],
                payment_preference="full_fee",
            )
        )
    return selected[:DEMO_MEMBER_ROLES]


def _demo_colleagues(member, organiser, northfield):
    """Three other people selected at a paid Northfield role, so that its "usually pays within"
    figure (which needs payments to several people) shows in the demo."""
    from members.models import User

    role = (
        OpportunityPage.objects.child_of(northfield)
        .filter(paid=True, fee_amount__isnull=False)
        .order_by("pk")
        .first()
    )
    if role is None:
        return
    people = (
        User.objects.filter(is_staff=False, organisation_memberships__isnull=True)
        .exclude(pk=member.pk)
        .exclude(expressions_of_interest__opportunity=role)
        .order_by("pk")[:3]
    )
    for person in people:
        created_at = timezone.now() - timedelta(days=320)
        interest_record_past(
            member=person,
            opportunity=role,
            status=InterestStatus.SELECTED,
            organiser=organiser,
            created_at=created_at,
            decided_at=created_at + timedelta(days=3),
            acknowledged_at=created_at + timedelta(days=1),
            message=CONTENT["messages"]["colleagues"],
            payment_preference="full_fee",
        )


def _demo_member_claim(involvement, member, organiser, claim):
    """One claim of the data file's: submitted `days_ago`, then decided, moved back in time and
    paid as it says."""
    made = _claim(involvement, member, organiser, kind=claim["kind"], pence=claim["pence"],
                  days_ago=claim["days_ago"], description=claim["description"],
                  receipt=claim["receipt"])  # fmt: skip
    if "decision" not in claim:
        return
    services.claim_decide(
        claim=made, decision=claim["decision"], reason=claim["reason"], user=organiser
    )
    if "moved_back_days" in claim:
        made = _backdate_claim(made, claim["moved_back_days"])
    if "moved_back_days_past_payment_promise" in claim:
        days = involvement.days_to_pay + claim["moved_back_days_past_payment_promise"]
        made = _backdate_claim(made, days)
    if "paid_days_after_approval" in claim:
        services.claim_mark_paid(
            claim=made,
            paid_on=timezone.localdate(made.approved_at)
            + timedelta(days=claim["paid_days_after_approval"]),
            method=PaymentMethod.BANK_TRANSFER,
            user=organiser,
        )


def _build_demo_member(member, organiser, involvements, rng):
    """The demo member sees every state: fees paid on time and late, fees overdue, claims
    submitted, approved (overdue), queried, refused and paid, and an ended role."""
    first, *others = involvements
    # Fees: two sessions paid on time, one paid late, one overdue, one recent and not yet due.
    on_time = [_session(first, organiser, rng, days) for days in (120, 110)]
    _pay(first, on_time, organiser, after_days=first.days_to_pay - 10)
    late = _session(first, organiser, rng, 90)
    _pay(first, [late], organiser, after_days=first.days_to_pay + 18)
    _session(first, organiser, rng, first.days_to_pay + 12)
    _session(first, organiser, rng, 5)
    # Claims in every state.
    for claim in CONTENT["demo_member_claims"]:
        _demo_member_claim(first, member, organiser, claim)
    if others:
        second = others[0]
        sessions = [_session(second, organiser, rng, days) for days in (60, 45)]
        _pay(second, sessions, organiser, after_days=14)
        _session(second, organiser, rng, 15)
    if len(others) > 1:
        ended = others[1]
        _pay(ended, [_session(ended, organiser, rng, 140)], organiser, after_days=21)
        services.involvement_end(
            involvement=ended,
            ended_by=EndedBy.ORGANISATION,
            user=organiser,
            reason=CONTENT["ended_reason"],
        )


def _build_others(involvements, organiser, rng):
    """Sessions and payments for everyone else: most paid, some late, a few overdue. The demo
    organisation login records its own organisations' sessions; the rest have no named user."""
    organiser_of = set(organiser.organisation_memberships.values_list("organisation_id", flat=True))
    for involvement in involvements:
        if not involvement.fee_per_unit_pence:
            continue
        user = organiser if involvement.organisation_id in organiser_of else None
        days = sorted(rng.sample(range(20, 300), rng.randint(2, 4)), reverse=True)
        for days_ago in days:
            session = _session(involvement, user, rng, days_ago)
            if days_ago < 30 or rng.random() < 0.1:
                continue  # not paid yet: overdue if the promise has passed
            _pay(involvement, [session], user, after_days=rng.choice([7, 14, 21, 28, 45]))


def build_involvement_records(context):
    if InvolvementSession.objects.exists():
        return
    from core.demo import MEMBER_EMAIL
    from members.models import User
    from opportunities.models import OrganisationPage

    rng = context.random_for("involvement")
    member = User.objects.get(email=MEMBER_EMAIL)
    organiser = User.objects.get(email=ORGANISATION_EMAIL)
    northfield = OrganisationPage.objects.get(title=demo_value("organisation_name"))
    mine = [
        services.involvement_start(expression=expression, user=organiser)
        for expression in _demo_member_roles(member, organiser, northfield, rng)
    ]
    _demo_colleagues(member, organiser, northfield)
    others = [
        services.involvement_start(expression=expression)
        for expression in ExpressionOfInterest.objects.filter(status=InterestStatus.SELECTED)
        .exclude(member=member)
        .select_related("opportunity")
        .order_by("pk")
    ]
    _build_demo_member(member, organiser, mine, rng)
    _build_others(others, organiser, rng)
    _start_before_the_first_session()
    context.report.append(
        f"{Involvement.objects.count()} involvement records with "
        f"{InvolvementSession.objects.count()} sessions and {ExpenseClaim.objects.count()} "
        f"expense claims ({len(mine)} roles for the demo member)"
    )


def _start_before_the_first_session():
    """The services start an involvement "now"; the demo's sessions lie weeks back, so each
    involvement (and the interest and audit entries before it) is moved to start a week before
    its first session, as it would have in life."""
    from datetime import datetime, time

    for involvement in Involvement.objects.prefetch_related("sessions"):
        dates = [session.date for session in involvement.sessions.all()]
        if not dates:
            continue
        start = timezone.make_aware(datetime.combine(min(dates) - timedelta(days=7), time(10)))
        if start < involvement.started_at:
            Involvement.objects.filter(pk=involvement.pk).update(started_at=start)
            InvolvementEvent.objects.filter(
                involvement=involvement, action="started", at__gt=start
            ).update(at=start)


def _demo_feedback(rng, organisation_id, quarter):
    if FeedbackResponse.objects.exists():
        return
    period = parse_period(quarter)
    rows = []
    for _ in range(FEEDBACK_ANSWERS):
        answers = {name: rng.choice(choices)[0] for name, _, choices in QUESTIONS}
        rows.append(
            FeedbackResponse(
                organisation_id=organisation_id,
                quarter=quarter,
                respondent=secrets.token_hex(16),
                record_key=rng.randrange(256),
                recorded_month=period.start,
                anything_else=rng.choice(CONTENT["feedback_comments"]),
                **answers,
            )
        )
    FeedbackResponse.objects.bulk_create(rows)


def build_involvement_extras(context):
    """The organisation's words for the demo member's reference letters, and a released
    quarter of feedback for the organisation the demo organisation login administers."""
    from core.demo import MEMBER_EMAIL

    involvements = Involvement.objects.filter(member__email=MEMBER_EMAIL).order_by("pk")
    organiser = get_user_model().objects.filter(email=ORGANISATION_EMAIL).first()
    for involvement in involvements.filter(contribution=""):
        services.involvement_set_terms(
            involvement=involvement,
            payment_preference=involvement.payment_preference,
            fee_per_unit_pence=involvement.fee_per_unit_pence,
            contribution=CONTENT["contribution"],
            user=organiser,
        )
    first = involvements.first()
    if first is None:
        return
    admin_of = OrganisationMembership.objects.filter(
        user__email=ORGANISATION_EMAIL, role=OrganisationMembership.Role.ADMIN
    ).values_list("organisation_id", flat=True)
    quarters = released_quarters(timezone.localdate())
    if quarters:
        _demo_feedback(context.random_for("involvement-feedback"),
                       admin_of.first() or first.organisation_id, quarters[0])  # fmt: skip
    context.report.append(
        "Involvement: the demo member's totals at /account/involvement/benefits/ and letters at "
        f"/account/involvement/{first.pk}/letters/; feedback figures on the portal."
    )
