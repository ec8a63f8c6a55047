"""Demo monitoring answers (invented) so the Presence reports show real-looking, suppressed
figures. Answers are drawn at random for each record, with the weights in
monitoring/demo_data/content.json; nothing here describes a real person. Records are made by
monitoring.factories."""

import json
import random
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.demo_steps import demo_value
from monitoring import questions as q
from monitoring.disclosure import quarter_of
from monitoring.factories import MonitoringRecordFactory
from monitoring.models import MonitoringRecord, Stage
from monitoring.services import respondent_for
from opportunities.models import (
    ExpressionOfInterest,
    InterestStatus,
    OpportunityPage,
    OrganisationMembership,
)
from opportunities.services import interest_record_past

EXTRA_INTEREST_PER_MEMBER = 12
# Enough earlier applicants that released quarters show figures, for the demo organisation too:
# Presence publishes nothing about fewer than 10 people.
EARLIER_APPLICANTS = 60
ROLES_EACH = 5
DEMO_ORGANISATION_SHARE = 0.4
ANSWER_RATE = 0.8
# Invented proportions: each answer's weight out of its question's total.
CONTENT = json.loads((Path(__file__).parent / "demo_data" / "content.json").read_text())
WEIGHTS = CONTENT["answer_weights"]
MESSAGES = CONTENT["messages"]


def _pick(rng, name):
    return rng.choices(list(WEIGHTS[name]), list(WEIGHTS[name].values()))[0]


def _answers(rng):
    answers = {name: _pick(rng, name) for name in WEIGHTS}
    group = answers["ethnic_group"]
    answers["ethnicity"] = rng.choice(q.ETHNICITIES[group])[0] if group in q.ETHNICITIES else ""
    if answers["disability_condition"] != "yes":
        answers["disability_impact"] = ""
    return answers


def _more_interest(rng, members):
    """Some earlier expressions of interest, so there are two quarters to compare."""
    open_roles = list(OpportunityPage.objects.live().filter(closed_at__isnull=True))
    statuses = [InterestStatus.SUBMITTED, InterestStatus.ACKNOWLEDGED, InterestStatus.SELECTED,
                InterestStatus.NOT_SELECTED]  # fmt: skip
    for member in members:
        taken = set(member.expressions_of_interest.values_list("opportunity_id", flat=True))
        added = 0
        for opportunity in rng.sample(open_roles, min(len(open_roles), 30)):
            if added == EXTRA_INTEREST_PER_MEMBER or opportunity.pk in taken:
                continue
            added += 1
            created_at = timezone.now() - timedelta(days=rng.randint(20, 150))
            interest_record_past(
                member=member,
                opportunity=opportunity,
                status=rng.choice(statuses),
                organiser=None,
                created_at=created_at,
                decided_at=created_at + timedelta(days=rng.randint(2, 15)),
                message=MESSAGES["more_interest"],
            )
            taken.add(opportunity.pk)


def _earlier_applicants(rng):
    """People (who cannot sign in) who applied over the last three quarters, often to the demo
    organisation's roles, so its released Presence figures are not all hidden."""
    open_roles = list(OpportunityPage.objects.live())
    membership = OrganisationMembership.objects.filter(
        user__email=demo_value("organisation_email")
    ).first()
    own = [
        role for role in open_roles
        if membership and role.path.startswith(membership.organisation.path)
    ] or open_roles  # fmt: skip
    statuses = [InterestStatus.SELECTED, InterestStatus.NOT_SELECTED]
    User = get_user_model()
    for number in range(1, EARLIER_APPLICANTS + 1):
        person = User.objects.create_user(
            f"applicant-{number}@example.org", display_name=f"Applicant {number} (demo)"
        )
        roles = {rng.choice(own if rng.random() < DEMO_ORGANISATION_SHARE else open_roles)
                 for _ in range(ROLES_EACH)}  # fmt: skip
        for opportunity in roles:
            created_at = timezone.now() - timedelta(days=rng.randint(35, 300))
            interest_record_past(
                member=person,
                opportunity=opportunity,
                status=rng.choice(statuses),
                organiser=None,
                created_at=created_at,
                decided_at=created_at + timedelta(days=rng.randint(3, 20)),
                message=MESSAGES["earlier_applicants"],
            )


def build_monitoring_records(context):
    if MonitoringRecord.objects.exists():
        return
    rng = random.Random(context.seed + 5)
    members = {e.member for e in ExpressionOfInterest.objects.select_related("member") if e.member}
    _more_interest(rng, sorted(members, key=lambda member: member.pk))
    _earlier_applicants(rng)
    made = 0
    expressions = ExpressionOfInterest.objects.filter(monitoring_token="").select_related(
        "opportunity"
    )
    for expression in expressions:
        if rng.random() > ANSWER_RATE:
            continue
        opportunity = expression.opportunity
        answered = timezone.localdate(expression.created_at)
        respondent, record_key = respondent_for(expression.member)
        record = MonitoringRecordFactory(
            respondent=respondent,
            record_key=record_key,
            opportunity=opportunity,
            quarter=quarter_of(answered),
            stage=Stage.INVOLVED if expression.status == InterestStatus.SELECTED else Stage.APPLIED,
            recorded_month=answered.replace(day=1),
            **_answers(rng),
        )
        ExpressionOfInterest.objects.filter(pk=expression.pk).update(monitoring_token=record.token)
        made += 1
    context.report.append(f"{made} sets of (invented) answers to the questions about you")
