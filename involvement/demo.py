"""Demo data for benefits totals, letters and feedback, so `make run` shows them: the demo
member's paid sessions in one involvement, and invented feedback answers in an earlier,
released quarter for one organisation (invented respondents: nobody's real answers)."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.periods import parse_period
from involvement import services
from involvement.feedback import QUESTIONS, released_quarters
from involvement.models import FeedbackResponse, Involvement
from opportunities.models import ExpressionOfInterest, OpportunityPage, OrganisationMembership

DEMO_MEMBER = "member@example.org"
DEMO_ORGANISATION = "organisation@example.org"
FEEDBACK_ANSWERS = 14  # enough people for the quarter's figures to be released


def _demo_involvement(member, today):
    involvement = Involvement.objects.filter(member=member).first()
    if involvement is not None:
        return involvement
    opportunity = OpportunityPage.objects.live().filter(fee_amount__gt=0).order_by("pk").first()
    if opportunity is None:
        return None
    expression, _ = ExpressionOfInterest.objects.get_or_create(
        member=member, opportunity=opportunity, defaults={"payment_preference": "full_fee"}
    )
    involvement = services.involvement_start(expression=expression, user=None)
    services.involvement_set_terms(
        involvement=involvement,
        payment_preference=involvement.payment_preference,
        fee_per_unit_pence=involvement.fee_per_unit_pence,
        contribution="Sam read every draft closely and asked the question nobody else had: "
        "how someone in crisis would find the service at night. The leaflet changed because "
        "of it.",
        user=None,
    )
    for weeks_ago in (9, 6, 3, 1):
        session = services.session_record(
            involvement=involvement,
            date=today - timedelta(weeks=weeks_ago),
            quantity=Decimal("2"),
            mode="online",
            user=None,
        )
        if weeks_ago > 1:
            services.fee_payment_record(
                involvement=involvement,
                sessions=[session],
                paid_on=min(today, session.date + timedelta(days=12)),
                method="bank_transfer",
                user=None,
            )
    return involvement


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
                anything_else=rng.choice(
                    [
                        "",
                        "",
                        "Being paid on the day made a real difference.",
                        "I never heard what happened to our ideas.",
                    ]
                ),
                **answers,
            )
        )
    FeedbackResponse.objects.bulk_create(rows)


def build_involvement_extras(context):
    member = get_user_model().objects.filter(email=DEMO_MEMBER).first()
    if member is None:
        return
    today = timezone.localdate()
    involvement = _demo_involvement(member, today)
    if involvement is None:
        return
    quarters = released_quarters(today)
    # The feedback goes to the organisation the demo organisation login administers.
    admin_of = OrganisationMembership.objects.filter(
        user__email=DEMO_ORGANISATION, role=OrganisationMembership.Role.ADMIN
    ).values_list("organisation_id", flat=True)
    organisation_id = admin_of.first() or involvement.organisation_id
    if quarters:
        _demo_feedback(context.random_for("involvement-feedback"), organisation_id,
                       quarters[0])  # fmt: skip
    context.report.append(
        "Involvement: the demo member's totals at /account/involvement/benefits/ and letters at "
        f"/account/involvement/{involvement.pk}/letters/; feedback figures on the portal."
    )
